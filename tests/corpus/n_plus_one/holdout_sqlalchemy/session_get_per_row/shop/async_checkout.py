from sqlalchemy.ext.asyncio import AsyncSession

from catalog.models import Product


async def reserve(sess: AsyncSession, wanted: dict[int, int]) -> list[str]:
    missing = []
    for product_id, qty in wanted.items():
        if (product := await sess.get(Product, product_id)) is None:  # expect: ORM102
            missing.append(str(product_id))
        elif product.stock < qty:
            missing.append(product.sku)
    return missing
