from django.db import connection


def fetch_all(sql, params=None):
    """Run a read-only query on the default database and return dict rows."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [col[0] for col in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]
