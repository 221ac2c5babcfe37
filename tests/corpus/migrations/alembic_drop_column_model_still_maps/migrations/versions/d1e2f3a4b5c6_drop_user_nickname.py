"""drop user nickname

Revision ID: d1e2f3a4b5c6
Revises: c0d1e2f3a4b5
"""
import sqlalchemy as sa
from alembic import op

revision = "d1e2f3a4b5c6"
down_revision = "c0d1e2f3a4b5"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_column("users", "nickname")  # expect: ORM604


def downgrade() -> None:
    op.add_column("users", sa.Column("nickname", sa.String(40), nullable=True))
