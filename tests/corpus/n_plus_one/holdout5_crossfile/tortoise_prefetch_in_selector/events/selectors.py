from tortoise.query_utils import Prefetch

from .models import Event, Team


async def upcoming_with_relations():
    return await Event.all().prefetch_related(
        "venue", Prefetch("participants", queryset=Team.all().order_by("name"))
    )
