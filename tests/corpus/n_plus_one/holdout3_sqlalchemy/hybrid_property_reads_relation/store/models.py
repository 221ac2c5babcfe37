from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, func, select
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class CartItem(Base):
    __tablename__ = "cart_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    cart_id: Mapped[int] = mapped_column(ForeignKey("carts.id"))
    qty: Mapped[int]
    unit_price: Mapped[Decimal] = mapped_column(Numeric(10, 2))


class Cart(Base):
    __tablename__ = "carts"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_key: Mapped[str]
    items: Mapped[list[CartItem]] = relationship()

    @hybrid_property
    def item_count(self) -> int:
        return sum(i.qty for i in self.items)

    @item_count.inplace.expression
    @classmethod
    def _item_count_expression(cls):
        return (
            select(func.coalesce(func.sum(CartItem.qty), 0))
            .where(CartItem.cart_id == cls.id)
            .scalar_subquery()
        )
