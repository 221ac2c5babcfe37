"""add user locale

Revision ID: 2b7c9d1e3f40
Revises: 1a6b8c0d2e3f
"""
import sqlalchemy as sa
from alembic import op

revision = "2b7c9d1e3f40"
down_revision = "1a6b8c0d2e3f"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("locale", sa.String(10), nullable=True))


def downgrade() -> None:  # expect: ORM601
    pass
