from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import backref, declarative_base, relationship

Base = declarative_base()


class Photographer(Base):
    __tablename__ = "photographers"
    id = Column(Integer, primary_key=True)
    name = Column(String(100))


class Photo(Base):
    __tablename__ = "photos"
    id = Column(Integer, primary_key=True)
    photographer_id = Column(ForeignKey("photographers.id"), nullable=False)
    caption = Column(String(200))
    photographer = relationship(Photographer, backref=backref("photos", lazy="joined"))
