"""Reminders and calendar feeds: an owner (email) on agreements and partners, an email on
accounts, the reminders already sent, and the calendar tokens.

Revision ID: 0005
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _has(table: str, column: str | None = None) -> bool:
    """Databases made before migrations by ``metadata.create_all`` may have these already."""
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table(table):
        return False
    return column is None or column in {c["name"] for c in inspector.get_columns(table)}


def upgrade() -> None:
    for table, column in (("agreement", "owner"), ("partner", "owner"), ("account", "email")):
        if not _has(table, column):
            with op.batch_alter_table(table, schema=None) as batch_op:
                batch_op.add_column(sa.Column(column, sa.Text(), nullable=True))
    if _has("reminders_sent"):
        return
    op.create_table(
        "reminders_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("partner", "kind", "signed_on", "expires_on", "threshold", name="uq_reminders_sent_once"),
    )
    op.create_table(
        "calendar_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("calendar_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calendar_token_account_id"), ["account_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("calendar_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_token_account_id"))
    op.drop_table("calendar_token")
    op.drop_table("reminders_sent")
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_column("email")
    for table in ("partner", "agreement"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("owner")
