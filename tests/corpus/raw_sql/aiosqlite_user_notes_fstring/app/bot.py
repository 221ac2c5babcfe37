from app.store import add_note, notes_for


async def on_message(user_id: str, text: str) -> str:
    if text.startswith("/note "):
        await add_note(user_id, text.removeprefix("/note "))
        return "saved"
    return "\n".join(body for _, body in await notes_for(user_id))
