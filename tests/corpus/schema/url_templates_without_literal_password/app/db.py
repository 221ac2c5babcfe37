from sqlalchemy import create_engine

from app.config import READONLY_URL, from_env

engine = create_engine(from_env().url)
readonly_engine = create_engine(READONLY_URL)
