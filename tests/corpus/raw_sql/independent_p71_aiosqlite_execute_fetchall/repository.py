import aiosqlite


class Store:
    def __init__(self, path):
        self.path = path

    async def items_by_owner(self, owner: str):
        async with aiosqlite.connect(self.path) as db:
            return await db.execute_fetchall(f"SELECT id, name FROM items WHERE owner = '{owner}'")  # expect: ORM201
