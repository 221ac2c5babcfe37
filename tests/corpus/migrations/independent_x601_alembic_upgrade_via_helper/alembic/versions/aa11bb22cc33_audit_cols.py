"""audit columns

Revision ID: aa11bb22cc33
Revises: a1b2c3d4e5f6
"""
import sqlalchemy as sa
from alembic import op

revision = "aa11bb22cc33"
down_revision = "a1b2c3d4e5f6"
branch_labels = None
depends_on = None

TABLES = ("customers",)


def _add_audit_columns(table):
    op.add_column(table, sa.Column("created_by", sa.String(64), nullable=True))
    op.add_column(table, sa.Column("updated_by", sa.String(64), nullable=True))


def upgrade():
    for table in TABLES:
        _add_audit_columns(table)


def downgrade():  # expect: ORM601
    pass
