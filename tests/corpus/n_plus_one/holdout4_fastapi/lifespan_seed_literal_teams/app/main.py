from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlmodel import Session, select

from app.db import engine
from app.models.team import Team
from app.routers import heroes


@asynccontextmanager
async def lifespan(app: FastAPI):
    with Session(engine) as session:
        for name, hq in (("Preventers", "Sharp Tower"), ("Z-Force", "Sister Margaret's Bar")):
            existing = session.exec(select(Team).where(Team.name == name)).first()
            if existing is None:
                session.add(Team(name=name, headquarters=hq))
        session.commit()
    yield


app = FastAPI(lifespan=lifespan)
app.include_router(heroes.router)
