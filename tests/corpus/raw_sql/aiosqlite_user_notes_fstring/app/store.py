import aiosqlite

DB_PATH = "notes.db"


async def notes_for(user_id: str) -> list[tuple]:
    async with aiosqlite.connect(DB_PATH) as db:
        async with db.execute(f"SELECT id, body FROM notes WHERE user_id = '{user_id}'") as cursor:  # expect: ORM201
            return await cursor.fetchall()


async def add_note(user_id: str, body: str) -> None:
    async with aiosqlite.connect(DB_PATH) as db:
        await db.execute("INSERT INTO notes (user_id, body) VALUES (?, ?)", (user_id, body))
        await db.commit()
