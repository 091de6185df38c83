"""Stored findings: merged by fingerprint so review states survive re-runs.

A fingerprint is the check, the file name (not its folder), the normalized text, the concept and the
expected form: not the line number, so an edit above a finding does not bring it back as new.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session

from glossary.checks.catalog import ORDER
from glossary.checks.models import StoredFinding
from glossary.checks.records import Finding, Place
from glossary.models import utcnow
from glossary.text.normalize import fold

#: States a re-run leaves alone (the reviewer decided).
DECIDED = ("ignored", "accepted")


def fingerprint(f: Finding) -> str:
    """The stable identity of a finding across runs."""
    name = PurePath(f.scope or f.file).name
    key = f.key or fold(f.text)
    payload = "\x1f".join([f.check, name, key, str(f.concept_id or ""), fold(f.expected or "")])
    return hashlib.blake2b(payload.encode("utf-8"), digest_size=16).hexdigest()


def to_record(row: StoredFinding) -> Finding:
    """A stored row as a frozen record."""
    places = tuple(Place(p["file"], p.get("line"), p.get("text", "")) for p in row.places or [])
    return Finding(row.id, row.check_id, row.severity, row.file, row.line, row.text, row.concept_id, row.expected,
                   row.message, row.context, row.state, row.lang, places, row.scope)


def merge(s: Session, produced: Sequence[Finding], scopes: Iterable[str], author: str) -> tuple[list[Finding], int]:
    """Store a run's findings; return them with ids and states, and how many earlier ones became fixed.

    New fingerprints are stored open; fixed ones come back open; ignored and accepted ones keep their
    state. Open findings of the checked ``scopes`` that this run did not produce become fixed.
    """
    now = utcnow()
    scope_names = {PurePath(x).name for x in scopes}
    groups: dict[str, list[Finding]] = {}
    for f in produced:
        groups.setdefault(fingerprint(f), []).append(f)
    by_print = {fp: _collapse(group) for fp, group in groups.items()}
    existing = {}
    prints = list(by_print)
    for i in range(0, len(prints), 500):
        chunk = prints[i:i + 500]
        existing.update({r.fingerprint: r for r in s.scalars(select(StoredFinding).where(
            StoredFinding.fingerprint.in_(chunk)))})
    rows = []
    for fp, f in by_print.items():
        row = existing.get(fp)
        if row is None:
            row = StoredFinding(fingerprint=fp, first_seen=now, state="open")
            s.add(row)
        elif row.state == "fixed":
            row.state = "open"
        _fill(row, f, now)
        rows.append(row)
    fixed = 0
    if scope_names:
        stale = s.scalars(select(StoredFinding).where(
            StoredFinding.state == "open", StoredFinding.scope.in_(sorted(scope_names))))
        for row in stale:
            if row.fingerprint not in by_print:
                row.state, row.state_by = "fixed", author
                fixed += 1
    s.flush()
    return [to_record(r) for r in rows], fixed


def _collapse(group: list[Finding]) -> Finding:
    """One finding for repeats of the same form in one file, listing every place."""
    first = group[0]
    if len(group) == 1 or first.places:
        return first
    return replace(first, places=tuple(Place(f.file, f.line, f.text) for f in group))


def _fill(row: StoredFinding, f: Finding, now) -> None:  # type: ignore[no-untyped-def]
    row.check_id, row.severity, row.file, row.line, row.lang = f.check, f.severity, f.file, f.line, f.lang
    row.scope = PurePath(f.scope or f.file).name
    row.text, row.concept_id, row.expected, row.message, row.context = (
        f.text, f.concept_id, f.expected, f.message, f.context)
    row.places = [{"file": p.file, "line": p.line, "text": p.text} for p in f.places] or None
    row.last_seen = now


def sort_key(f: Finding) -> tuple:
    """Report order: check, then file, then line."""
    return ORDER.get(f.check, 99), f.file, f.line or 0, f.text
