"""index events by customer

Revision ID: 0d1e2f3a4b5c
Revises: fc0d1e2f3a4b
"""
from alembic import op

revision = "0d1e2f3a4b5c"
down_revision = "fc0d1e2f3a4b"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_events_customer_id", "events", ["customer_id"])  # expect: ORM603


def downgrade() -> None:
    op.drop_index("ix_events_customer_id", table_name="events")
