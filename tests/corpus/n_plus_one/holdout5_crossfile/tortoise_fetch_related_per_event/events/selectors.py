from .models import Event as E


async def upcoming(limit: int = 50) -> list[E]:
    return await E.all().order_by("created_at").limit(limit)
