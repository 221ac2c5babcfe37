from fastapi import APIRouter
from pydantic import BaseModel

from app.db import async_session
from app.models import User

router = APIRouter()


class SignupIn(BaseModel):
    email: str
    name: str


@router.post("/signup", status_code=201)
async def signup(body: SignupIn):
    async with async_session() as session:
        user = User(email=body.email, name=body.name)
        session.add(user)
        await session.commit()
    return {"id": user.id, "email": user.email, "name": user.name}
