"""Alembic migrations of the review database, run by `drafting.review_db.migrate` when a store opens it.

Revision ids are numbers in order (0001, 0002, ...): the store reports the schema as that number
and also writes it to SQLite's `PRAGMA user_version`, where the numbered migrations kept theirs.
"""
