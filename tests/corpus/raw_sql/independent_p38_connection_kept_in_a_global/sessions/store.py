from .db import get_conn


def revoke_sessions(user_id):
    conn = get_conn()
    with conn:
        conn.execute("DELETE FROM sessions WHERE user_id = " + str(user_id))  # expect: ORM201
