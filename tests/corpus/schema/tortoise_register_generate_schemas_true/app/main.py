import os

from fastapi import FastAPI
from tortoise.contrib.fastapi import register_tortoise

app = FastAPI()

register_tortoise(app, db_url=os.environ["DATABASE_URL"], modules={"models": ["app.models"]}, generate_schemas=True)  # expect: ORM502
