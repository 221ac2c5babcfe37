from fastapi import APIRouter, Request

router = APIRouter()


@router.get("/users/{name}")
async def user(request: Request, name: str):
    async with request.app.state.pool.acquire() as conn:
        return await conn.fetchrow(f"SELECT id FROM users WHERE name = '{name}'")  # expect: ORM201


@router.get("/teams/{name}")
async def team(request: Request, name: str):
    pool = request.app.state.pool
    return await pool.fetchrow("SELECT id FROM teams WHERE name = $1", name)


@router.get("/settings/{key}")
async def setting(request: Request, key: str):
    return request.app.state.settings[f"{key}"]
