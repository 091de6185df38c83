"""Frozen records of the consistency review: what checks read (segments) and what they return."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: Review states of a stored finding.
STATES = ("open", "fixed", "ignored", "accepted")
#: Severities, worst first.
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class CheckInfo:
    """One check: its id, its severity and what it looks for."""

    id: str
    severity: str
    explanation: str
    """One line: what a finding of this check means."""


@dataclass(frozen=True)
class Place:
    """Where something occurs: file, line and the surface form written there."""

    file: str
    line: int | None
    text: str

    def where(self) -> str:
        """``file:line`` (or just the file)."""
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True)
class Finding:
    """A problem found by a check. Stored findings have an ``id`` and a review ``state``."""

    id: int
    """Stored id (0 before the finding is stored)."""
    check: str
    severity: str
    file: str
    line: int | None
    text: str
    """The offending form as written (a term, a number, a word, a segment)."""
    concept_id: int | None
    expected: str | None
    """The approved form (preferred term, the source's number ...) when there is one."""
    message: str
    context: str | None = None
    """The segment (or, for bilingual files, source ⇄ target) around the finding."""
    state: str = "open"
    lang: str | None = None
    """Language of ``text`` (what "accept as variant" adds the form under)."""
    places: tuple[Place, ...] = ()
    """Every place of a cross-file finding (name drift, inconsistent translations)."""
    scope: str = ""
    """File name (or ``tm`` / ``termbase``) whose re-check decides whether the finding was fixed."""
    key: str = ""
    """Normalized text of the fingerprint (defaults to the folded ``text``)."""

    def where(self) -> str:
        """``file:line`` of the first place."""
        return f"{self.file}:{self.line}" if self.line else self.file

    def as_json(self) -> dict[str, Any]:
        """The JSON form printed by ``silkterm check --json``."""
        return {
            "id": self.id or None, "check": self.check, "severity": self.severity, "file": self.file,
            "line": self.line, "text": self.text, "concept_id": self.concept_id, "expected": self.expected,
            "message": self.message, "context": self.context, "state": self.state, "lang": self.lang,
            "places": [{"file": p.file, "line": p.line, "text": p.text} for p in self.places],
        }


@dataclass(frozen=True)
class Segment:
    """A piece of text to check: a bilingual pair (source and target) or one line of a document."""

    file: str
    line: int | None
    source: str
    source_lang: str
    target: str | None = None
    target_lang: str | None = None

    @property
    def bilingual(self) -> bool:
        """Whether the segment has a target side."""
        return self.target is not None


@dataclass(frozen=True)
class FileError:
    """A file that could not be checked, with the one-line reason."""

    path: str
    message: str


@dataclass(frozen=True)
class Summary:
    """Counts of one run."""

    files: int
    """Files (and the TM, the termbase) checked."""
    segments: int
    by_check: Mapping[str, int] = field(default_factory=dict)
    by_severity: Mapping[str, int] = field(default_factory=dict)
    suppressed: int = 0
    """Findings produced again but ignored or accepted earlier (not shown as open)."""
    fixed: int = 0
    """Stored open findings of the checked files that this run no longer produced."""
    errors: int = 0

    def as_json(self) -> dict[str, Any]:
        """The JSON form of the summary."""
        return {"files": self.files, "segments": self.segments, "by_check": dict(self.by_check),
                "by_severity": dict(self.by_severity), "suppressed": self.suppressed, "fixed": self.fixed,
                "errors": self.errors}


@dataclass(frozen=True)
class CheckReport:
    """What one run returns: findings (stored, with ids and states), the summary, per-file errors."""

    findings: tuple[Finding, ...]
    summary: Summary
    errors: tuple[FileError, ...] = ()

    def open_findings(self) -> list[Finding]:
        """Findings still to review (not ignored or accepted)."""
        return [f for f in self.findings if f.state == "open"]
