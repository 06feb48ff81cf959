"""Institutions' other names: a Chinese name and aliases for partners and training centres.

Two text columns on each table, empty for the records already stored (every version keeps
them, like any field). Older databases made by ``metadata.create_all`` may have them already.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TABLES = ("partner", "training_centre")
COLUMNS = ("name_zh", "aliases")


def _columns(table: str) -> set[str]:
    return {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}


def upgrade() -> None:
    for table in TABLES:
        present = _columns(table)
        missing = [name for name in COLUMNS if name not in present]
        if missing:
            with op.batch_alter_table(table, schema=None) as batch_op:
                for name in missing:
                    batch_op.add_column(sa.Column(name, sa.Text(), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in reversed(COLUMNS):
                batch_op.drop_column(name)
