"""
Add a timezone to users and an index on orders
"""

from yoyo import step

__depends__ = {"20240401_01_initial"}

steps = [
    step("ALTER TABLE users ADD COLUMN timezone TEXT"),  # expect: ORM601
    step("CREATE TABLE user_prefs (user_id INT PRIMARY KEY, prefs JSONB)", "DROP TABLE user_prefs"),
]
