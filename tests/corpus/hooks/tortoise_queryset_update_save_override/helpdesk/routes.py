from fastapi import APIRouter

from helpdesk.models import Ticket

router = APIRouter()


@router.post("/tickets/close-stale")
async def close_stale():
    closed = await Ticket.filter(status="waiting").update(status="closed")  # expect: ORM401
    return {"closed": closed}
