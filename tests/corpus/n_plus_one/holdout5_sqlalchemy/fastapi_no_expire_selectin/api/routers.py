from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from api.database import DbSession
from api.models import Project, Task

router = APIRouter()


class TaskIn(BaseModel):
    title: str
    project_id: int


@router.get("/projects")
async def projects(db: DbSession) -> list[dict]:
    result = await db.scalars(select(Project).order_by(Project.name))
    return [
        {"name": p.name, "open": sum(not t.done for t in p.tasks)}
        for p in result
    ]


@router.get("/tasks")
async def tasks(db: DbSession) -> list[dict]:
    rows = (await db.execute(select(Task).options(joinedload(Task.project)))).scalars().all()
    return [{"title": t.title, "project": t.project.name} for t in rows]


@router.post("/tasks")
async def create_task(payload: TaskIn, db: DbSession) -> dict:
    task = Task(title=payload.title, project_id=payload.project_id)
    db.add(task)
    await db.commit()
    return {"id": task.id, "title": task.title, "project_id": task.project_id}
