"""Chinese variants of the texts leadership reads: a standard's and a milestone's title, an
indicator's unit and a published statement, each optional.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COLUMNS = (
    ("standard", "title_zh"),
    ("milestone", "title_zh"),
    ("indicator", "unit_zh"),
    ("published_figure", "statement_zh"),
)


def _has(table: str, column: str) -> bool:
    """Databases made before migrations by ``metadata.create_all`` may have these already."""
    inspector = sa.inspect(op.get_bind())
    return inspector.has_table(table) and column in {c["name"] for c in inspector.get_columns(table)}


def upgrade() -> None:
    for table, column in COLUMNS:
        if not _has(table, column):
            with op.batch_alter_table(table, schema=None) as batch_op:
                batch_op.add_column(sa.Column(column, sa.Text(), nullable=True))


def downgrade() -> None:
    for table, column in COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(column)
