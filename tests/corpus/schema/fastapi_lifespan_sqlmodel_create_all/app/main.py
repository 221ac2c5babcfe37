import os
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlmodel import SQLModel, create_engine

from app import models  # noqa: F401

engine = create_engine(os.environ["DATABASE_URL"])


@asynccontextmanager
async def lifespan(app: FastAPI):
    SQLModel.metadata.create_all(engine)  # expect: ORM502
    yield


app = FastAPI(lifespan=lifespan)
