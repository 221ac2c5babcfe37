from django.db import connection

from accounts.sql import ACTIVE_FILTER, USER_COLUMNS, USER_TABLE

BASE_QUERY = f"SELECT {USER_COLUMNS} FROM {USER_TABLE}"


def active_users():
    with connection.cursor() as cursor:
        cursor.execute(f"{BASE_QUERY} WHERE {ACTIVE_FILTER} ORDER BY date_joined")
        return cursor.fetchall()


def user_by_email(email: str):
    with connection.cursor() as cursor:
        cursor.execute(BASE_QUERY + " WHERE email = %s", [email])
        return cursor.fetchone()
