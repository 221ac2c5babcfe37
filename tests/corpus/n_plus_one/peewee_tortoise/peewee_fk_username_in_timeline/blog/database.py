import os

from peewee import SqliteDatabase

db = SqliteDatabase(os.environ.get("BLOG_DB", "blog.db"), pragmas={"journal_mode": "wal"})
