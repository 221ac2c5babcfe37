from sqlalchemy import Column, Float, Integer, MetaData, String, Table
from sqlalchemy.orm import declarative_base

Base = declarative_base()
metadata = MetaData()


class Customer(Base):
    __tablename__ = "customers"

    id = Column(Integer, primary_key=True)
    name = Column(String(120), nullable=False)
    lifetime_value = Column(Float)  # expect: ORM501
    churn_score = Column(Float)


campaigns = Table(
    "campaigns",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(80)),
    Column("budget", Float(asdecimal=False), nullable=False),  # expect: ORM501
    Column("click_through_rate", Float),
)
