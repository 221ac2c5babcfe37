from fastapi import APIRouter

from app.deps import SessionDep
from app.models import Author

router = APIRouter(prefix="/authors")


@router.post("/", status_code=201)
async def create_author(name: str, email: str, db: SessionDep):
    author = Author(name=name, email=email)
    db.add(author)
    await db.commit()
    return {"id": author.id, "name": author.name, "email": author.email}


@router.patch("/{author_id}")
async def rename_author(author_id: int, name: str, db: SessionDep):
    author = await db.get(Author, author_id)
    author.name = name
    await db.commit()
    return {"id": author.id, "name": author.name}
