"""Translation memory: units, candidate retrieval and fuzzy matching (built on :mod:`glossary`)."""
