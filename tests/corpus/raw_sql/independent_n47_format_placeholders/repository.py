def by_ids(cursor, ids):
    sql = "SELECT id, name FROM tags WHERE id IN ({})".format(", ".join(["%s"] * len(ids)))
    cursor.execute(sql, ids)
    return cursor.fetchall()
