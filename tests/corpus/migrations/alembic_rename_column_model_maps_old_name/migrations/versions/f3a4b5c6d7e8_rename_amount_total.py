"""rename orders.amount to total

Revision ID: f3a4b5c6d7e8
Revises: e2f3a4b5c6d7
"""
from alembic import op

revision = "f3a4b5c6d7e8"
down_revision = "e2f3a4b5c6d7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column("orders", "amount", new_column_name="total")  # expect: ORM604


def downgrade() -> None:
    op.alter_column("orders", "total", new_column_name="amount")
