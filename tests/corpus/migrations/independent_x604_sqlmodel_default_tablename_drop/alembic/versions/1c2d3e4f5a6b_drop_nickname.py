"""drop nickname

Revision ID: 1c2d3e4f5a6b
Revises: 0b1c2d3e4f5a
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "1c2d3e4f5a6b"
down_revision = "0b1c2d3e4f5a"


def upgrade():
    op.drop_column("customer", "nickname")  # expect: ORM604


def downgrade():
    op.add_column("customer", sa.Column("nickname", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
