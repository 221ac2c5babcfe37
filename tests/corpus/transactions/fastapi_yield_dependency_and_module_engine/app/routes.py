from fastapi import APIRouter, Depends
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from app.db import get_async_db, get_db

router = APIRouter()


@router.get("/health/db")
def db_health(db: Session = Depends(get_db)):
    return {"ok": db.execute(text("SELECT 1")).scalar() == 1}


@router.get("/health/async-db")
async def async_db_health(session: AsyncSession = Depends(get_async_db)):
    return {"ok": (await session.execute(text("SELECT 1"))).scalar() == 1}
