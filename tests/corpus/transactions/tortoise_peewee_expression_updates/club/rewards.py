from tortoise.expressions import F
from tortoise.transactions import in_transaction

from club.models import Member


async def award(member_id: int, points: int) -> None:
    await Member.filter(id=member_id).update(points=F("points") + points)


async def award_locked(member_id: int, points: int) -> int:
    async with in_transaction():
        member = await Member.filter(id=member_id).select_for_update().get()
        member.points += points
        await member.save(update_fields=["points"])
    return member.points
