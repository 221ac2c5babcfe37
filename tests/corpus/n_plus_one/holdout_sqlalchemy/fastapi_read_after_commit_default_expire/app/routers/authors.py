from fastapi import APIRouter
from pydantic import BaseModel, EmailStr

from app.deps import SessionDep
from app.models import Author

router = APIRouter(prefix="/authors")


class AuthorIn(BaseModel):
    name: str
    email: EmailStr


@router.post("/", status_code=201)
async def create_author(payload: AuthorIn, db: SessionDep):
    author = Author(name=payload.name, email=payload.email)
    db.add(author)
    await db.commit()
    return {"id": author.id, "name": payload.name}  # expect: ORM103


@router.patch("/{author_id}")
async def rename_author(author_id: int, name: str, db: SessionDep):
    author = await db.get(Author, author_id)
    author.name = name
    await db.flush()
    new_name = author.name
    await db.commit()
    return {"id": author_id, "name": new_name}
