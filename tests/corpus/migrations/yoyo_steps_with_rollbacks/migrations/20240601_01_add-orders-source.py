"""
Add an order source column and a lookup table
"""

from yoyo import step

__depends__ = {"20240512_01_add-user-timezone"}

steps = [
    step("ALTER TABLE orders ADD COLUMN source TEXT", "ALTER TABLE orders DROP COLUMN source"),
    step(
        "CREATE TABLE order_sources (name TEXT PRIMARY KEY)",
        "DROP TABLE order_sources",
    ),
]
