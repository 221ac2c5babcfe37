from fastapi import APIRouter
from tortoise import connections

router = APIRouter()


@router.get("/tickets/by-assignee")
async def tickets_by_assignee(assignee: str):
    conn = connections.get("default")
    _, rows = await conn.execute_query(f"SELECT id, subject FROM ticket WHERE assignee = '{assignee}'")  # expect: ORM201
    return rows


@router.get("/tickets/open")
async def open_tickets():
    conn = connections.get("default")
    return await conn.execute_query_dict("SELECT id, subject FROM ticket WHERE assignee IS NULL")
