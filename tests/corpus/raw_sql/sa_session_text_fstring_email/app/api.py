from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app.deps import get_session
from app.services import deactivate_by_email

router = APIRouter()


@router.post("/users/deactivate")
def deactivate(email: str, session: Session = Depends(get_session)):
    return {"updated": deactivate_by_email(session, email)}
