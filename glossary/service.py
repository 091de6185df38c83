"""The termbase service: validated creates, edits, deletes, merges and undo, each one transaction."""

from __future__ import annotations

import getpass
import json
import os
import unicodedata
from collections import namedtuple
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from glossary import languages
from glossary.db import Database, bump_revision, param_mark
from glossary.errors import IntegrityConflict, NotFoundError, ValidationError
from glossary.history import Recorder, snapshot, undo_last
from glossary.indexing import BULK_TERMS, index_terms, refresh_trigram_stats
from glossary.models import Change, ChangeBatch, Concept, Term, TermKey, utcnow
from glossary.records import ChangeRecord, ConceptDraft, ConceptRecord, TermDraft, TermRecord, UndoResult
from glossary.text.keys import KeyKind, norm_key
from glossary.vocab import STATUS_RANK, Category, Gender, Number, Status, TermType, parse_enum

MAX_TERM_LENGTH = 500


def current_author() -> str:
    """Who is making changes: ``SILKTERM_USER`` or the login name."""
    try:
        return os.environ.get("SILKTERM_USER") or getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def clean_text(value: str, field: str = "text") -> str:
    """NFC, trimmed, single-line text; raises ValidationError when empty, too long or with control characters."""
    s = unicodedata.normalize("NFC", value or "").strip()
    if not s:
        raise ValidationError(f"{field}: must not be empty")
    if len(s) > MAX_TERM_LENGTH:
        raise ValidationError(f"{field}: longer than {MAX_TERM_LENGTH} characters")
    if any(unicodedata.category(c) == "Cc" for c in s):
        raise ValidationError(f"{field}: contains control characters (tabs, newlines, NUL ...)")
    return s


def _optional(value: str | None) -> str | None:
    value = (value or "").strip()
    return unicodedata.normalize("NFC", value) if value else None


def validate_concept(draft: ConceptDraft) -> dict[str, Any]:
    """Validated, normalized concept fields of a draft (raises ValidationError naming the field)."""
    return {
        "category": str(parse_enum(Category, draft.category, "category")),
        "subject": _optional(draft.subject), "definition": _optional(draft.definition),
        "note": _optional(draft.note), "code": _optional(draft.code),
        "sources": [clean_text(v, "source") for v in draft.sources],
    }


def validate_term(raw: dict[str, Any], partial: dict[str, Any] | None = None) -> dict[str, Any]:
    """Validated, normalized term fields; with ``partial``, only the changed fields plus lang/text/status."""
    values = {
        "lang": languages.canonical(raw["lang"]),
        "text": clean_text(raw["text"]),
        "status": str(parse_enum(Status, raw.get("status") or "preferred", "status")),
        "type": str(parse_enum(TermType, raw.get("type") or "full", "type")),
        "note": _optional(raw.get("note")), "source": _optional(raw.get("source")),
        "gender": (g := parse_enum(Gender, _optional(raw.get("gender")), "gender")) and str(g),
        "number": (n := parse_enum(Number, _optional(raw.get("number")), "number")) and str(n),
    }
    if partial is None:
        return values
    return {k: v for k, v in values.items() if k in partial} | {k: values[k] for k in ("lang", "text", "status")}


def _reject_unknown(fields: dict[str, Any], allowed: set[str], what: str) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(f"unknown {what} field(s): {', '.join(sorted(unknown))}")


def term_record(t: Term) -> TermRecord:
    """Convert an ORM term to its record."""
    return TermRecord(t.id, t.concept_id, t.lang, t.text, t.status, t.type, t.note, t.source, t.gender,
                      t.number, t.modified_at, t.modified_by)


_TERM_SQL = "id, concept_id, lang, text, status, type, note, source, gender, number, modified_at, modified_by"
_CONCEPT_SQL = ("id, category, subject, definition, note, sources, code, created_at, created_by, modified_at, "
                "modified_by")
_ConceptRow = namedtuple("_ConceptRow", _CONCEPT_SQL.replace(",", " "))


def _as_datetime(value: Any) -> datetime | None:
    """A stored timestamp as an aware datetime (SQLite hands back text, PostgreSQL a datetime)."""
    if value is None or isinstance(value, datetime):
        return value
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _as_json_list(value: Any) -> list[str]:
    return json.loads(value) if isinstance(value, str) else list(value or [])


def _record_from_row(c: Any, terms: list[TermRecord]) -> ConceptRecord:
    order = {lang: i for i, lang in enumerate(languages.display_order({t.lang for t in terms}))}
    terms = sorted(terms, key=lambda t: (order[t.lang], STATUS_RANK.get(t.status, 9), t.id))
    return ConceptRecord(c.id, c.category, c.subject, c.definition, c.note, tuple(c.sources or ()), c.code,
                         c.created_at, c.created_by, c.modified_at, c.modified_by, tuple(terms))


def concept_record(c: Concept) -> ConceptRecord:
    """Convert an ORM concept (terms loaded) to its record."""
    return _record_from_row(c, [term_record(t) for t in c.terms])


class TermbaseService:
    """Every change to concepts and terms goes through here: validated, recorded, undoable."""

    def __init__(self, db: Database, author: str | None = None) -> None:
        self.db = db
        self.author = author or current_author()

    # ---- reading -------------------------------------------------------------------------------
    def get_concept(self, concept_id: int) -> ConceptRecord:
        """The concept with all its terms, or NotFoundError."""
        with self.db.read() as s:
            record = self.load_concepts(s, [concept_id]).get(concept_id)
        if record is None:
            raise NotFoundError(f"concept {concept_id} does not exist")
        return record

    def list_concepts(self, limit: int = 50, offset: int = 0) -> list[ConceptRecord]:
        """Concepts by id, for browsing (newest last)."""
        with self.db.read() as s:
            ids = list(s.scalars(select(Concept.id).order_by(Concept.id).limit(limit).offset(offset)))
            records = self.load_concepts(s, ids)
            return [records[i] for i in ids if i in records]

    def get_term(self, term_id: int) -> TermRecord:
        """One term, or NotFoundError."""
        with self.db.read() as s:
            return term_record(self._term(s, term_id))

    def count(self) -> tuple[int, int]:
        """(concepts, terms) in the termbase."""
        with self.db.read() as s:
            return (s.scalar(select(func.count(Concept.id))) or 0, s.scalar(select(func.count(Term.id))) or 0)

    def history(self, concept_id: int | None = None, limit: int = 50) -> list[ChangeRecord]:
        """Recorded changes, newest first, optionally of one concept."""
        with self.db.read() as s:
            q = select(Change, ChangeBatch).join(ChangeBatch).order_by(Change.id.desc()).limit(limit)
            if concept_id is not None:
                q = q.where(Change.concept_id == concept_id)
            return [ChangeRecord(c.id, b.id, b.at, b.author, b.description, c.action, c.entity, c.entity_id,
                                 c.concept_id, c.before, c.after, b.undone) for c, b in s.execute(q)]

    # ---- concepts ------------------------------------------------------------------------------
    def add_concept(self, draft: ConceptDraft, *, allow_duplicate: bool = False) -> ConceptRecord:
        """Create a concept with its terms."""
        ids = self.add_concepts([draft], description=None, allow_duplicate=allow_duplicate)
        return self.get_concept(ids[0])

    def add_concepts(self, drafts: Iterable[ConceptDraft], *, description: str | None = None,
                     allow_duplicate: bool = False) -> list[int]:
        """Create many concepts in one transaction and one undoable batch; return their ids."""
        drafts = list(drafts)
        if description is None:
            first = drafts[0].terms[0].text if len(drafts) == 1 and drafts[0].terms else None
            description = f"add concept {first!r}" if first else f"add {len(drafts)} concepts"
        with self.batch(description) as writer:
            return [writer.add(d, allow_duplicate=allow_duplicate) for d in drafts]

    @contextmanager
    def batch(self, description: str) -> Iterator[BatchWriter]:
        """One transaction and one undoable history batch for many concept writes (imports, packs)."""
        with self.db.write() as s:
            writer = BatchWriter(self, s, Recorder(s, self.author, description))
            yield writer
            writer.finish()

    def update_concept(self, concept_id: int, **fields: Any) -> ConceptRecord:
        """Change category, subject, definition, note, sources or code of a concept."""
        _reject_unknown(fields, {"category", "subject", "definition", "note", "sources", "code"}, "concept")
        with self.db.write() as s:
            c = self._concept(s, concept_id)
            before = snapshot(c)
            rec = Recorder(s, self.author, f"edit concept {concept_id}")
            for key, value in fields.items():
                if key == "category":
                    value = str(parse_enum(Category, value, "category"))
                elif key == "sources":
                    value = [clean_text(v, "source") for v in (value or [])]
                else:
                    value = _optional(value)
                setattr(c, key, value)
            self._touch(c)
            s.flush()
            rec.updated(c, before)
            bump_revision(s)
        return self.get_concept(concept_id)

    def delete_concept(self, concept_id: int) -> None:
        """Delete a concept and its terms (undoable)."""
        with self.db.write() as s:
            c = self._concept(s, concept_id)
            rec = Recorder(s, self.author, f"delete concept {concept_id} ({concept_record(c).label()})")
            for t in list(c.terms):
                self._delete_term(s, rec, t)
            s.expire(c, ["terms"])
            before = snapshot(c)
            s.delete(c)
            s.flush()
            rec.deleted(c, before)
            bump_revision(s)

    def merge(self, target_id: int, source_id: int) -> ConceptRecord:
        """Merge ``source_id`` into ``target_id``: its terms move over, duplicates drop, the source goes.

        A moved preferred term is demoted to admitted where the target already has a preferred term.
        """
        if target_id == source_id:
            raise ValidationError("merge: a concept cannot be merged into itself")
        with self.db.write() as s:
            target, source = self._concept(s, target_id), self._concept(s, source_id)
            rec = Recorder(s, self.author, f"merge concept {source_id} into {target_id}")
            have = {(t.lang, t.text) for t in target.terms}
            preferred_langs = {t.lang for t in target.terms if t.status == Status.PREFERRED}
            moved: list[Term] = []
            for t in list(source.terms):
                if (t.lang, t.text) in have:
                    self._delete_term(s, rec, t)
                    continue
                before = snapshot(t)
                t.concept_id = target.id
                if t.status == Status.PREFERRED and t.lang in preferred_langs:
                    t.status = str(Status.ADMITTED)
                preferred_langs.add(t.lang) if t.status == Status.PREFERRED else None
                self._touch(t)
                s.flush()
                rec.updated(t, before)
                moved.append(t)
            before = snapshot(target)
            target.sources = list(dict.fromkeys([*(target.sources or []), *(source.sources or [])]))
            if source.note and source.note != target.note:
                target.note = "\n".join(filter(None, [target.note, f"(merged from concept {source_id}) {source.note}"]))
            target.definition = target.definition or source.definition
            target.subject = target.subject or source.subject
            self._touch(target)
            s.flush()
            rec.updated(target, before)
            s.expire(source, ["terms"])
            before = snapshot(source)
            s.delete(source)
            s.flush()
            rec.deleted(source, before)
            bump_revision(s)
        return self.get_concept(target_id)

    # ---- terms ---------------------------------------------------------------------------------
    def add_term(self, concept_id: int, draft: TermDraft, *, allow_duplicate: bool = False) -> TermRecord:
        """Add a term to a concept."""
        with self.db.write() as s:
            self._concept(s, concept_id)
            rec = Recorder(s, self.author, f"add term {draft.text!r} to concept {concept_id}")
            term = self._insert_term(s, rec, concept_id, draft, allow_duplicate, utcnow())
            bump_revision(s)
            return term_record(term)

    def add_variant(self, concept_id: int, lang: str, text: str, *, type: str = "variant",
                    status: str = "admitted", note: str | None = None) -> TermRecord:
        """Add a spelling variant (admitted by default) to a concept."""
        return self.add_term(concept_id, TermDraft(lang=lang, text=text, status=status, type=type, note=note))

    def edit_term(self, term_id: int, *, allow_duplicate: bool = False, **fields: Any) -> TermRecord:
        """Change fields of a term (text, lang, status, type, note, source, gender, number)."""
        _reject_unknown(fields, {"text", "lang", "status", "type", "note", "source", "gender", "number"}, "term")
        with self.db.write() as s:
            t = self._term(s, term_id)
            before = snapshot(t)
            rec = Recorder(s, self.author, f"edit term {term_id} ({t.text!r})")
            values = validate_term({**before, **fields}, partial=fields)
            self._check_term(s, t.concept_id, values, exclude=t.id, allow_duplicate=allow_duplicate)
            for key, value in values.items():
                setattr(t, key, value)
            self._touch(t)
            s.flush()
            rec.updated(t, before)
            if "text" in fields or "lang" in fields:
                index_terms(s, [(t.id, t.text, t.lang)])
            bump_revision(s)
            return term_record(t)

    def set_status(self, term_id: int, status: str, *, allow_duplicate: bool = False) -> TermRecord:
        """Change a term's status."""
        return self.edit_term(term_id, status=status, allow_duplicate=allow_duplicate)

    def delete_term(self, term_id: int) -> TermRecord:
        """Delete one term (undoable)."""
        with self.db.write() as s:
            t = self._term(s, term_id)
            gone = term_record(t)
            rec = Recorder(s, self.author, f"delete term {term_id} ({t.text!r})")
            self._delete_term(s, rec, t)
            bump_revision(s)
            return gone

    def undo(self) -> UndoResult:
        """Revert the last change batch (one command) not yet undone."""
        with self.db.write() as s:
            result = undo_last(s, self.author)
            bump_revision(s)
            return result

    # ---- internals -----------------------------------------------------------------------------
    def _concept(self, s: Session, concept_id: int) -> Concept:
        c = s.scalars(select(Concept).where(Concept.id == concept_id).options(selectinload(Concept.terms))).first()
        if c is None:
            raise NotFoundError(f"concept {concept_id} does not exist")
        return c

    def _term(self, s: Session, term_id: int) -> Term:
        t = s.get(Term, term_id)
        if t is None:
            raise NotFoundError(f"term {term_id} does not exist")
        return t

    def load_concepts(self, s: Session, ids: Sequence[int]) -> dict[int, ConceptRecord]:
        """Records of several concepts, read in the caller's session with two plain driver-level
        queries (no ORM, no statement compilation: lookup calls this on every keystroke)."""
        out: dict[int, ConceptRecord] = {}
        ids = list(dict.fromkeys(ids))
        conn = s.connection()
        mark = param_mark(conn)
        for start in range(0, len(ids), 500):
            chunk = tuple(ids[start:start + 500])
            marks = ",".join([mark] * len(chunk))
            terms: dict[int, list[TermRecord]] = {}
            for row in conn.exec_driver_sql(f"SELECT {_TERM_SQL} FROM term WHERE concept_id IN ({marks})", chunk):
                terms.setdefault(row[1], []).append(TermRecord(*row[:10], _as_datetime(row[10]), row[11]))
            for row in conn.exec_driver_sql(f"SELECT {_CONCEPT_SQL} FROM concept WHERE id IN ({marks})", chunk):
                c = _ConceptRow(*row[:5], _as_json_list(row[5]), row[6], _as_datetime(row[7]), row[8],
                                _as_datetime(row[9]), row[10])
                out[c.id] = _record_from_row(c, terms.get(c.id, []))
        return out

    def _touch(self, obj: Concept | Term) -> None:
        obj.modified_at, obj.modified_by = utcnow(), self.author

    def _delete_term(self, s: Session, rec: Recorder, t: Term) -> None:
        before = snapshot(t)
        s.delete(t)
        s.flush()
        rec.deleted(t, before)

    def _insert_term(self, s: Session, rec: Recorder, concept_id: int, draft: TermDraft, allow_duplicate: bool,
                     now: Any, *, check: bool = True) -> Term:
        """Validate, check (unless trusted bulk data), insert, record and (when checked) index a term."""
        values = validate_term(draft.__dict__)
        if check:
            self._check_term(s, concept_id, values, exclude=None, allow_duplicate=allow_duplicate)
        term = Term(concept_id=concept_id, **values, created_at=now, created_by=self.author,
                    modified_at=now, modified_by=self.author)
        s.add(term)
        if check:  # later checks in the same batch must see this term
            s.flush()
            rec.created(term)
            index_terms(s, [(term.id, term.text, term.lang)], fresh=True)
        return term

    def _check_term(self, s: Session, concept_id: int, values: dict[str, Any], *, exclude: int | None,
                    allow_duplicate: bool) -> None:
        """Enforce: same text once per concept and language; one preferred term per concept and
        language; a preferred text not preferred in another concept unless ``allow_duplicate``."""
        lang, text_ = values["lang"], values["text"]
        siblings = s.scalars(select(Term).where(Term.concept_id == concept_id, Term.lang == lang)).all()
        for t in siblings:
            if t.id == exclude:
                continue
            if t.text == text_:
                raise IntegrityConflict(f"concept {concept_id} already has the {lang} term {text_!r} (term {t.id})")
            if values["status"] == Status.PREFERRED and t.status == Status.PREFERRED:
                raise IntegrityConflict(
                    f"concept {concept_id} already has a preferred {lang} term {t.text!r} (term {t.id}); "
                    "set that one to admitted first, or add this one as admitted"
                )
        if values["status"] != Status.PREFERRED or allow_duplicate:
            return
        key = norm_key(text_)
        clash = s.execute(
            select(Term.id, Term.concept_id, Term.text).join(TermKey, TermKey.term_id == Term.id)
            .where(TermKey.kind == str(KeyKind.NORM), TermKey.key == key, Term.lang == lang,
                   Term.status == str(Status.PREFERRED), Term.concept_id != concept_id)
            .limit(1)
        ).first()
        if clash:
            raise IntegrityConflict(
                f"{text_!r} is already the preferred {lang} term of concept {clash.concept_id} "
                f"({clash.text!r}); use --allow-duplicate to make it preferred in both"
            )


class BatchWriter:
    """Writes concepts inside one transaction and history batch; see :meth:`TermbaseService.batch`."""

    def __init__(self, service: TermbaseService, session: Session, recorder: Recorder) -> None:
        self.service, self.session, self.recorder = service, session, recorder
        self._pending: list[Term] = []
        self._now = utcnow()

    def add(self, draft: ConceptDraft, *, allow_duplicate: bool = False, check: bool = True) -> int:
        """Create a concept with its terms; ``check=False`` skips the per-term integrity queries
        (for trusted bulk data whose rules were checked beforehand) and defers indexing."""
        s, author = self.session, self.service.author
        concept = Concept(**validate_concept(draft), created_at=self._now, created_by=author,
                          modified_at=self._now, modified_by=author)
        s.add(concept)
        s.flush()
        self.recorder.created(concept)
        terms = [self.service._insert_term(s, self.recorder, concept.id, td, allow_duplicate, self._now, check=check)
                 for td in draft.terms]
        if not check:
            s.flush()
            for term in terms:
                self.recorder.created(term)
            self._pending += terms
        return concept.id

    def replace(self, concept_id: int, draft: ConceptDraft) -> None:
        """Make a concept's fields and terms equal to ``draft`` (terms matched by language and text)."""
        s = self.session
        c = self.service._concept(s, concept_id)
        before = snapshot(c)
        for key, value in validate_concept(draft).items():
            setattr(c, key, value)
        self.service._touch(c)
        s.flush()
        self.recorder.updated(c, before)
        wanted = {(v["lang"], v["text"]): v for v in (validate_term(td.__dict__) for td in draft.terms)}
        existing = {(t.lang, t.text): t for t in c.terms}
        for key, t in existing.items():
            if key not in wanted:
                self.service._delete_term(s, self.recorder, t)
        # Demotions first, so the one-preferred-per-language index never sees two at once.
        ordered = sorted(wanted.items(), key=lambda kv: kv[1]["status"] == Status.PREFERRED)
        for key, values in ordered:
            t = existing.get(key)
            if t is None:
                t = Term(concept_id=c.id, **values, created_at=self._now, created_by=self.service.author,
                         modified_at=self._now, modified_by=self.service.author)
                s.add(t)
                s.flush()
                self.recorder.created(t)
                index_terms(s, [(t.id, t.text, t.lang)], fresh=True)
                continue
            before = snapshot(t)
            for field, value in values.items():
                setattr(t, field, value)
            if snapshot(t) != before:
                self.service._touch(t)
                s.flush()
                self.recorder.updated(t, before)

    def finish(self) -> None:
        """Index deferred terms and advance the data revision."""
        if self._pending:
            index_terms(self.session, [(t.id, t.text, t.lang) for t in self._pending], fresh=True)
            if len(self._pending) >= BULK_TERMS:
                refresh_trigram_stats(self.session)
            self._pending = []
        bump_revision(self.session)
