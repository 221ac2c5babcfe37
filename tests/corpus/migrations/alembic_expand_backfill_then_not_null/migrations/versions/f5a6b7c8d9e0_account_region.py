"""account region

Revision ID: f5a6b7c8d9e0
Revises: e4f5a6b7c8d9
"""
import sqlalchemy as sa
from alembic import op

revision = "f5a6b7c8d9e0"
down_revision = "e4f5a6b7c8d9"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("accounts", sa.Column("region", sa.String(8), nullable=True))
    op.execute("UPDATE accounts SET region = 'eu' WHERE region IS NULL")
    op.alter_column("accounts", "region", existing_type=sa.String(8), nullable=False)


def downgrade() -> None:
    op.drop_column("accounts", "region")
