"""Alembic migrations of the review database (run by `drafting.review_db.migrate` at store start)."""
