"""team slack channel

Revision ID: c2d3e4f5a6b7
Revises: b1c2d3e4f5a6
"""
import sqlalchemy as sa
from alembic import context, op

revision = "c2d3e4f5a6b7"
down_revision = "b1c2d3e4f5a6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if context.is_offline_mode():
        return
    bind = op.get_bind()
    if "slack_channel" in {c["name"] for c in sa.inspect(bind).get_columns("teams")}:
        return
    op.add_column("teams", sa.Column("slack_channel", sa.String(80), nullable=True))


def downgrade() -> None:
    op.drop_column("teams", "slack_channel")
