"""uppercase country codes

Revision ID: a9b8c7d6e5f4
Revises: f9e8d7c6b5a4
"""
from alembic import op

revision = "a9b8c7d6e5f4"
down_revision = "f9e8d7c6b5a4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE countries SET code = upper(code) WHERE code <> upper(code)")


def downgrade() -> None:
    pass  # data clean-up only: the lower-case codes are not worth restoring
