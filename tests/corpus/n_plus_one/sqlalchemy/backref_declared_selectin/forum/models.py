from sqlalchemy import Column, ForeignKey, Integer, String, Text
from sqlalchemy.orm import backref, declarative_base, relationship

Base = declarative_base()


class Member(Base):
    __tablename__ = "members"

    id = Column(Integer, primary_key=True)
    handle = Column(String(50), nullable=False)


class Thread(Base):
    __tablename__ = "threads"

    id = Column(Integer, primary_key=True)
    subject = Column(String(200), nullable=False)
    body = Column(Text)
    starter_id = Column(Integer, ForeignKey("members.id"), nullable=False)
    starter = relationship("Member", backref=backref("threads", lazy="selectin"), lazy="joined")
