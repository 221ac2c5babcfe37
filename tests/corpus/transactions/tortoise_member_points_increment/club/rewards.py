from club.models import Member


async def award(member_id: int, points: int) -> int:
    member = await Member.get(id=member_id)
    member.points += points  # expect: ORM304
    await member.save(update_fields=["points"])
    return member.points
