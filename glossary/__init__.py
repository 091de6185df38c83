"""silkterm's headless core: the shared kernel (database, languages, text keys, errors) and the termbase."""

__version__ = "0.1.0"
