"""monthly partitions for events

Revision ID: 7e8f9a0b1c2d
Revises: 6d7e8f9a0b1c
"""
from alembic import op

revision = "7e8f9a0b1c2d"
down_revision = "6d7e8f9a0b1c"
branch_labels = None
depends_on = None

MONTHS = ["2024_01", "2024_02", "2024_03"]


def upgrade() -> None:
    for month in MONTHS:
        year, mm = month.split("_")
        op.execute(f"CREATE TABLE events_{month} PARTITION OF events FOR VALUES FROM ('{year}-{mm}-01') TO ('{year}-{mm}-01'::date + interval '1 month')")


def downgrade() -> None:
    for month in MONTHS:
        op.execute(f"DROP TABLE events_{month}")
