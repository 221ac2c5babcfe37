import asyncpg


async def init_pool(app):
    app["pool"] = await asyncpg.create_pool(dsn="postgresql://api@db/api")
    yield
    await app["pool"].close()
