def tags_for(conn, ids):
    marks = ",".join("?" for _ in ids)
    return conn.execute(f"SELECT id, name FROM tags WHERE id IN ({marks})", tuple(ids)).fetchall()
