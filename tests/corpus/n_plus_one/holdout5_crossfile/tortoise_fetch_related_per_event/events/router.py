from fastapi import APIRouter

from . import selectors as sel

router = APIRouter()


@router.get("/events")
async def list_events():
    out = []
    for ev in await sel.upcoming():
        await ev.fetch_related("venue")  # expect: ORM101
        teams = await ev.participants.all()  # expect: ORM101
        out.append({"title": ev.title, "venue": ev.venue.name, "teams": [t.name for t in teams]})
    return out
