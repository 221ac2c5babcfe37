def fetch_users(conn, ids):
    if not ids:
        return []
    placeholders = ", ".join(["%s"] * len(ids))
    with conn.cursor() as cur:
        cur.execute(f"SELECT id, name FROM users WHERE id IN ({placeholders})", ids)
        return cur.fetchall()
