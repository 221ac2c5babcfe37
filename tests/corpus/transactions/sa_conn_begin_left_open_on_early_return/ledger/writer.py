from sqlalchemy import Column, Integer, MetaData, Numeric, String, Table, insert
from sqlalchemy.engine import Engine

metadata = MetaData()
postings = Table(
    "postings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account", String(34), nullable=False),
    Column("amount", Numeric(14, 2), nullable=False),
)


class PostingWriter:
    """Keeps one connection open for the life of the worker process."""

    def __init__(self, engine: Engine):
        self.conn = engine.connect()

    def post_batch(self, entries: list[dict]) -> bool:
        trans = self.conn.begin()  # expect: ORM301
        for entry in entries:
            if entry["amount"] == 0:
                return False
            self.conn.execute(insert(postings).values(account=entry["account"], amount=entry["amount"]))
        trans.commit()
        return True

    def close(self) -> None:
        self.conn.close()
