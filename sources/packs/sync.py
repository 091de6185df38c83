"""Apply a term pack to a termbase: idempotent, and a newer pack never overwrites the user's edits.

Three-way merge per concept, by content hash: the entry as last applied (stored in ``pack_entry``),
the concept as it is now, and the entry in the new pack.

- new entry → concept created;
- concept unchanged since last applied, entry changed → concept updated to the new entry;
- concept edited by the user, entry unchanged → kept (nothing to do);
- both changed → the user's version is kept and the conflict reported;
- concept deleted by the user → not re-created, reported.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from glossary.models import Concept, PackEntry
from glossary.records import ConceptDraft, ConceptRecord
from glossary.service import TermbaseService, concept_record, validate_concept, validate_term
from sources.packs.loader import Pack

_TERM_FIELDS = ("lang", "text", "status", "type", "note", "source", "gender", "number")


def _digest(concept: dict[str, Any], terms: list[dict[str, Any]]) -> str:
    body = {**concept, "terms": sorted(({f: t.get(f) for f in _TERM_FIELDS} for t in terms),
                                       key=lambda t: (t["lang"], t["text"]))}
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def draft_hash(draft: ConceptDraft) -> str:
    """Content hash of a pack entry, after the same validation the termbase applies."""
    return _digest(validate_concept(draft), [validate_term(t.__dict__) for t in draft.terms])


def record_hash(record: ConceptRecord) -> str:
    """Content hash of a stored concept, comparable with :func:`draft_hash`."""
    concept = {"category": record.category, "subject": record.subject, "definition": record.definition,
               "note": record.note, "code": record.code, "sources": list(record.sources)}
    return _digest(concept, [t.__dict__ for t in record.terms])


@dataclass
class SyncReport:
    """What applying a pack did."""

    pack: str
    version: int
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    kept_user_edits: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    deleted_by_user: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether the termbase changed."""
        return bool(self.added or self.updated)

    def summary(self) -> str:
        """One line for the terminal."""
        return (f"{self.pack} v{self.version}: {len(self.added)} added, {len(self.updated)} updated, "
                f"{self.unchanged} unchanged, {len(self.kept_user_edits)} kept with your edits, "
                f"{len(self.conflicts)} conflicts (your version kept), {len(self.deleted_by_user)} deleted by you")


def _plan(session, pack: Pack) -> tuple[SyncReport, list[tuple[str, Any, str]]]:  # type: ignore[no-untyped-def]
    """Decide, per entry, what to do: ('add'|'replace'|'rehash', entry, hash)."""
    report = SyncReport(pack.name, pack.version)
    actions: list[tuple[str, Any, str]] = []
    applied = {e.entry_key: e for e in session.scalars(select(PackEntry).where(PackEntry.pack == pack.name))}
    for pc in pack.concepts:
        new_hash = draft_hash(pc.draft)
        entry = applied.get(pc.key)
        if entry is None:
            actions.append(("add", pc, new_hash))
            report.added.append(pc.key)
            continue
        concept = session.get(Concept, entry.concept_id)
        if concept is None:
            report.deleted_by_user.append(pc.key)
            continue
        current = record_hash(concept_record(concept))
        if new_hash == entry.applied_hash:
            if current == entry.applied_hash:
                report.unchanged += 1
            else:
                report.kept_user_edits.append(pc.key)
        elif current == entry.applied_hash:
            actions.append(("replace", (pc, entry), new_hash))
            report.updated.append(pc.key)
        elif current == new_hash:  # the user already made the same change
            actions.append(("rehash", entry, new_hash))
            report.unchanged += 1
        else:
            report.conflicts.append(pc.key)
    return report, actions


def sync_pack(service: TermbaseService, pack: Pack) -> SyncReport:
    """Apply ``pack`` in one transaction and one undoable batch; see the module docstring."""
    with service.db.read() as s:
        report, actions = _plan(s, pack)
    if not actions:
        return report
    with service.batch(f"load pack {pack.name} v{pack.version}") as writer:
        s = writer.session
        report, actions = _plan(s, pack)  # again, inside the write lock
        for action, target, new_hash in actions:
            if action == "add":
                concept_id = writer.add(target.draft, check=False)
                s.add(PackEntry(pack=pack.name, entry_key=target.key, concept_id=concept_id,
                                applied_hash=new_hash, applied_version=pack.version))
                continue
            pc, entry = target if action == "replace" else (None, target)
            if pc is not None:
                writer.replace(entry.concept_id, pc.draft)
            entry.applied_hash, entry.applied_version = new_hash, pack.version
    return report
