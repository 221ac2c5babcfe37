from sqlalchemy import text
from sqlalchemy.engine import Engine


def load_batch(engine: Engine, rows: list[dict]) -> None:
    with engine.connect() as conn:
        trans = conn.begin()
        try:
            conn.execute(text("INSERT INTO staging (k, v) VALUES (:k, :v)"), rows)
            conn.execute(text("INSERT INTO facts SELECT * FROM staging"))
            trans.commit()
        except Exception:
            trans.rollback()
            raise


def load_with_block(engine: Engine, rows: list[dict]) -> None:
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO staging (k, v) VALUES (:k, :v)"), rows)
