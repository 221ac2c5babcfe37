from fastapi import APIRouter, Depends
from sqlmodel import Session

from .crud import list_heroes
from .deps import get_db

router = APIRouter()


@router.get("/heroes")
def heroes(db: Session = Depends(get_db)):
    return [
        {"hero": h.name, "team": h.team.name if h.team_id else None}  # expect: ORM101
        for h in list_heroes(db)
    ]
