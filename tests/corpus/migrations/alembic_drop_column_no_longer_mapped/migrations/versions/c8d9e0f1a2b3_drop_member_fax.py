"""drop members.fax (the model maps fax_number_v2 since the previous release)

Revision ID: c8d9e0f1a2b3
Revises: b7c8d9e0f1a2
"""
import sqlalchemy as sa
from alembic import op

revision = "c8d9e0f1a2b3"
down_revision = "b7c8d9e0f1a2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_column("members", "fax")
    op.drop_column("members", "phone")


def downgrade() -> None:
    op.add_column("members", sa.Column("phone", sa.String(30), nullable=True))
    op.add_column("members", sa.Column("fax", sa.String(30), nullable=True))
