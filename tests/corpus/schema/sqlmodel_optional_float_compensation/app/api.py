from fastapi import APIRouter, Depends
from sqlmodel import Session, select

from app.db import get_session
from app.models import Employee

router = APIRouter()


@router.get("/employees", response_model=list[Employee])
def employees(session: Session = Depends(get_session)):
    return session.exec(select(Employee)).all()
