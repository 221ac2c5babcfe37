import asyncio
import os

from tortoise import Tortoise


async def main() -> None:
    await Tortoise.init(db_url=os.environ["DATABASE_URL"], modules={"models": ["app.models"]})
    try:
        await Tortoise.generate_schemas(safe=True)
    finally:
        await Tortoise.close_connections()


if __name__ == "__main__":
    asyncio.run(main())
