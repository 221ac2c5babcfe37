"""ticket priority, reopened, updated_at, assignee

Revision ID: e4f5a6b7c8d9
Revises: d3e4f5a6b7c8
"""
import sqlalchemy as sa
from alembic import op

revision = "e4f5a6b7c8d9"
down_revision = "d3e4f5a6b7c8"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("tickets", sa.Column("priority", sa.String(10), nullable=False, server_default="normal"))
    op.add_column("tickets", sa.Column("reopened", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("tickets", sa.Column("updated_at", sa.DateTime(), nullable=False, server_default=sa.func.now()))
    op.add_column("tickets", sa.Column("assignee", sa.String(80)))


def downgrade() -> None:
    op.drop_column("tickets", "assignee")
    op.drop_column("tickets", "updated_at")
    op.drop_column("tickets", "reopened")
    op.drop_column("tickets", "priority")
