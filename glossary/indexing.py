"""Keeping the lookup index (``term_key``) in step with the terms."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, insert, select, text
from sqlalchemy.orm import Session

from glossary.models import Term, TermKey
from glossary.text.keys import KEY_VERSION, term_keys


def key_rows(term_id: int, text_: str, lang: str) -> list[dict]:
    """The ``term_key`` rows of one term."""
    return [{"term_id": term_id, "kind": str(kind), "key": key} for kind, key in term_keys(text_, lang)]


def index_terms(session: Session, terms: Iterable[tuple[int, str, str]], *, fresh: bool = False) -> int:
    """(Re)compute the keys of (term_id, text, lang) triples; return the number of key rows written.

    ``fresh``: the terms have no keys yet (new terms, or after the whole index was emptied), so the
    old keys need not be deleted first.
    """
    terms = list(terms)
    if not terms:
        return 0
    ids = [t[0] for t in terms]
    for start in range(0, 0 if fresh else len(ids), 500):
        session.execute(delete(TermKey).where(TermKey.term_id.in_(ids[start:start + 500])))
    rows = [row for term_id, text_, lang in terms for row in key_rows(term_id, text_, lang)]
    for start in range(0, len(rows), 20000):
        session.execute(insert(TermKey), rows[start:start + 20000])
    return len(rows)


#: A batch adding at least this many terms refreshes the trigram statistics.
BULK_TERMS = 1000


def refresh_trigram_stats(session: Session) -> None:
    """Recompute ``trigram_df`` from the FTS index (SQLite only; about 1 s per 100,000 concepts)."""
    if session.get_bind().dialect.name != "sqlite":
        return
    session.execute(text("DELETE FROM trigram_df"))
    session.execute(text("INSERT INTO trigram_df (gram, doc) SELECT term, doc FROM term_key_fts_vocab"))


def stored_key_version(session: Session) -> int:
    """The key version the stored index was built with."""
    value = session.execute(text("SELECT value FROM silkterm_meta WHERE key = 'key_version'")).scalar()
    return int(value or 0)


def reindex_all(session: Session) -> int:
    """Rebuild the whole lookup index (after a key-function change); return the number of terms."""
    session.execute(delete(TermKey))
    terms = session.execute(select(Term.id, Term.text, Term.lang)).all()
    index_terms(session, [tuple(t) for t in terms], fresh=True)
    refresh_trigram_stats(session)
    session.execute(
        text("UPDATE silkterm_meta SET value = :v WHERE key = 'key_version'"), {"v": str(KEY_VERSION)}
    )
    return len(terms)


def ensure_index(db) -> int:  # type: ignore[no-untyped-def]
    """Re-index when the database's key version differs from the code's; return terms re-indexed."""
    with db.read() as session:
        if stored_key_version(session) == KEY_VERSION:
            return 0
    with db.write() as session:
        if stored_key_version(session) == KEY_VERSION:
            return 0
        return reindex_all(session)
