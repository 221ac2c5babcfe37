"""order channel

Revision ID: 4f5a6b7c8d9e
Revises: 3e4f5a6b7c8d
"""
import sqlalchemy as sa
from alembic import op

revision = "4f5a6b7c8d9e"
down_revision = "3e4f5a6b7c8d"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("orders", sa.Column("channel", sa.String(20), nullable=False))  # expect: ORM602


def downgrade() -> None:
    op.drop_column("orders", "channel")
