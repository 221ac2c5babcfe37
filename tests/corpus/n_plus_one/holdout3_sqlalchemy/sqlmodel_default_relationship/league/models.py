from typing import Optional

from sqlmodel import Field, Relationship, SQLModel


class Club(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    players: list["Player"] = Relationship(back_populates="club")


class Player(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    goals: int = 0
    club_id: Optional[int] = Field(default=None, foreign_key="club.id")
    club: Optional[Club] = Relationship(back_populates="players")
