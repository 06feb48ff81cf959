"""Mapping profiles: how to read an office's own workbook layout, remembered; the mapping a batch
and a pending upload were read with.

Revision ID: 0004
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None


def _has(table: str, column: str | None = None) -> bool:
    """Databases made before migrations by ``metadata.create_all`` may have these already."""
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table(table):
        return False
    return column is None or column in {c["name"] for c in inspector.get_columns(table)}


def upgrade() -> None:
    if _has("mapping_profile"):
        return _add_columns()
    op.create_table(
        "mapping_profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("sheets", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("mapping", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("saved_by", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("fingerprint"),
        sqlite_autoincrement=True,
    )
    _add_columns()


def _add_columns() -> None:
    for table in ("batch", "pending_upload"):
        if not _has(table, "mapping"):
            with op.batch_alter_table(table, schema=None) as batch_op:
                batch_op.add_column(sa.Column("mapping", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("pending_upload", schema=None) as batch_op:
        batch_op.drop_column("mapping")
    with op.batch_alter_table("batch", schema=None) as batch_op:
        batch_op.drop_column("mapping")
    op.drop_table("mapping_profile")
