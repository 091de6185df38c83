"""ReviewService: run the checks over files, the TM and the termbase; keep and review the findings.

Records only leave this service (``Finding``, ``CheckInfo``, ``CheckReport``); every call is its
own transaction. Files are read through an injected reader (``glossary`` may not import the format
modules in ``sources``); :func:`sources.bilingual.review_service` builds a service wired to the
standard one, which reads every format in ``sources.importer.UNIT_READERS`` and txt/md/html documents.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy import select

from glossary.checks import catalog
from glossary.checks.matcher import TermMatcher
from glossary.checks.models import StoredFinding
from glossary.checks.records import STATES, CheckInfo, CheckReport, FileError, Finding, Segment, Summary
from glossary.checks.runner import CheckRun
from glossary.checks.store import merge, sort_key, to_record
from glossary.checks.tm_input import tm_segments
from glossary.db import Database, data_revision
from glossary.errors import NotFoundError, SilktermError, ValidationError
from glossary.service import TermbaseService, current_author

#: Reads one file into segments; raises :class:`glossary.errors.SilktermError` (one line) when it cannot.
InputReader = Callable[[Path], Sequence[Segment]]
#: Called with (inputs done, inputs in total) while a run reads and checks.
Progress = Callable[[int, int], None]


class ReviewService:
    """Consistency review of documents, bilingual files and the TM against the termbase.

    Args:
        db: the open database (termbase, TM and stored findings).
        reader: how a file becomes segments; see :func:`sources.bilingual.review_service`.
        author: who changes review states (default: ``SILKTERM_USER`` or the login name).
    """

    def __init__(self, db: Database, reader: InputReader | None = None, *, author: str | None = None) -> None:
        self.db = db
        self.reader = reader
        self.author = author or current_author()
        self.termbase = TermbaseService(db, author=self.author)
        self._matcher: TermMatcher | None = None

    # ---- running -------------------------------------------------------------------------------
    def run(self, paths: Sequence[Path], *, tm: bool = False, termbase: bool = False,
            progress: Progress | None = None) -> CheckReport:
        """Check ``paths`` (and the TM with ``tm``, the termbase itself with ``termbase``); store the findings.

        A file that cannot be read is reported in ``CheckReport.errors`` (one line each) and the others
        are still checked. Findings come back stored (with ``id`` and ``state``), ordered by check,
        file and line; findings ignored or accepted earlier keep that state. Open stored findings of
        the checked files that this run no longer produces become ``fixed``.

        Raises:
            ValidationError: nothing was given to check, or files were given without a reader.
        """
        paths = list(paths)
        if not paths and not tm and not termbase:
            raise ValidationError("nothing to check: give files, --tm or --termbase")
        if paths and self.reader is None:
            raise ValidationError("this review service has no file reader (use sources.bilingual.review_service)")
        total = len(paths) + int(tm) + int(termbase)
        inputs: list[tuple[str, Sequence[Segment]]] = []
        errors: list[FileError] = []
        for done, path in enumerate(paths):
            try:
                segments = self.reader(path)  # type: ignore[misc]
            except SilktermError as exc:
                errors.append(FileError(str(path), str(exc)))
            else:
                inputs.append((str(path), segments))
            if progress:
                progress(done + 1, total)
        if tm:
            inputs.append(("tm", tm_segments(self.db)))
            if progress:
                progress(len(paths) + 1, total)
        run = CheckRun(self.matcher())
        produced = run.check(inputs)
        if termbase:
            produced += run.selfcheck()
        scopes = [name for name, _segs in inputs] + (["termbase"] if termbase else [])
        with self.db.write() as s:
            stored, fixed = merge(s, produced, scopes, self.author)
        if progress:
            progress(total, total)
        stored.sort(key=sort_key)
        return CheckReport(tuple(stored), _summary(stored, inputs, termbase, fixed, errors), tuple(errors))

    def matcher(self) -> TermMatcher:
        """The compiled term matcher, rebuilt when the termbase changed since it was built."""
        with self.db.read() as s:
            revision = data_revision(s)
        if self._matcher is None or self._matcher.revision != revision:
            self._matcher = TermMatcher.from_database(self.db)
        return self._matcher

    # ---- reviewing -----------------------------------------------------------------------------
    def findings(self, state: str | None = "open", check: str | None = None) -> list[Finding]:
        """Stored findings (``state=None`` for all), ordered by check, then file and line."""
        if state is not None:
            _check_state(state)
        if check is not None and check not in catalog.BY_ID:
            raise ValidationError(f"check: {check!r} is not one of {', '.join(catalog.BY_ID)}")
        with self.db.read() as s:
            q = select(StoredFinding)
            if state is not None:
                q = q.where(StoredFinding.state == state)
            if check is not None:
                q = q.where(StoredFinding.check_id == check)
            return sorted((to_record(r) for r in s.scalars(q)), key=sort_key)

    def get(self, finding_id: int) -> Finding:
        """One stored finding, or NotFoundError."""
        with self.db.read() as s:
            return to_record(_row(s, finding_id))

    def set_state(self, finding_id: int, state: str) -> Finding:
        """Mark a finding open, fixed, ignored or accepted; a re-run keeps ignored and accepted ones."""
        _check_state(state)
        with self.db.write() as s:
            row = _row(s, finding_id)
            row.state, row.state_by = state, self.author
            s.flush()
            return to_record(row)

    def accept_as_variant(self, finding_id: int) -> Finding:
        """Add the finding's form to its concept as an admitted variant (recorded in history, undoable
        with ``term undo``) and mark the finding accepted. A form already in the concept (a deprecated
        spelling) is made admitted instead. Afterwards the form no longer raises name drift.

        Raises:
            ValidationError: the finding names no concept or no single form (key-term mismatches,
                numbers, inconsistent translations).
        """
        f = self.get(finding_id)
        if f.concept_id is None or not f.lang or f.check not in _ACCEPTABLE:
            raise ValidationError(f"finding {finding_id} ({f.check}) has no form to accept as a variant of a concept")
        concept = self.termbase.get_concept(f.concept_id)
        same = [t for t in concept.terms if t.lang == f.lang and t.text == f.text]
        if same:
            if same[0].status not in ("preferred", "admitted"):
                self.termbase.set_status(same[0].id, "admitted")
        else:
            self.termbase.add_variant(f.concept_id, f.lang, f.text, note=f"accepted in review (finding {f.id})")
        return self.set_state(finding_id, "accepted")

    def checks(self) -> list[CheckInfo]:
        """Every check: id, severity and a one-line explanation."""
        return list(catalog.CHECKS)


_ACCEPTABLE = {catalog.NEAR_VARIANT, catalog.NAME_DRIFT, catalog.DEPRECATED, catalog.FORBIDDEN}


def _check_state(state: str) -> None:
    if state not in STATES:
        raise ValidationError(f"state: {state!r} is not one of {', '.join(STATES)}")


def _row(s, finding_id: int) -> StoredFinding:  # type: ignore[no-untyped-def]
    row = s.get(StoredFinding, finding_id)
    if row is None:
        raise NotFoundError(f"finding {finding_id} does not exist")
    return row


def _summary(findings: list[Finding], inputs: list, termbase: bool, fixed: int, errors: list[FileError]) -> Summary:
    shown = [f for f in findings if f.state == "open"]
    by_check: dict[str, int] = {}
    by_severity: dict[str, int] = {}
    for f in shown:
        by_check[f.check] = by_check.get(f.check, 0) + 1
        by_severity[f.severity] = by_severity.get(f.severity, 0) + 1
    return Summary(files=len(inputs) + int(termbase), segments=sum(len(segs) for _n, segs in inputs),
                   by_check=by_check, by_severity=by_severity, suppressed=len(findings) - len(shown),
                   fixed=fixed, errors=len(errors))
