from pydantic import BaseModel
from tortoise.transactions import in_transaction

from shop.models import Customer, Order, Product


class CartLine(BaseModel):
    sku: str
    quantity: int


async def checkout(customer_email: str, lines: list[CartLine]) -> Order:
    customer = await Customer.get(email=customer_email)
    total = 0
    async with in_transaction():
        for line in lines:
            product = await Product.get(sku=line.sku)  # expect: ORM102
            total += product.price_cents * line.quantity
        return await Order.create(customer=customer, total_cents=total)


async def known_customers(emails: list[str]) -> list[Customer]:
    result = []
    for email in emails:
        customer = await Customer.get_or_none(email=email)  # expect: ORM102
        if customer:
            result.append(customer)
    return result
