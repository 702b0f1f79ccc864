"""Annotations get a suggested wording and a source (typed in the app, or imported from Word).

Both columns have defaults, so the rows already there read as comments typed in the app with
no suggestion, and older code that does not know the columns can still insert rows.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("annotations", sa.Column("suggestion", sa.Text, nullable=False, server_default=sa.text("''")))
    op.add_column("annotations", sa.Column("source", sa.Text, nullable=False, server_default=sa.text("'app'")))
    op.add_column("annotation_history", sa.Column("suggestion", sa.Text, nullable=False, server_default=sa.text("''")))
    op.create_index("annotations_by_review", "annotations", ["review_id"])


def downgrade() -> None:
    op.drop_index("annotations_by_review", "annotations")
    with op.batch_alter_table("annotation_history") as batch:
        batch.drop_column("suggestion")
    with op.batch_alter_table("annotations") as batch:
        batch.drop_column("source")
        batch.drop_column("suggestion")
