import pymysql


def customers_named(conn: pymysql.connections.Connection, name: str):
    with conn.cursor() as cur:
        cur.execute(f"SELECT id, name FROM customers WHERE name = {conn.escape(name)}")
        return cur.fetchall()


def customers_in(conn: pymysql.connections.Connection, city: str):
    literal = conn.escape_string(city)
    with conn.cursor() as cur:
        cur.execute(f"SELECT id FROM customers WHERE city = '{literal}'")
        return cur.fetchall()
