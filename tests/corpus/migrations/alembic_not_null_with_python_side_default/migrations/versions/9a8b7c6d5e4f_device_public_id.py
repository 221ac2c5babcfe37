"""device public id and platform

Revision ID: 9a8b7c6d5e4f
Revises: 8b7c6d5e4f3a
"""
import sqlalchemy as sa
from alembic import op

revision = "9a8b7c6d5e4f"
down_revision = "8b7c6d5e4f3a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # default= is applied by SQLAlchemy on INSERT only; existing rows get no value.
    op.add_column("devices", sa.Column("platform", sa.String(20), nullable=False, default="unknown"))  # expect: ORM602


def downgrade() -> None:
    op.drop_column("devices", "platform")
