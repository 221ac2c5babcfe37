import asyncpg


async def connect():
    return await asyncpg.connect(host="10.20.0.15", user="reports", password="rep-Pg-55", database="warehouse")  # expect: ORM503
