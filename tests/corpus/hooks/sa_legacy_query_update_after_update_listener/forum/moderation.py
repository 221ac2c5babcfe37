from forum.models import Thread


def lock_threads(session, thread_ids):
    session.query(Thread).filter(Thread.id.in_(thread_ids)).update({Thread.locked: True}, synchronize_session=False)  # expect: ORM401
    session.commit()
