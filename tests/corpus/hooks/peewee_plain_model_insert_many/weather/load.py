from weather.models import Observation, db


def load(rows: list[dict]) -> None:
    with db.atomic():
        for start in range(0, len(rows), 500):
            Observation.insert_many(rows[start:start + 500]).on_conflict_ignore().execute()
    Observation.delete().where(Observation.celsius < -90).execute()
