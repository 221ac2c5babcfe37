from django.db import connections


class ReportService:
    def __init__(self, alias="analytics"):
        self.alias = alias

    def _cursor(self):
        return connections[self.alias].cursor()

    def top_products(self, country):
        cursor = self._cursor()
        cursor.execute(f"SELECT product_id, COUNT(*) FROM events WHERE country = '{country}' GROUP BY 1")  # expect: ORM201
        return cursor.fetchall()
