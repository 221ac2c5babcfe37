"""create customer

Revision ID: 0b1c2d3e4f5a
Revises:
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0b1c2d3e4f5a"
down_revision = None


def upgrade():
    op.create_table(
        "customer",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("nickname", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    )


def downgrade():
    op.drop_table("customer")
