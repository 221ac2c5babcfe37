"""enable row level security on tenant tables

Revision ID: a1c3e5f7b9d2
Revises: 7d9e1f3a5b6c
"""
from alembic import op

revision = "a1c3e5f7b9d2"
down_revision = "7d9e1f3a5b6c"
branch_labels = None
depends_on = None

TENANT_TABLES = ("orders", "invoices", "customers")


def upgrade() -> None:
    for table in TENANT_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY tenant_isolation ON {table} USING (tenant_id = current_setting('app.tenant')::int)")


def downgrade() -> None:
    for table in reversed(TENANT_TABLES):
        op.execute(f"DROP POLICY tenant_isolation ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
