from fastapi import APIRouter

from app.crud.teams import list_teams
from app.deps import SessionDep
from app.models.hero import TeamPublicWithHeroes

router = APIRouter(prefix="/teams", tags=["teams"])


@router.get("/", response_model=list[TeamPublicWithHeroes])
def read_teams(session: SessionDep, limit: int = 50):
    teams = list_teams(session, limit=limit)
    return [TeamPublicWithHeroes.model_validate(team) for team in teams]  # expect: ORM101


@router.get("/sizes")
def team_sizes(session: SessionDep) -> dict[str, int]:
    return {team.name: len(team.heroes) for team in list_teams(session)}  # expect: ORM101
