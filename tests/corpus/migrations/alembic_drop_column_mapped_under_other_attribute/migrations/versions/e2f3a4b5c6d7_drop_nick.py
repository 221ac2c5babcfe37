"""drop members.nick

Revision ID: e2f3a4b5c6d7
Revises: d1e2f3a4b5c6
"""
import sqlalchemy as sa
from alembic import op

revision = "e2f3a4b5c6d7"
down_revision = "d1e2f3a4b5c6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_column("members", "nick")  # expect: ORM604


def downgrade() -> None:
    op.add_column("members", sa.Column("nick", sa.String(40), nullable=True))
