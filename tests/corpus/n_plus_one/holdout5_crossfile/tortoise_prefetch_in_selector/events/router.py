from fastapi import APIRouter

from .selectors import upcoming_with_relations

router = APIRouter()


@router.get("/events/full")
async def list_full():
    return [
        {
            "title": ev.title,
            "venue_id": ev.venue_id,
            "venue": ev.venue.name,
            "teams": [t.name for t in ev.participants],
        }
        for ev in await upcoming_with_relations()
    ]
