from fastapi import Depends, FastAPI
from sqlmodel import Session, select

from heroes.db import get_session
from heroes.models import Hero, Team

app = FastAPI()


@app.get("/heroes")
def read_heroes(session: Session = Depends(get_session)) -> list[dict]:
    heroes = session.exec(select(Hero)).all()
    return [{"name": h.name, "team": h.team.name if h.team else None} for h in heroes]


@app.get("/teams")
def read_teams(session: Session = Depends(get_session)) -> list[dict]:
    out = []
    for team in session.exec(select(Team)).all():
        out.append({"team": team.name, "members": [h.name for h in team.heroes]})
    return out
