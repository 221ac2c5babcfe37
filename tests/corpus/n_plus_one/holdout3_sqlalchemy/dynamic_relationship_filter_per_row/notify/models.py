from sqlalchemy import Boolean, Column, ForeignKey, Integer, String
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class Member(Base):
    __tablename__ = "members"
    id = Column(Integer, primary_key=True)
    handle = Column(String(50))
    messages = relationship("Message", lazy="dynamic", back_populates="recipient")


class Message(Base):
    __tablename__ = "messages"
    id = Column(Integer, primary_key=True)
    recipient_id = Column(Integer, ForeignKey("members.id"))
    read = Column(Boolean, default=False)
    recipient = relationship(Member, back_populates="messages")
