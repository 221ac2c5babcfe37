from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import get_session
from app.models import User

router = APIRouter()


class SignupIn(BaseModel):
    email: str
    name: str


@router.post("/signup", status_code=201)
async def signup(body: SignupIn, session: AsyncSession = Depends(get_session)):
    user = User(email=body.email, name=body.name)
    session.add(user)
    await session.commit()
    return {"id": user.id}  # expect: ORM103
