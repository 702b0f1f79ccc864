"""The first schema: the one the numbered SQLite migrations made (PRAGMA user_version = 1).

A database made before Alembic is stamped with this revision instead of running it, so its
rows stay where they are; a new database (SQLite or PostgreSQL) gets the same tables here.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reviewers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False, unique=True),
        sa.Column("initials", sa.Text, nullable=False, server_default=sa.text("''")),
        sa.Column("created_at", sa.Text, nullable=False),
    )
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("model_ref", sa.Text, nullable=False),
        sa.Column("model_title", sa.Text, nullable=False, server_default=sa.text("''")),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("reviewers.id")),
    )
    op.create_table(
        "draft_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("filename", sa.Text, nullable=False),
        sa.Column("sha256", sa.Text, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("comparison", sa.Text, nullable=False),
        sa.Column("uploaded_at", sa.Text, nullable=False),
        sa.Column("uploaded_by", sa.Integer, sa.ForeignKey("reviewers.id")),
        sa.UniqueConstraint("review_id", "version"),
    )
    op.create_table(
        "annotations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id"), nullable=False),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("draft_versions.id"), nullable=False),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("annotations.id")),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("model_id", sa.Text, nullable=False, server_default=sa.text("''")),
        sa.Column("draft_id", sa.Text, nullable=False, server_default=sa.text("''")),
        sa.Column("finding_id", sa.Text, nullable=False, server_default=sa.text("''")),
        sa.Column("span_start", sa.Integer),
        sa.Column("span_end", sa.Integer),
        sa.Column("quote", sa.Text, nullable=False, server_default=sa.text("''")),
        sa.Column("status", sa.Text, nullable=False, server_default=sa.text("'open'")),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("reviewers.id"), nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False, server_default=sa.text("1")),
        sa.Column("carried_from", sa.Integer, sa.ForeignKey("annotations.id")),
        sa.CheckConstraint("target IN ('pair', 'finding', 'provision', 'span')", name="annotations_target"),
        sa.CheckConstraint("status IN ('open', 'accepted', 'rejected', 'resolved')", name="annotations_status"),
    )
    op.create_index("annotations_by_version", "annotations", ["version_id"])
    op.create_index("annotations_by_parent", "annotations", ["parent_id"])
    op.create_table(
        "annotation_history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("annotation_id", sa.Integer, sa.ForeignKey("annotations.id"), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("reviewers.id"), nullable=False),
        sa.Column("changed_at", sa.Text, nullable=False),
        sa.UniqueConstraint("annotation_id", "revision"),
    )


def downgrade() -> None:
    for table in ("annotation_history", "annotations", "draft_versions", "reviews", "reviewers"):
        op.drop_table(table)
