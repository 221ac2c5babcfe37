from sqlalchemy import text
from sqlalchemy.orm import Session

EDITABLE_COLUMNS = ("display_name", "bio", "timezone")


def update_profile(session: Session, user_id: int, changes: dict[str, str]) -> None:
    columns = [col for col in EDITABLE_COLUMNS if col in changes]
    if not columns:
        return
    set_clause = ", ".join(f"{col} = :{col}" for col in columns)
    params = {col: changes[col] for col in columns}
    session.execute(text(f"UPDATE profiles SET {set_clause} WHERE user_id = :user_id"), {**params, "user_id": user_id})


def profile_by_handle(session: Session, handle: str):
    stmt = text("SELECT * FROM profiles WHERE handle = :handle").bindparams(handle=handle)
    return session.execute(stmt).mappings().first()
