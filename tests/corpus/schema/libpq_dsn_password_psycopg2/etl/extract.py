import psycopg2

SOURCE_DSN = "host=replica.analytics.example.com port=5432 dbname=shop user=etl password=etl-7Hq2x sslmode=require"  # expect: ORM503


def extract(query: str, params: tuple):
    with psycopg2.connect(SOURCE_DSN) as conn, conn.cursor() as cur:
        cur.execute(query, params)
        return cur.fetchall()
