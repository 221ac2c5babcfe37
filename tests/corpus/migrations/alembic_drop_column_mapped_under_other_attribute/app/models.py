from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Member(Base):
    __tablename__ = "members"

    id = Column(Integer, primary_key=True)
    display_name = Column("nick", String(40))
    legacy_name = Column("display_name_old", String(40))
