"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22 17:32:31.891199
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "api_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("scopes", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key_hash"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=50), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("api_key_id", sa.Integer(), nullable=True),
        sa.Column(
            "detail", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)

    op.create_table(
        "custom_topic",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column(
            "phrases", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column(
            "exclusions", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "issue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_key", sa.String(length=300), nullable=False),
        sa.Column("theme", sa.String(length=100), nullable=True),
        sa.Column("topic", sa.String(length=100), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_key", name="uq_issue_group_key"),
    )
    with op.batch_alter_table("issue", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_issue_language"), ["language"], unique=False)
        batch_op.create_index(batch_op.f("ix_issue_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_issue_theme"), ["theme"], unique=False)
        batch_op.create_index(batch_op.f("ix_issue_topic"), ["topic"], unique=False)

    op.create_table(
        "ticket",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source", "external_id", name="uq_ticket_source_external_id"),
    )
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("external_id", sa.String(length=200), nullable=True),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("message_id", sa.String(length=200), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("text", sa.String(), nullable=True),
        sa.Column("redacted_text", sa.String(), nullable=False),
        sa.Column("normalization_version", sa.String(length=40), nullable=False),
        sa.Column("customer_ref", sa.String(length=200), nullable=True),
        sa.Column("language_hint", sa.String(length=8), nullable=True),
        sa.Column(
            "metadata", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("nps", sa.Integer(), nullable=True),
        sa.Column("csat", sa.Integer(), nullable=True),
        sa.Column("ces", sa.Integer(), nullable=True),
        sa.Column("ces_scale", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("current_analysis_id", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("sentiment_label", sa.String(length=10), nullable=True),
        sa.Column("sentiment_score", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["ticket.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source", "external_id", name="uq_feedback_source_external_id"),
        sa.UniqueConstraint("ticket_id", "message_id", name="uq_feedback_ticket_message"),
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index("ix_feedback_channel_created", ["channel", "created_at"], unique=False)
        batch_op.create_index("ix_feedback_created_id", ["created_at", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_csat"), ["csat"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_current_analysis_id"), ["current_analysis_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_customer_ref"), ["customer_ref"], unique=False)
        batch_op.create_index("ix_feedback_language_created", ["language", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_nps"), ["nps"], unique=False)
        batch_op.create_index("ix_feedback_sentiment_created", ["sentiment_label", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_source"), ["source"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_ticket_id"), ["ticket_id"], unique=False)

    op.create_table(
        "idempotency_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("api_key_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column(
            "response", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["api_key_id"],
            ["api_key.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("api_key_id", "key", name="uq_idempotency_key"),
    )
    with op.batch_alter_table("idempotency_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_idempotency_record_created_at"), ["created_at"], unique=False)

    op.create_table(
        "analysis",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("feedback_id", sa.Integer(), nullable=False),
        sa.Column("model_version", sa.String(length=200), nullable=False),
        sa.Column("normalization_version", sa.String(length=40), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("sentiment_label", sa.String(length=10), nullable=False),
        sa.Column("sentiment_score", sa.Float(), nullable=False),
        sa.Column("sentiment_confidence", sa.Float(), nullable=False),
        sa.Column(
            "result", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["feedback_id"],
            ["feedback.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("feedback_id", "model_version", name="uq_analysis_feedback_model"),
    )
    with op.batch_alter_table("analysis", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_analysis_feedback_id"), ["feedback_id"], unique=False)

    op.create_table(
        "feedback_label",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("analysis_id", sa.Integer(), nullable=False),
        sa.Column("feedback_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("sentiment", sa.String(length=10), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["analysis_id"],
            ["analysis.id"],
        ),
        sa.ForeignKeyConstraint(
            ["feedback_id"],
            ["feedback.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("feedback_label", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_label_analysis_id"), ["analysis_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_label_feedback_id"), ["feedback_id"], unique=False)
        batch_op.create_index("ix_feedback_label_name_analysis", ["name", "analysis_id"], unique=False)

    op.create_table(
        "issue_tag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("feedback_id", sa.Integer(), nullable=False),
        sa.Column("analysis_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("quote", sa.String(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["analysis_id"],
            ["analysis.id"],
        ),
        sa.ForeignKeyConstraint(
            ["feedback_id"],
            ["feedback.id"],
        ),
        sa.ForeignKeyConstraint(
            ["issue_id"],
            ["issue.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("analysis_id", "kind", "name", name="uq_issue_tag_mention"),
    )
    with op.batch_alter_table("issue_tag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_issue_tag_analysis_id"), ["analysis_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_issue_tag_feedback_id"), ["feedback_id"], unique=False)
        batch_op.create_index("ix_issue_tag_issue_seen", ["issue_id", "seen_at"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("issue_tag", schema=None) as batch_op:
        batch_op.drop_index("ix_issue_tag_issue_seen")
        batch_op.drop_index(batch_op.f("ix_issue_tag_feedback_id"))
        batch_op.drop_index(batch_op.f("ix_issue_tag_analysis_id"))

    op.drop_table("issue_tag")
    with op.batch_alter_table("feedback_label", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_label_name_analysis")
        batch_op.drop_index(batch_op.f("ix_feedback_label_feedback_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_label_analysis_id"))

    op.drop_table("feedback_label")
    with op.batch_alter_table("analysis", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_analysis_feedback_id"))

    op.drop_table("analysis")
    with op.batch_alter_table("idempotency_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idempotency_record_created_at"))

    op.drop_table("idempotency_record")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_ticket_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_source"))
        batch_op.drop_index("ix_feedback_sentiment_created")
        batch_op.drop_index(batch_op.f("ix_feedback_nps"))
        batch_op.drop_index("ix_feedback_language_created")
        batch_op.drop_index(batch_op.f("ix_feedback_customer_ref"))
        batch_op.drop_index(batch_op.f("ix_feedback_current_analysis_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_csat"))
        batch_op.drop_index("ix_feedback_created_id")
        batch_op.drop_index("ix_feedback_channel_created")

    op.drop_table("feedback")
    op.drop_table("ticket")
    with op.batch_alter_table("issue", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issue_topic"))
        batch_op.drop_index(batch_op.f("ix_issue_theme"))
        batch_op.drop_index(batch_op.f("ix_issue_status"))
        batch_op.drop_index(batch_op.f("ix_issue_language"))

    op.drop_table("issue")
    op.drop_table("custom_topic")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
    op.drop_table("api_key")
