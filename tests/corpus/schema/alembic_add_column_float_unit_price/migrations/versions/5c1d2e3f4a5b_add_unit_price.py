"""add unit price

Revision ID: 5c1d2e3f4a5b
Revises: 0a1b2c3d4e5f
"""
import sqlalchemy as sa
from alembic import op

revision = "5c1d2e3f4a5b"
down_revision = "0a1b2c3d4e5f"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("products", sa.Column("unit_price", sa.Float(), nullable=True))  # expect: ORM501


def downgrade() -> None:
    op.drop_column("products", "unit_price")
