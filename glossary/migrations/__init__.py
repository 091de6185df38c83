"""Alembic migrations of the silkterm schema.

Run through :func:`glossary.db.open_database` or ``silkterm db upgrade``.
"""
