from aiohttp import web


async def user_orders(request: web.Request) -> web.Response:
    user_id = request.match_info["user_id"]
    pool = request.app["pool"]
    async with pool.acquire() as conn:
        rows = await conn.fetch(f"SELECT id, total FROM orders WHERE user_id = {user_id}")  # expect: ORM201
    return web.json_response([dict(r) for r in rows])
