from sqlalchemy.orm import Session


def purge_user_events(session: Session, user_key: str) -> None:
    conn = session.connection()
    conn.exec_driver_sql(f"DELETE FROM events WHERE user_key = '{user_key}'")  # expect: ORM201
    session.commit()


def purge_old_events(session: Session, days: int) -> None:
    session.connection().exec_driver_sql("DELETE FROM events WHERE created_at < now() - make_interval(days => %(days)s)", {"days": days})
    session.commit()
