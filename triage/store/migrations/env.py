"""Alembic environment: the URL and connection come from triage.store.database (no alembic.ini)."""
from __future__ import annotations

from alembic import context

from triage.store.models import Base

connection = context.config.attributes.get("connection")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
