"""product archived flag

Revision ID: c4d5e6f7a8b9
Revises: b3c4d5e6f7a8
"""
import sqlalchemy as sa
from alembic import op

revision = "c4d5e6f7a8b9"
down_revision = "b3c4d5e6f7a8"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("products", sa.Column("archived", sa.Boolean(), nullable=True))
    op.create_table(
        "product_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("product_id", sa.Integer, sa.ForeignKey("products.id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
    )


def downgrade() -> None:  # expect: ORM601
    raise NotImplementedError("downgrade not supported")
