from sqlalchemy.ext.asyncio import AsyncSession

from notes.db import Session
from notes.models import Note, Notebook


async def notebook_summary(session: AsyncSession, notebook_id: int) -> dict:
    nb = await session.get(Notebook, notebook_id)
    notes = await nb.awaitable_attrs.notes
    return {"title": nb.title, "count": len(notes)}


async def rename(notebook_id: int, title: str) -> dict:
    async with Session() as session:
        nb = await session.get(Notebook, notebook_id)
        nb.title = title
        await session.commit()
        await session.refresh(nb, attribute_names=["title", "notes"])
        return {"id": nb.id, "title": nb.title, "notes": [n.body for n in nb.notes]}


async def add_note(notebook_id: int, body: str) -> str:
    async with Session() as session:
        note = Note(body=body, notebook_id=notebook_id)
        session.add(note)
        await session.commit()
        await session.refresh(note)
        return f"{note.id}:{note.body}"
