from tortoise.signals import post_save

from app.models import AuditEntry, Order


@post_save(Order)
async def audit_order(sender, instance, created, using_db, update_fields) -> None:
    await AuditEntry.create(message=f"order {instance.id} saved")
