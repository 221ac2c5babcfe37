"""create shipments

Revision ID: d3e4f5a6b7c8
Revises: c2d3e4f5a6b7
"""
import sqlalchemy as sa
from alembic import op

revision = "d3e4f5a6b7c8"
down_revision = "c2d3e4f5a6b7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shipments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("order_id", sa.Integer, sa.ForeignKey("orders.id"), nullable=False),
        sa.Column("carrier", sa.String(40), nullable=False),
        sa.Column("shipped_at", sa.DateTime, nullable=False),
    )
    op.add_column("shipments", sa.Column("tracking", sa.String(60), nullable=False))
    op.create_index("ix_shipments_order_id", "shipments", ["order_id"])
    op.create_index("ix_shipments_tracking", "shipments", ["tracking"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_shipments_tracking", table_name="shipments")
    op.drop_index("ix_shipments_order_id", table_name="shipments")
    op.drop_table("shipments")
