from collections import Counter

from fastapi import Depends, FastAPI
from sqlalchemy.orm import selectinload
from sqlmodel import Session, select

from heroes.db import engine
from heroes.models import Hero, Team

app = FastAPI()


def get_session():
    with Session(engine) as session:
        yield session


@app.get("/teams")
def read_teams(session: Session = Depends(get_session)):
    teams = session.exec(select(Team).options(selectinload(Team.heroes))).all()
    return [{"team": t.name, "heroes": [h.name for h in t.heroes]} for t in teams]


@app.get("/teams/sizes")
def team_sizes(session: Session = Depends(get_session)):
    heroes = session.exec(select(Hero)).all()
    return Counter(h.team_id for h in heroes if h.team_id is not None)
