"""The schema of coopdash 0.1: record tables with versions, batches, uploads, accounts, audit.

Also the first step for a database made before migrations existed: its tables are kept,
the missing ones created.

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

CURRENT_ONLY = {"sqlite_where": sa.text("valid_to IS NULL"), "postgresql_where": sa.text("valid_to IS NULL")}


def _missing(table: str) -> bool:
    """Databases made before migrations (by ``metadata.create_all``) hold some of these
    tables already, the older ones fewer: create only what is missing, as that did."""
    return not sa.inspect(op.get_bind()).has_table(table)


def upgrade() -> None:
    if _missing("account"):
        op.create_table(
            "account",
            sa.Column("name", sa.String(length=100), nullable=False),
            sa.Column("role", sa.String(length=16), nullable=False),
            sa.Column("password_hash", sa.Text(), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("name"),
        )

    if _missing("audit"):
        op.create_table(
            "audit",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("at", sa.DateTime(), nullable=False),
            sa.Column("user", sa.Text(), nullable=False),
            sa.Column("address", sa.Text(), nullable=False),
            sa.Column("action", sa.String(length=32), nullable=False),
            sa.Column("detail", sa.Text(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
        with op.batch_alter_table("audit", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_audit_action"), ["action"], unique=False)
            batch_op.create_index(batch_op.f("ix_audit_at"), ["at"], unique=False)

    if _missing("batch"):
        op.create_table(
            "batch",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("kind", sa.String(length=16), server_default="import", nullable=False),
            sa.Column("committed_at", sa.DateTime(), nullable=False),
            sa.Column("user", sa.Text(), nullable=False),
            sa.Column("file_name", sa.Text(), nullable=False),
            sa.Column("sha256", sa.String(length=64), nullable=False),
            sa.Column("counts", sa.Text(), nullable=False),
            sa.Column("rolls_back", sa.Integer(), nullable=True),
            sa.Column("rolled_back_by", sa.Integer(), nullable=True),
            sa.Column("file", sa.LargeBinary(), nullable=True),
            sa.ForeignKeyConstraint(
                ["rolled_back_by"],
                ["batch.id"],
            ),
            sa.ForeignKeyConstraint(
                ["rolls_back"],
                ["batch.id"],
            ),
            sa.PrimaryKeyConstraint("id"),
        )

    if _missing("pending_upload"):
        op.create_table(
            "pending_upload",
            sa.Column("token", sa.String(length=64), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.Column("user", sa.Text(), nullable=False),
            sa.Column("file_name", sa.Text(), nullable=False),
            sa.Column("data", sa.LargeBinary(), nullable=False),
            sa.PrimaryKeyConstraint("token"),
        )
        with op.batch_alter_table("pending_upload", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_pending_upload_created_at"), ["created_at"], unique=False)

    if _missing("adoption"):
        op.create_table(
            "adoption",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("standard_code", sa.Text(), nullable=False),
            sa.Column("institution", sa.Text(), nullable=False),
            sa.Column("country", sa.String(length=3), nullable=False),
            sa.Column("adopted_on", sa.Date(), nullable=False),
            sa.Column("status", sa.Text(), nullable=False),
            sa.Column("batch_id", sa.Integer(), nullable=False),
            sa.Column("origin_batch", sa.Integer(), nullable=False),
            sa.Column("source_row", sa.Integer(), nullable=True),
            sa.Column("valid_from", sa.DateTime(), nullable=False),
            sa.Column("valid_to", sa.DateTime(), nullable=True),
            sa.Column("ended_by", sa.Integer(), nullable=True),
            sa.ForeignKeyConstraint(
                ["batch_id"],
                ["batch.id"],
            ),
            sa.ForeignKeyConstraint(
                ["ended_by"],
                ["batch.id"],
            ),
            sa.ForeignKeyConstraint(
                ["origin_batch"],
                ["batch.id"],
            ),
            sa.PrimaryKeyConstraint("id"),
        )
        with op.batch_alter_table("adoption", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_adoption_batch_id"), ["batch_id"], unique=False)
            batch_op.create_index(
                "ix_adoption_current_key", ["standard_code", "institution", "country"], unique=True, **CURRENT_ONLY
            )

    if _missing("agreement"):
        op.create_table(
            "agreement",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("partner", sa.Text(), nullable=False),
            sa.Column("kind", sa.Text(), nullable=False),
            sa.Column("signed_on", sa.Date(), nullable=False),
            sa.Column("expires_on", sa.Date(), nullable=True),
            sa.Column("status", sa.Text(), nullable=False),
            sa.Column("batch_id", sa.Integer(), nullable=False),
            sa.Column("origin_batch", sa.Integer(), nullable=False),
            sa.Column("source_row", sa.Integer(), nullable=True),
            sa.Column("valid_from", sa.DateTime(), nullable=False),
            sa.Column("valid_to", sa.DateTime(), nullable=True),
            sa.Column("ended_by", sa.Integer(), nullable=True),
            sa.ForeignKeyConstraint(
                ["batch_id"],
                ["batch.id"],
            ),
            sa.ForeignKeyConstraint(
                ["ended_by"],
                ["batch.id"],
            ),
            sa.ForeignKeyConstraint(
                ["origin_batch"],
                ["batch.id"],
            ),
            sa.PrimaryKeyConstraint("id"),
        )
        with op.batch_alter_table("agreement", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_agreement_batch_id"), ["batch_id"], unique=False)
            batch_op.create_index(
                "ix_agreement_current_key", ["partner", "kind", "signed_on"], unique=True, **CURRENT_ONLY
            )

    if _missing("event"):
        op.create_table(
            "event",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("title", sa.Text(), nullable=False),
            sa.Column("start_date", sa.Date(), nullable=False),
            sa.Column("end_date", sa.Date(), nullable=True),
            sa.Column("kind", sa.Text(), nullable=False),
            sa.Column("city", sa.Text(), nullable=True),
            sa.Column("country", sa.String(length=3), nullable=True),
            sa.Column("host", sa.Text(), nullable=True),
            sa.Column("institutions", sa.Integer(), nullable=True),
            sa.Column("participants", sa.Integer(), nullable=True),
            sa.Column("role", sa.Text(), nullable=False),
            sa.Column("batch_id", sa.Integer(), nullable=False),
            sa.Column("origin_batch", sa.Integer(), nullable=False),
            sa.Column("source_row", sa.Integer(), nullable=True),
            sa.Column("valid_from", sa.DateTime(), nullable=False),
            sa.Column("valid_to", sa.DateTime(), nullable=True),
            sa.Column("ended_by", sa.Integer(), nullable=True),
            sa.ForeignKeyConstraint(
                ["batch_id"],
                ["batch.id"],
            ),
            sa.ForeignKeyConstraint(
                ["ended_by"],
                ["batch.id"],
            ),
            sa.ForeignKeyConstraint(
                ["origin_batch"],
                ["batch.id"],
            ),
            sa.PrimaryKeyConstraint("id"),
        )
        with op.batch_alter_table("event", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_event_batch_id"), ["batch_id"], unique=False)
            batch_op.create_index("ix_event_current_key", ["title", "start_date"], unique=True, **CURRENT_ONLY)

    if _missing("indicator"):
        op.create_table(
            "indicator",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("code", sa.Text(), nullable=False),
            sa.Column("name_en", sa.Text(), nullable=False),
            sa.Column("name_zh", sa.Text(), nullable=True),
            sa.Column("unit", sa.Text(), nullable=False),
            sa.Column("over_time", sa.Text(), nullable=False),
            sa.Column("over_places", sa.Text(), nullable=False),
            sa.Column("higher_is_better", sa.Text(), nullable=False),
            sa.Column("description", sa.Text(), nullable=True),
            sa.Column("batch_id", sa.Integer(), nullable=False),
            sa.Column("origin_batch", sa.Integer(), nullable=False),
            sa.Column("source_row", sa.Integer(), nullable=True),
            sa.Column("valid_from", sa.DateTime(), nullable=False),
            sa.Column("valid_to", sa.DateTime(), nullable=True),
            sa.Column("ended_by", sa.Integer(), nullable=True),
            sa.ForeignKeyConstraint(
                ["batch_id"],
                ["batch.id"],
            ),
            sa.ForeignKeyConstraint(
                ["ended_by"],
                ["batch.id"],
            ),
            sa.ForeignKeyConstraint(
                ["origin_batch"],
                ["batch.id"],
            ),
            sa.PrimaryKeyConstraint("id"),
        )
        with op.batch_alter_table("indicator", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_indicator_batch_id"), ["batch_id"], unique=False)
            batch_op.create_index("ix_indicator_current_key", ["code"], unique=True, **CURRENT_ONLY)

    if _missing("indicator_value"):
        op.create_table(
            "indicator_value",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("indicator", sa.Text(), nullable=False),
            sa.Column("period", sa.String(length=16), nullable=False),
            sa.Column("country", sa.String(length=3), nullable=True),
            sa.Column("partner", sa.Text(), nullable=True),
            sa.Column("value", sa.Float(), nullable=False),
            sa.Column("unit", sa.Text(), nullable=True),
            sa.Column("source", sa.Text(), nullable=True),
            sa.Column("note", sa.Text(), nullable=True),
            sa.Column("batch_id", sa.Integer(), nullable=False),
            sa.Column("origin_batch", sa.Integer(), nullable=False),
            sa.Column("source_row", sa.Integer(), nullable=True),
            sa.Column("valid_from", sa.DateTime(), nullable=False),
            sa.Column("valid_to", sa.DateTime(), nullable=True),
            sa.Column("ended_by", sa.Integer(), nullable=True),
            sa.ForeignKeyConstraint(
                ["batch_id"],
                ["batch.id"],
            ),
            sa.ForeignKeyConstraint(
                ["ended_by"],
                ["batch.id"],
            ),
            sa.ForeignKeyConstraint(
                ["origin_batch"],
                ["batch.id"],
            ),
            sa.PrimaryKeyConstraint("id"),
        )
        with op.batch_alter_table("indicator_value", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_indicator_value_batch_id"), ["batch_id"], unique=False)
            batch_op.create_index(
                "ix_indicator_value_current_key",
                ["indicator", "period", "country", "partner"],
                unique=True,
                **CURRENT_ONLY,
            )

    if _missing("milestone"):
        op.create_table(
            "milestone",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("title", sa.Text(), nullable=False),
            sa.Column("date", sa.Date(), nullable=False),
            sa.Column("kind", sa.Text(), nullable=False),
            sa.Column("description", sa.Text(), nullable=True),
            sa.Column("batch_id", sa.Integer(), nullable=False),
            sa.Column("origin_batch", sa.Integer(), nullable=False),
            sa.Column("source_row", sa.Integer(), nullable=True),
            sa.Column("valid_from", sa.DateTime(), nullable=False),
            sa.Column("valid_to", sa.DateTime(), nullable=True),
            sa.Column("ended_by", sa.Integer(), nullable=True),
            sa.ForeignKeyConstraint(
                ["batch_id"],
                ["batch.id"],
            ),
            sa.ForeignKeyConstraint(
                ["ended_by"],
                ["batch.id"],
            ),
            sa.ForeignKeyConstraint(
                ["origin_batch"],
                ["batch.id"],
            ),
            sa.PrimaryKeyConstraint("id"),
        )
        with op.batch_alter_table("milestone", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_milestone_batch_id"), ["batch_id"], unique=False)
            batch_op.create_index("ix_milestone_current_key", ["title"], unique=True, **CURRENT_ONLY)

    if _missing("partner"):
        op.create_table(
            "partner",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("name", sa.Text(), nullable=False),
            sa.Column("country", sa.String(length=3), nullable=False),
            sa.Column("city", sa.Text(), nullable=True),
            sa.Column("type", sa.Text(), nullable=False),
            sa.Column("since", sa.Date(), nullable=True),
            sa.Column("batch_id", sa.Integer(), nullable=False),
            sa.Column("origin_batch", sa.Integer(), nullable=False),
            sa.Column("source_row", sa.Integer(), nullable=True),
            sa.Column("valid_from", sa.DateTime(), nullable=False),
            sa.Column("valid_to", sa.DateTime(), nullable=True),
            sa.Column("ended_by", sa.Integer(), nullable=True),
            sa.ForeignKeyConstraint(
                ["batch_id"],
                ["batch.id"],
            ),
            sa.ForeignKeyConstraint(
                ["ended_by"],
                ["batch.id"],
            ),
            sa.ForeignKeyConstraint(
                ["origin_batch"],
                ["batch.id"],
            ),
            sa.PrimaryKeyConstraint("id"),
        )
        with op.batch_alter_table("partner", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_partner_batch_id"), ["batch_id"], unique=False)
            batch_op.create_index("ix_partner_current_key", ["name"], unique=True, **CURRENT_ONLY)

    if _missing("published_figure"):
        op.create_table(
            "published_figure",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("statement", sa.Text(), nullable=False),
            sa.Column("figure", sa.Text(), nullable=False),
            sa.Column("value", sa.Float(), nullable=False),
            sa.Column("date", sa.Date(), nullable=False),
            sa.Column("source", sa.Text(), nullable=True),
            sa.Column("batch_id", sa.Integer(), nullable=False),
            sa.Column("origin_batch", sa.Integer(), nullable=False),
            sa.Column("source_row", sa.Integer(), nullable=True),
            sa.Column("valid_from", sa.DateTime(), nullable=False),
            sa.Column("valid_to", sa.DateTime(), nullable=True),
            sa.Column("ended_by", sa.Integer(), nullable=True),
            sa.ForeignKeyConstraint(
                ["batch_id"],
                ["batch.id"],
            ),
            sa.ForeignKeyConstraint(
                ["ended_by"],
                ["batch.id"],
            ),
            sa.ForeignKeyConstraint(
                ["origin_batch"],
                ["batch.id"],
            ),
            sa.PrimaryKeyConstraint("id"),
        )
        with op.batch_alter_table("published_figure", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_published_figure_batch_id"), ["batch_id"], unique=False)
            batch_op.create_index(
                "ix_published_figure_current_key", ["statement", "figure"], unique=True, **CURRENT_ONLY
            )

    if _missing("standard"):
        op.create_table(
            "standard",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("code", sa.Text(), nullable=False),
            sa.Column("title", sa.Text(), nullable=False),
            sa.Column("discipline", sa.Text(), nullable=False),
            sa.Column("batch_id", sa.Integer(), nullable=False),
            sa.Column("origin_batch", sa.Integer(), nullable=False),
            sa.Column("source_row", sa.Integer(), nullable=True),
            sa.Column("valid_from", sa.DateTime(), nullable=False),
            sa.Column("valid_to", sa.DateTime(), nullable=True),
            sa.Column("ended_by", sa.Integer(), nullable=True),
            sa.ForeignKeyConstraint(
                ["batch_id"],
                ["batch.id"],
            ),
            sa.ForeignKeyConstraint(
                ["ended_by"],
                ["batch.id"],
            ),
            sa.ForeignKeyConstraint(
                ["origin_batch"],
                ["batch.id"],
            ),
            sa.PrimaryKeyConstraint("id"),
        )
        with op.batch_alter_table("standard", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_standard_batch_id"), ["batch_id"], unique=False)
            batch_op.create_index("ix_standard_current_key", ["code"], unique=True, **CURRENT_ONLY)

    if _missing("target"):
        op.create_table(
            "target",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("figure", sa.Text(), nullable=False),
            sa.Column("value", sa.Integer(), nullable=False),
            sa.Column("due", sa.Date(), nullable=False),
            sa.Column("note", sa.Text(), nullable=True),
            sa.Column("batch_id", sa.Integer(), nullable=False),
            sa.Column("origin_batch", sa.Integer(), nullable=False),
            sa.Column("source_row", sa.Integer(), nullable=True),
            sa.Column("valid_from", sa.DateTime(), nullable=False),
            sa.Column("valid_to", sa.DateTime(), nullable=True),
            sa.Column("ended_by", sa.Integer(), nullable=True),
            sa.ForeignKeyConstraint(
                ["batch_id"],
                ["batch.id"],
            ),
            sa.ForeignKeyConstraint(
                ["ended_by"],
                ["batch.id"],
            ),
            sa.ForeignKeyConstraint(
                ["origin_batch"],
                ["batch.id"],
            ),
            sa.PrimaryKeyConstraint("id"),
        )
        with op.batch_alter_table("target", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_target_batch_id"), ["batch_id"], unique=False)
            batch_op.create_index("ix_target_current_key", ["figure", "due"], unique=True, **CURRENT_ONLY)

    if _missing("training_centre"):
        op.create_table(
            "training_centre",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("name", sa.Text(), nullable=False),
            sa.Column("country", sa.String(length=3), nullable=False),
            sa.Column("city", sa.Text(), nullable=True),
            sa.Column("partner", sa.Text(), nullable=True),
            sa.Column("opened_on", sa.Date(), nullable=True),
            sa.Column("status", sa.Text(), nullable=False),
            sa.Column("focus_areas", sa.Text(), nullable=True),
            sa.Column("batch_id", sa.Integer(), nullable=False),
            sa.Column("origin_batch", sa.Integer(), nullable=False),
            sa.Column("source_row", sa.Integer(), nullable=True),
            sa.Column("valid_from", sa.DateTime(), nullable=False),
            sa.Column("valid_to", sa.DateTime(), nullable=True),
            sa.Column("ended_by", sa.Integer(), nullable=True),
            sa.ForeignKeyConstraint(
                ["batch_id"],
                ["batch.id"],
            ),
            sa.ForeignKeyConstraint(
                ["ended_by"],
                ["batch.id"],
            ),
            sa.ForeignKeyConstraint(
                ["origin_batch"],
                ["batch.id"],
            ),
            sa.PrimaryKeyConstraint("id"),
        )
        with op.batch_alter_table("training_centre", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_training_centre_batch_id"), ["batch_id"], unique=False)
            batch_op.create_index("ix_training_centre_current_key", ["name"], unique=True, **CURRENT_ONLY)


def downgrade() -> None:
    with op.batch_alter_table("training_centre", schema=None) as batch_op:
        batch_op.drop_index("ix_training_centre_current_key", **CURRENT_ONLY)
        batch_op.drop_index(batch_op.f("ix_training_centre_batch_id"))

    op.drop_table("training_centre")
    with op.batch_alter_table("target", schema=None) as batch_op:
        batch_op.drop_index("ix_target_current_key", **CURRENT_ONLY)
        batch_op.drop_index(batch_op.f("ix_target_batch_id"))

    op.drop_table("target")
    with op.batch_alter_table("standard", schema=None) as batch_op:
        batch_op.drop_index("ix_standard_current_key", **CURRENT_ONLY)
        batch_op.drop_index(batch_op.f("ix_standard_batch_id"))

    op.drop_table("standard")
    with op.batch_alter_table("published_figure", schema=None) as batch_op:
        batch_op.drop_index("ix_published_figure_current_key", **CURRENT_ONLY)
        batch_op.drop_index(batch_op.f("ix_published_figure_batch_id"))

    op.drop_table("published_figure")
    with op.batch_alter_table("partner", schema=None) as batch_op:
        batch_op.drop_index("ix_partner_current_key", **CURRENT_ONLY)
        batch_op.drop_index(batch_op.f("ix_partner_batch_id"))

    op.drop_table("partner")
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.drop_index("ix_milestone_current_key", **CURRENT_ONLY)
        batch_op.drop_index(batch_op.f("ix_milestone_batch_id"))

    op.drop_table("milestone")
    with op.batch_alter_table("indicator_value", schema=None) as batch_op:
        batch_op.drop_index("ix_indicator_value_current_key", **CURRENT_ONLY)
        batch_op.drop_index(batch_op.f("ix_indicator_value_batch_id"))

    op.drop_table("indicator_value")
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.drop_index("ix_indicator_current_key", **CURRENT_ONLY)
        batch_op.drop_index(batch_op.f("ix_indicator_batch_id"))

    op.drop_table("indicator")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index("ix_event_current_key", **CURRENT_ONLY)
        batch_op.drop_index(batch_op.f("ix_event_batch_id"))

    op.drop_table("event")
    with op.batch_alter_table("agreement", schema=None) as batch_op:
        batch_op.drop_index("ix_agreement_current_key", **CURRENT_ONLY)
        batch_op.drop_index(batch_op.f("ix_agreement_batch_id"))

    op.drop_table("agreement")
    with op.batch_alter_table("adoption", schema=None) as batch_op:
        batch_op.drop_index("ix_adoption_current_key", **CURRENT_ONLY)
        batch_op.drop_index(batch_op.f("ix_adoption_batch_id"))

    op.drop_table("adoption")
    with op.batch_alter_table("pending_upload", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pending_upload_created_at"))

    op.drop_table("pending_upload")
    op.drop_table("batch")
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_at"))
        batch_op.drop_index(batch_op.f("ix_audit_action"))

    op.drop_table("audit")
    op.drop_table("account")
