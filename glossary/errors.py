"""One error hierarchy, translated to a one-line message once at each boundary (CLI, TUI)."""

from __future__ import annotations


class SilktermError(Exception):
    """Base of every error a user may see. ``str(err)`` is the one-line message."""

    exit_code: int = 2


class ValidationError(SilktermError):
    """A value given by the user (a field, a language tag, a status) is not acceptable."""


class NotFoundError(SilktermError):
    """A concept, term or history entry named by the user does not exist."""


class IntegrityConflict(SilktermError):
    """A change would break a termbase rule (two preferred terms, one preferred text in two concepts)."""


class DatabaseError(SilktermError):
    """The database cannot be used: not ours, newer schema, unreadable file."""


class DatabaseBusyError(DatabaseError):
    """The database stayed locked by another writer after retrying."""

    exit_code = 3


class SourceFormatError(SilktermError):
    """A file could not be read: names the file, the line (when known) and the reason."""

    def __init__(self, path: str, line: int | None, detail: str) -> None:
        self.path, self.line, self.detail = path, line, detail
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {detail}")
