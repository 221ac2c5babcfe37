"""index audit log by actor and time

Revision ID: 6a7b8c9d0e1f
Revises: 5f6a7b8c9d0e
"""
from alembic import op

revision = "6a7b8c9d0e1f"
down_revision = "5f6a7b8c9d0e"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX ix_audit_log_actor_created ON audit_log (actor, created_at DESC)")  # expect: ORM603


def downgrade() -> None:
    op.execute("DROP INDEX ix_audit_log_actor_created")
