from fastapi import APIRouter

from app.crud.reports import roster_report
from app.deps import SessionDep

router = APIRouter(prefix="/reports")


@router.get("/roster")
def roster(session: SessionDep):
    return {"rows": roster_report(session)}
