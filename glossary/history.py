"""Change history: every create / update / delete with its before and after state, and undo."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session, object_session

from glossary.errors import NotFoundError
from glossary.indexing import index_terms
from glossary.models import Change, ChangeBatch, Concept, ConceptOrigin, Term, utcnow
from glossary.records import UndoResult

CONCEPT_FIELDS = ("category", "subject", "definition", "note", "sources", "code", "attrs",
                  "created_at", "created_by", "modified_at", "modified_by")
TERM_FIELDS = ("concept_id", "lang", "text", "status", "type", "note", "source", "gender", "number", "attrs",
               "created_at", "created_by", "modified_at", "modified_by")
#: Not a column: which entries of imported glossary files became the concept (``concept_origin``),
#: kept with a deleted concept so that undoing the delete also keeps a re-import from duplicating it.
ORIGINS = "origins"
_UNDO_CHUNK = 500


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _restore(field: str, value: Any) -> Any:
    if field.endswith("_at") and isinstance(value, str):
        return datetime.fromisoformat(value)
    return value


def snapshot(obj: Concept | Term) -> dict[str, Any]:
    """The JSON-safe state of a concept or term, as history stores it."""
    fields = CONCEPT_FIELDS if isinstance(obj, Concept) else TERM_FIELDS
    state = {f: _jsonable(getattr(obj, f)) for f in fields}
    if isinstance(state.get("sources"), tuple):
        state["sources"] = list(state["sources"])
    session = object_session(obj)
    if isinstance(obj, Concept) and obj.id is not None and session is not None:
        state[ORIGINS] = [list(row) for row in session.execute(
            select(ConceptOrigin.origin, ConceptOrigin.entry_id).where(ConceptOrigin.concept_id == obj.id)
            .order_by(ConceptOrigin.origin, ConceptOrigin.entry_id))]
    return state


class Recorder:
    """Records the changes of one batch (one user command) inside the caller's transaction."""

    def __init__(self, session: Session, author: str, description: str, undo_of: int | None = None) -> None:
        self.session = session
        self.batch = ChangeBatch(author=author, description=description, at=utcnow(), undone=False, undo_of=undo_of)
        session.add(self.batch)
        session.flush()

    def record(self, action: str, obj: Concept | Term, before: dict | None, after: dict | None) -> None:
        """Record one change; ``obj`` must be flushed (it has an id)."""
        entity = "concept" if isinstance(obj, Concept) else "term"
        concept_id = obj.id if isinstance(obj, Concept) else obj.concept_id
        self.session.add(Change(batch_id=self.batch.id, action=action, entity=entity, entity_id=obj.id,
                                concept_id=concept_id, before=before, after=after))

    def created(self, obj: Concept | Term) -> None:
        """Record a creation."""
        self.record("create", obj, None, snapshot(obj))

    def deleted(self, obj: Concept | Term, before: dict) -> None:
        """Record a deletion (``before`` taken before the delete)."""
        self.record("delete", obj, before, None)

    def updated(self, obj: Concept | Term, before: dict) -> None:
        """Record an update if anything changed."""
        after = snapshot(obj)
        if after != before:
            self.record("update", obj, before, after)


def undo_last(session: Session, author: str) -> UndoResult:
    """Revert the newest change batch that is not itself an undo and not yet undone."""
    batch = session.scalars(
        select(ChangeBatch).where(ChangeBatch.undone.is_(False), ChangeBatch.undo_of.is_(None))
        .order_by(ChangeBatch.id.desc()).limit(1)
    ).first()
    if batch is None:
        raise NotFoundError("nothing to undo")
    rec = Recorder(session, author, f"undo: {batch.description}", undo_of=batch.id)
    touched_terms: list[Term] = []
    if batch.changes and all(_is_bulk_create(c) for c in batch.changes):
        _revert_bulk_creates(session, rec, batch.changes)
    else:
        for change in reversed(batch.changes):
            _revert(session, rec, change, touched_terms)
    session.flush()
    index_terms(session, [(t.id, t.text, t.lang) for t in touched_terms if t in session and t.id])
    batch.undone = True
    concept_ids = tuple(sorted({c.concept_id for c in batch.changes}))
    return UndoResult(batch.id, batch.description, batch.author, len(batch.changes), concept_ids)


def _is_bulk_create(change: Change) -> bool:
    """A concept created by a bulk import (:mod:`glossary.bulk`), recorded compactly."""
    return change.action == "create" and change.entity == "concept" and bool((change.after or {}).get("bulk"))


def _revert_bulk_creates(session: Session, rec: Recorder, changes: list[Change]) -> None:
    """Undo an import in bulk: its concepts are deleted a chunk at a time (terms, their lookup keys
    and file origins go by the foreign keys' cascades) and each deletion is recorded as compactly
    as the import recorded the creation. One statement per chunk instead of an ORM delete and a
    flush per concept: undoing a 50,000-concept import takes seconds, not minutes."""
    session.flush()
    table = Concept.__table__
    for start in range(0, len(changes), _UNDO_CHUNK):
        chunk = changes[start:start + _UNDO_CHUNK]
        ids = [c.entity_id for c in chunk]
        present = set(session.scalars(select(table.c.id).where(table.c.id.in_(ids))))
        rows = [{"batch_id": rec.batch.id, "action": "delete", "entity": "concept", "entity_id": c.entity_id,
                 "concept_id": c.entity_id, "before": c.after, "after": None}
                for c in chunk if c.entity_id in present]
        if rows:
            session.execute(delete(table).where(table.c.id.in_(present)))
            session.execute(insert(Change.__table__), rows)
    session.expire_all()


def _revert(session: Session, rec: Recorder, change: Change, touched: list[Term]) -> None:
    model = Concept if change.entity == "concept" else Term
    obj = session.get(model, change.entity_id)
    if change.action == "create":
        if obj is not None:
            before = snapshot(obj)
            session.delete(obj)
            session.flush()
            rec.deleted(obj, before)
        return
    state = dict(change.before or {})
    origins = state.pop(ORIGINS, None) or []
    if change.action == "delete":
        obj = model(id=change.entity_id, **{f: _restore(f, v) for f, v in state.items()})
        session.add(obj)
        session.flush()
        session.add_all(ConceptOrigin(origin=o, entry_id=e, concept_id=obj.id) for o, e in origins)
        session.flush()
        rec.created(obj)
    elif obj is not None:  # update
        before = snapshot(obj)
        for f, v in state.items():
            setattr(obj, f, _restore(f, v))
        session.flush()
        rec.updated(obj, before)
    if isinstance(obj, Term):
        touched.append(obj)
