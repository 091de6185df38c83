"""Alembic migrations of the silkterm schema; run through :func:`glossary.db.open_database` or ``silkterm db upgrade``."""
