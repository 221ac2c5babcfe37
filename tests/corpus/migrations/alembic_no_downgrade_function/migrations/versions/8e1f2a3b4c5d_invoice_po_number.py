"""invoice po number

Revision ID: 8e1f2a3b4c5d
Revises: 7d0e1f2a3b4c
"""
import sqlalchemy as sa
from alembic import op

revision = "8e1f2a3b4c5d"
down_revision = "7d0e1f2a3b4c"
branch_labels = None
depends_on = None


def upgrade() -> None:  # expect: ORM601
    op.add_column("invoices", sa.Column("po_number", sa.String(40), nullable=True))
