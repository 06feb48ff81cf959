"""The schema: one table per record type, derived from the record model, plus batches,
pending uploads, mapping profiles, accounts, sessions, the sign-in throttle and the audit.

Every table keeps versions, not just the latest state. A version is valid from the moment
its batch was committed until a later batch (or a rollback) replaces it, so the store can
answer "what did we hold on 30 June?" and can undo a batch exactly. A partial unique index
keeps one current version per natural key. A change here is a migration too
(:mod:`dashboard.store.migrations`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from dashboard.model.records import RECORD_TYPES, Kind, RecordType

SQL_TYPES: dict[Kind, sa.types.TypeEngine[Any]] = {
    Kind.TEXT: sa.Text(),
    Kind.REFERENCE: sa.Text(),
    Kind.CHOICE: sa.Text(),
    Kind.COUNTRY: sa.String(3),
    Kind.INTEGER: sa.Integer(),
    Kind.NUMBER: sa.Float(),
    Kind.PERIOD: sa.String(16),
    Kind.DATE: sa.Date(),
    Kind.EMAIL: sa.Text(),
}

metadata = sa.MetaData()

batches = sa.Table(
    "batch",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False, server_default="import"),  # import | rollback | merge
    sa.Column("committed_at", sa.DateTime, nullable=False),
    sa.Column("user", sa.Text, nullable=False),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("counts", sa.Text, nullable=False),  # JSON: {record_type: {new, updated, ...}}
    sa.Column("rolls_back", sa.ForeignKey("batch.id")),  # for a rollback: the batch it undid
    sa.Column("rolled_back_by", sa.ForeignKey("batch.id")),  # for an import: the rollback that undid it
    sa.Column("file", sa.LargeBinary),  # the upload as received
    sa.Column("mapping", sa.Text),  # JSON: for an import in an office's own layout, the mapping it was read with
)


pending_uploads = sa.Table(  # uploads checked and previewed, waiting for the user to commit or cancel
    "pending_upload",
    metadata,
    sa.Column("token", sa.String(64), primary_key=True),
    sa.Column("created_at", sa.DateTime, nullable=False, index=True),
    sa.Column("user", sa.Text, nullable=False),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.Column("mapping", sa.Text),  # JSON: the mapping the user confirmed for it, if any
)


mapping_profiles = sa.Table(  # how to read an office's own workbook layout, remembered from a committed import
    "mapping_profile",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("fingerprint", sa.String(64), nullable=False, unique=True),  # the layout: sheet names and headers
    sa.Column("sheets", sa.Text, nullable=False),  # JSON: the fingerprint of each sheet it reads
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("mapping", sa.Text, nullable=False),  # JSON, as `coopdash map --json` writes it
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("saved_by", sa.Text, nullable=False),
    sa.Column("saved_at", sa.DateTime, nullable=False),
    sa.Column("file_name", sa.Text, nullable=False),  # the upload it was saved from
    sqlite_autoincrement=True,
)


accounts = sa.Table(
    "account",
    metadata,
    # Never reused (AUTOINCREMENT on SQLite, a sequence on PostgreSQL): sessions name the id, so a
    # name removed and created again is a new person to them.
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(100), nullable=False, unique=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("email", sa.Text),  # whose records ("my agreements"): the owner column of agreements and partners
    sqlite_autoincrement=True,
)

user_sessions = sa.Table(  # one row per sign-in; the cookie holds a token whose hash is kept here
    "user_session",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("account_id", sa.Integer, nullable=False, index=True),  # no foreign key: outlives a removal
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("last_seen", sa.DateTime, nullable=False),
    sa.Column("address", sa.Text, nullable=False),
    sa.Column("user_agent", sa.Text, nullable=False),
    sa.Column("ended_at", sa.DateTime),
    sa.Column("ended_why", sa.String(32)),
)

sign_in_throttle = sa.Table(  # failed (or under way) sign-ins per address, and per name from an address
    "sign_in_throttle",
    metadata,
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("last_at", sa.DateTime, nullable=False),
)

audit = sa.Table(
    "audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.DateTime, nullable=False, index=True),
    sa.Column("user", sa.Text, nullable=False),
    sa.Column("address", sa.Text, nullable=False),
    sa.Column("action", sa.String(32), nullable=False, index=True),
    sa.Column("detail", sa.Text, nullable=False),
)


reminders_sent = sa.Table(  # one row per agreement, expiry date and threshold, once its mail was accepted
    "reminders_sent",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("partner", sa.Text, nullable=False),  # the agreement's natural key: partner, kind, signed_on
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("signed_on", sa.Date, nullable=False),
    sa.Column("expires_on", sa.Date, nullable=False),  # a renewed agreement (a new expiry) is reminded afresh
    sa.Column("threshold", sa.Integer, nullable=False),  # days before expiry: 90, 30, 7
    sa.Column("recipient", sa.Text, nullable=False),
    sa.Column("sent_at", sa.DateTime, nullable=False),
    sa.UniqueConstraint("partner", "kind", "signed_on", "expires_on", "threshold", name="uq_reminders_sent_once"),
)

calendar_tokens = sa.Table(  # a calendar program's subscription: the URL holds a token whose hash is kept here
    "calendar_token",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("account_id", sa.Integer, nullable=False, index=True),  # no foreign key: like sessions
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("revoked_at", sa.DateTime),
)


def _record_table(rt: RecordType) -> sa.Table:
    current = sa.text("valid_to IS NULL")
    return sa.Table(
        rt.table,
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        *(sa.Column(f.name, SQL_TYPES[f.kind], nullable=not (f.required or f.default)) for f in rt.fields),
        sa.Column("batch_id", sa.ForeignKey("batch.id"), nullable=False, index=True),  # wrote this version
        sa.Column("origin_batch", sa.ForeignKey("batch.id"), nullable=False),  # upload it came from
        sa.Column("source_row", sa.Integer),  # its Excel row in that upload
        sa.Column("valid_from", sa.DateTime, nullable=False),
        sa.Column("valid_to", sa.DateTime),
        sa.Column("ended_by", sa.ForeignKey("batch.id")),  # the batch that replaced it
        sa.Index(f"ix_{rt.table}_current_key", *rt.key, unique=True, sqlite_where=current, postgresql_where=current),
    )


TABLES: dict[str, sa.Table] = {rt.name: _record_table(rt) for rt in RECORD_TYPES}
VERSION_COLUMNS = ("id", "batch_id", "origin_batch", "source_row", "valid_from", "valid_to", "ended_by")


def utcnow() -> dt.datetime:
    """Now, as the schema stores a moment: UTC, without a time zone."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
