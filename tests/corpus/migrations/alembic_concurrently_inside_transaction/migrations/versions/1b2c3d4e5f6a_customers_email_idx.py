"""index customers by email

Revision ID: 1b2c3d4e5f6a
Revises: 0a1b2c3d4e5f
"""
from alembic import op

revision = "1b2c3d4e5f6a"
down_revision = "0a1b2c3d4e5f"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Alembic runs each revision in a transaction: PostgreSQL refuses CONCURRENTLY there.
    op.create_index("ix_customers_email", "customers", ["email"], postgresql_concurrently=True)  # expect: ORM603


def downgrade() -> None:
    op.drop_index("ix_customers_email", table_name="customers")
