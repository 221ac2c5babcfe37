from sqlalchemy import event
from sqlmodel import Field, SQLModel


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str
    name_key: str = Field(default="", index=True)


def set_name_key(mapper, connection, target: Hero) -> None:
    target.name_key = target.name.casefold()


event.listen(Hero, "before_insert", set_name_key)
