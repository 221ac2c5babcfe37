from django.db import connection


def search_contacts(city: str | None = None, company: str | None = None, limit: int = 50):
    conditions = ["deleted_at IS NULL"]
    if city:
        conditions.append(f"city = '{city}'")
    if company:
        conditions.append("company ILIKE '%%" + company + "%%'")
    sql = "SELECT id, name, email FROM crm_contact WHERE " + " AND ".join(conditions) + " LIMIT %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [limit])  # expect: ORM201
        return cursor.fetchall()
