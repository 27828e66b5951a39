"""Alembic migrations of the learning-loop store (run by triage.store.database.Store.migrate)."""
