"""Alembic migrations of the team repository's schema (``integramap repo init`` runs them)."""
