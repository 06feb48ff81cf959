"""Sessions kept on the server, sign-in throttling, and a numeric id for every account.

Accounts get an id that is never reused (sessions name it, so a name removed and created
again gets none of the old sessions); existing accounts are numbered in the order they were
created. On SQLite the table is rebuilt (AUTOINCREMENT is only given at creation); on
PostgreSQL a serial column becomes the primary key in place.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _has(table: str, column: str | None = None) -> bool:
    """Databases made before migrations by ``metadata.create_all`` may have these already."""
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table(table):
        return False
    return column is None or column in {c["name"] for c in inspector.get_columns(table)}


def upgrade() -> None:
    if not _has("account", "id"):
        _number_the_accounts()

    if not _has("user_session"):
        op.create_table(
            "user_session",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("token_hash", sa.String(length=64), nullable=False),
            sa.Column("account_id", sa.Integer(), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.Column("last_seen", sa.DateTime(), nullable=False),
            sa.Column("address", sa.Text(), nullable=False),
            sa.Column("user_agent", sa.Text(), nullable=False),
            sa.Column("ended_at", sa.DateTime(), nullable=True),
            sa.Column("ended_why", sa.String(length=32), nullable=True),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("token_hash"),
        )
        with op.batch_alter_table("user_session", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_user_session_account_id"), ["account_id"], unique=False)

    if not _has("sign_in_throttle"):
        op.create_table(
            "sign_in_throttle",
            sa.Column("key", sa.String(length=200), nullable=False),
            sa.Column("failures", sa.Integer(), nullable=False),
            sa.Column("last_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("key"),
        )


def _number_the_accounts() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("account_pkey", "account", type_="primary")
        op.execute("ALTER TABLE account ADD COLUMN id SERIAL")
        op.execute(  # numbered in the order of creation, as on SQLite, and the sequence goes on from there
            "UPDATE account SET id = numbered.n FROM "
            "(SELECT name, row_number() OVER (ORDER BY created_at, name) AS n FROM account) AS numbered "
            "WHERE account.name = numbered.name"
        )
        op.execute(
            "SELECT setval(pg_get_serial_sequence('account', 'id'), "
            "GREATEST((SELECT max(id) FROM account), 1), (SELECT count(*) > 0 FROM account))"
        )
        op.create_primary_key("account_pkey", "account", ["id"])
        op.create_unique_constraint("account_name_key", "account", ["name"])
        return
    op.rename_table("account", "_account_before_ids")
    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
        sqlite_autoincrement=True,
    )
    op.execute(
        "INSERT INTO account (name, role, password_hash, created_at) "
        "SELECT name, role, password_hash, created_at FROM _account_before_ids ORDER BY created_at, name"
    )
    op.drop_table("_account_before_ids")


def downgrade() -> None:
    op.drop_table("sign_in_throttle")
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_session_account_id"))
    op.drop_table("user_session")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("account_name_key", "account", type_="unique")
        op.drop_constraint("account_pkey", "account", type_="primary")
        op.drop_column("account", "id")
        op.create_primary_key("account_pkey", "account", ["name"])
        return
    with op.batch_alter_table("account", recreate="always") as batch_op:
        batch_op.drop_column("id")
        batch_op.create_primary_key("pk_account", ["name"])
