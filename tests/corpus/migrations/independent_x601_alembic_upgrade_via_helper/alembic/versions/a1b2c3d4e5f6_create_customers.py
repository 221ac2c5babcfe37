"""create customers

Revision ID: a1b2c3d4e5f6
Revises:
Create Date: 2024-03-02 10:11:12
"""
import sqlalchemy as sa
from alembic import op

revision = "a1b2c3d4e5f6"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "customers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(255), nullable=False),
        sa.Column("name", sa.String(120), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("customers")
