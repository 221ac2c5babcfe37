import uuid

from django.db import connection


def claim_batch(size: int) -> str:
    batch_id = uuid.uuid4()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE jobs_job SET batch = '{batch_id}' WHERE id IN (SELECT id FROM jobs_job WHERE batch IS NULL LIMIT {int(size)} FOR UPDATE SKIP LOCKED)"
        )
    return str(batch_id)
