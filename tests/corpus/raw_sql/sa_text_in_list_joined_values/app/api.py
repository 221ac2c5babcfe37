from fastapi import APIRouter, Depends, Query
from sqlalchemy.engine import Connection

from app.db import get_conn
from app.reports import totals_for_countries

router = APIRouter()


@router.get("/totals")
def totals(countries: list[str] = Query(...), conn: Connection = Depends(get_conn)):
    return [{"country": c, "total": str(t)} for c, t in totals_for_countries(conn, countries)]
