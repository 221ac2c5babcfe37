from app.models import AuditEntry


async def record_many(messages: list[str]) -> None:
    await AuditEntry.bulk_create([AuditEntry(message=m) for m in messages])
    await AuditEntry.filter(message="").delete()
