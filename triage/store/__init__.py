"""What bbhelp learns from: unmatched or low-confidence triages and users' feedback, stored
redacted through SQLAlchemy (SQLite by default, PostgreSQL by BBHELP_DATABASE_URL)."""
