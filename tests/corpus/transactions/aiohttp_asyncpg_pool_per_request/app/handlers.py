import os

import asyncpg
from aiohttp import web

routes = web.RouteTableDef()
DSN = os.environ["DATABASE_URL"]


@routes.get("/stations/{code}")
async def station(request: web.Request) -> web.Response:
    pool = await asyncpg.create_pool(DSN, min_size=1, max_size=5)  # expect: ORM305
    try:
        async with pool.acquire() as conn:
            row = await conn.fetchrow("SELECT code, name FROM stations WHERE code = $1", request.match_info["code"])
    finally:
        await pool.close()
    return web.json_response(dict(row) if row else {}, status=200 if row else 404)
