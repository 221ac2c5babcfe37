from fastapi import APIRouter, BackgroundTasks, HTTPException

from app.deps import SessionDep
from app.models.team import Team
from app.tasks import send_team_digest

router = APIRouter(prefix="/teams")


@router.post("/{team_id}/digest", status_code=202)
def queue_digest(team_id: int, session: SessionDep, background_tasks: BackgroundTasks):
    team = session.get(Team, team_id)
    if not team:
        raise HTTPException(status_code=404, detail="Team not found")
    hero_ids = [h.id for h in team.heroes]
    background_tasks.add_task(send_team_digest, team.name, hero_ids)
    return {"queued": len(hero_ids)}
