"""merge billing and accounts branches

Revision ID: b1c2d3e4f5a6
Revises: 4d5e6f7a8b9c, 9c8b7a6f5e4d
"""

revision = "b1c2d3e4f5a6"
down_revision = ("4d5e6f7a8b9c", "9c8b7a6f5e4d")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
