from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from app.models import Product


async def import_products(rows: list[dict]) -> int:
    created = 0
    async with in_transaction():
        for row in rows:
            try:
                await Product.create(sku=row["sku"], name=row["name"])
            except IntegrityError:  # expect: ORM302
                continue
            created += 1
    return created
