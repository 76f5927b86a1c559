"""Integramap core: everything that runs without Qt (domain, documents, analysis, reports, CLI)."""
