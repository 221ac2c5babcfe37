from core.db import fetch_all


def login_history(username: str):
    return fetch_all(f"SELECT ip, created_at FROM accounts_login WHERE username = '{username}' ORDER BY created_at DESC")  # expect: ORM201


def recent_logins(limit: int = 20):
    return fetch_all("SELECT username, ip FROM accounts_login ORDER BY created_at DESC LIMIT %s", [limit])
