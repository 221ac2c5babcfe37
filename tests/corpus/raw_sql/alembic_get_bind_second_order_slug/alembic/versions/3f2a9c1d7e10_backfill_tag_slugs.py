"""backfill tag slugs

Revision ID: 3f2a9c1d7e10
Revises: 9b1e0c4d2a55
Create Date: 2024-03-02 10:14:09
"""
import sqlalchemy as sa
from alembic import op

revision = "3f2a9c1d7e10"
down_revision = "9b1e0c4d2a55"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("tags", sa.Column("slug", sa.String(80), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, name FROM tags")).fetchall()
    for row in rows:
        slug = row.name.strip().lower().replace(" ", "-")
        conn.execute(sa.text(f"UPDATE tags SET slug = '{slug}' WHERE id = {row.id}"))  # expect: ORM201


def downgrade() -> None:
    op.drop_column("tags", "slug")
