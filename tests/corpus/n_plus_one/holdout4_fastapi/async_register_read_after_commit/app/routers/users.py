from fastapi import APIRouter, BackgroundTasks
from pydantic import BaseModel, EmailStr

from app.deps import AsyncSessionDep
from app.models.user import User
from app.schemas import UserOut
from app.services.mail import send_welcome

router = APIRouter(prefix="/users", tags=["users"])


class UserCreate(BaseModel):
    email: EmailStr
    username: str


@router.post("/", status_code=201, response_model=UserOut)
async def register(payload: UserCreate, db: AsyncSessionDep, tasks: BackgroundTasks) -> UserOut:
    user = User(email=payload.email.lower(), username=payload.username)
    db.add(user)
    await db.commit()
    tasks.add_task(send_welcome, payload.email)
    return UserOut(id=user.id, email=user.email, username=user.username)  # expect: ORM103
