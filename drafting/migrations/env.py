"""Alembic environment: migrations run on the connection the review store hands over.

The store opens the write transaction (and takes the migration lock) itself, so this file only
binds Alembic to that connection; it never builds an engine or reads an alembic.ini.
"""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection)
with context.begin_transaction():
    context.run_migrations()
