from fastapi import APIRouter, status

from app.crud.heroes import HeroImport, import_heroes
from app.deps import SessionDep

router = APIRouter(prefix="/admin")


@router.post("/heroes/import", status_code=status.HTTP_201_CREATED)
def import_endpoint(rows: list[HeroImport], session: SessionDep) -> dict[str, int]:
    return {"created": import_heroes(session, rows)}
