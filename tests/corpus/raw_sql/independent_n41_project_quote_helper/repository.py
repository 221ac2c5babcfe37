from sqlutil import quote_literal


def grant_lookup(cursor, role_name):
    cursor.execute(f"SELECT rolname FROM pg_roles WHERE rolname = {quote_literal(role_name)}")
    return cursor.fetchone()
