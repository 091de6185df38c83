"""Lookup: find concepts by any of their terms, in any language and script, and say how each matched.

Kinds, best first: exact, normalized (case / dash / quote / space / Traditional-Simplified folding),
lemma (Russian inflected forms), pinyin, transliteration (Latin ↔ Cyrillic), prefix, substring
(search as you type), and fuzzy (misspellings), which runs only when nothing better matched.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import text
from sqlalchemy.orm import Session

from glossary import languages
from glossary.db import Database, param_mark
from glossary.errors import ValidationError
from glossary.fuzzy import CUTOFF, MIN_LEN, FuzzyIndex
from glossary.records import ConceptRecord
from glossary.service import TermbaseService
from glossary.text.keys import KeyKind, QueryKeys, query_keys
from glossary.text.normalize import script_of
from glossary.text.translit import romanized_compact
from glossary.trigrams import TrigramSearch
from glossary.vocab import APPROVED

SCORES = {"exact": 100.0, "normalized": 95.0, "lemma": 92.0, "pinyin": 90.0, "transliteration": 85.0}
STRONG = set(SCORES)
#: prefix scores 65–85 and substring 55–75 by how much of the term the query covers; fuzzy is
#: ``fuzz.ratio`` × 0.75, so at most 75: a misspelling never outranks a real match.
FUZZY_WEIGHT = 0.75
_CANDIDATES = 60
_MAX_QUERY = 500


@dataclass(frozen=True)
class Hit:
    """A concept found by a query, with how and how well it matched."""

    concept: ConceptRecord
    score: float
    matched_by: str
    matched_term: str
    matched_lang: str
    matched_status: str

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` shape: concept_id, category, score, matched_by, matched_term, terms."""
        terms: dict[str, list[dict[str, str]]] = {}
        for t in self.concept.terms:
            terms.setdefault(t.lang, []).append({"text": t.text, "status": t.status, "type": t.type})
        return {
            "concept_id": self.concept.id,
            "category": self.concept.category,
            "score": round(self.score, 1),
            "matched_by": self.matched_by,
            "matched_term": self.matched_term,
            "terms": terms,
        }


_LIKE = text("SELECT term_id, key FROM term_key WHERE kind = 'norm' AND key LIKE :q ESCAPE '\\' LIMIT :n")


class _Driver:
    """Hot-path SQL straight through the DB-API cursor: lookup runs on every keystroke and
    SQLAlchemy's per-call compilation of expanding IN lists cost more than SQLite itself."""

    def __init__(self, session: Session) -> None:
        self.conn = session.connection()
        self.mark = param_mark(self.conn)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        return self.conn.exec_driver_sql(sql.replace("?", self.mark), tuple(params)).all()

    def marks(self, n: int) -> str:
        return ",".join("?" * n)


class Lookup:
    """Query engine over a termbase; safe to share between threads (one session per call)."""

    def __init__(self, db: Database, service: TermbaseService | None = None) -> None:
        self.db = db
        self.service = service or TermbaseService(db)
        # SQLite: persistent FTS5 trigram index; other backends: in-memory pools (pg_trgm later)
        self.trigrams = TrigramSearch() if db.is_sqlite else None
        self.fuzzy_index = None if db.is_sqlite else FuzzyIndex()

    def search(self, query: str, *, lang: str | None = None, limit: int = 20, fuzzy: bool = True) -> list[Hit]:
        """Concepts matching ``query`` best first; ``lang`` restricts which language's terms may match."""
        qk = self._prepare(query)
        want = languages.canonical(lang) if lang else None
        if lang and "-" not in lang:
            want = languages.primary(want)  # --lang zh covers zh-Hans and zh-Hant
        with self.db.read() as s:
            found = self._candidates(s, qk, limit)
            terms = self._terms(s, found)
            if want:
                terms = {tid: row for tid, row in terms.items() if languages.matches(row[2], want)}
            found = self._refine_transliteration(qk, found, terms)
            best = self._best_per_concept(found, terms)
            # a fallback: only when nothing matched strongly and partial matches leave room in the list
            if fuzzy and len(best) < limit and not any(b[1] in STRONG for b in best.values()):
                self._add_fuzzy(s, qk, want, best)
            ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[1][5], len(kv[1][2]), kv[0]))[:limit]
            concepts = self.service.load_concepts(s, [cid for cid, _ in ranked])
        return [Hit(concepts[cid], score, kind, term, tlang, status)
                for cid, (score, kind, term, tlang, status, _rank) in ranked if cid in concepts]

    # ---- stages ----------------------------------------------------------------------------------
    @staticmethod
    def _prepare(query: str) -> QueryKeys:
        q = unicodedata.normalize("NFC", query or "").strip()
        if not q:
            raise ValidationError("query must not be empty")
        if len(q) > _MAX_QUERY:
            raise ValidationError(f"query is longer than {_MAX_QUERY} characters")
        qk = query_keys(q)
        if not qk.norm:
            raise ValidationError(f"query {query!r} has no letters or digits to search for")
        return qk

    def _candidates(self, s: Session, qk: QueryKeys, limit: int) -> dict[int, tuple[float, str]]:
        """term_id → (score, matched_by) from the index-backed stages."""
        found: dict[int, tuple[float, str]] = {}

        def offer(term_id: int, score: float, kind: str) -> None:
            if term_id not in found or found[term_id][0] < score:
                found[term_id] = (score, kind)

        db = _Driver(s)
        for (term_id,) in db.rows("SELECT id FROM term WHERE text = ?", (qk.text,)):
            offer(term_id, SCORES["exact"], "exact")
        keys = sorted({qk.norm, *qk.lemmas, *qk.translit} | ({qk.pinyin, qk.pinyin_tone} - {""}))
        sql = f"SELECT term_id, kind, key FROM term_key WHERE key IN ({db.marks(len(keys))})"
        for term_id, kind, key in db.rows(sql, keys):
            matched = self._key_match(qk, kind, key)
            if matched:
                offer(term_id, *matched)
        # With a strong match in hand, terms starting with the query (an index range) fill the rest of
        # the list; the infix search, which reads trigram statistics, runs only when nothing matched.
        strong = any(kind in STRONG for _s, kind in found.values())
        wanted = max(limit, 10) if strong else max(limit, _CANDIDATES)
        for term_id, score, kind in self._prefix(s, qk, wanted):
            offer(term_id, score, kind)
        if not strong and len(found) < wanted:  # terms containing the query, if the list has room
            for term_id, score in self._substring(s, qk, wanted):
                offer(term_id, score, "substring")
        return found

    @staticmethod
    def _key_match(qk: QueryKeys, kind: str, key: str) -> tuple[float, str] | None:
        if kind == KeyKind.NORM and key == qk.norm:
            return SCORES["normalized"], "normalized"
        if kind == KeyKind.LEMMA and key in qk.lemmas:
            return SCORES["lemma"], "lemma"
        if kind == KeyKind.PINYIN_TONE and qk.has_tone_marks and key == qk.pinyin_tone:
            return SCORES["pinyin"] + 1, "pinyin"
        if kind == KeyKind.PINYIN and not qk.has_tone_marks and key == qk.pinyin:
            return SCORES["pinyin"], "pinyin"
        if kind == KeyKind.TRANSLIT and key in qk.translit:
            return SCORES["transliteration"], "transliteration"
        return None

    def _prefix(self, s: Session, qk: QueryKeys, n: int) -> list[tuple[int, float, str]]:
        probes = [(qk.norm, [str(KeyKind.NORM)])]
        if qk.lemmas:  # "Шанхайской организации" is the start of "Шанхайская организация сотрудничества"
            probes.append((qk.lemmas[0] + " ", [str(KeyKind.LEMMA)]))
        if qk.pinyin:
            probes.append((qk.pinyin_tone, [str(KeyKind.PINYIN_TONE)]) if qk.has_tone_marks
                          else (qk.pinyin, [str(KeyKind.PINYIN)]))
        out, db = [], _Driver(s)
        for prefix, kinds in probes:
            rows = db.rows(f"SELECT term_id, kind, key FROM term_key WHERE key > ? AND key < ? "
                           f"AND kind IN ({db.marks(len(kinds))}) LIMIT ?",
                           (prefix, prefix + "\U0010ffff", *kinds, n))
            for term_id, _kind, key in rows:
                out.append((term_id, 65.0 + 20.0 * len(prefix) / len(key), "prefix"))
        return out

    def _substring(self, s: Session, qk: QueryKeys, n: int) -> list[tuple[int, float]]:
        q = qk.norm
        if len(q) >= 3 and self.trigrams is not None:
            rows = self.trigrams.substring(s, q, n)
        elif len(q) >= 3 or qk.script == "han":  # 1–2 Chinese characters: no trigram to use
            escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            rows = s.execute(_LIKE, {"q": f"%{escaped}%", "n": n}).all()
        else:
            return []
        return [(term_id, 55.0 + 20.0 * len(q) / len(key)) for term_id, key in rows if key != q and q in key]

    @staticmethod
    def _refine_transliteration(qk: QueryKeys, found: dict[int, tuple[float, str]], terms: dict[int, tuple]) -> dict:
        """A transliteration key match counts across scripts only (Tokaev ↔ Токаев; within one script
        the skeleton is too loose and such spellings are left to the fuzzy stage), and scores 80–85
        by how close the two romanized spellings are, so the nearest of several namesakes wins."""
        out = {}
        query_rom = romanized_compact(qk.text, qk.script) if qk.translit else ""
        for tid, (score, kind) in found.items():
            if kind == "transliteration":
                row = terms.get(tid)
                script = script_of(row[3]) if row else qk.script
                if script == qk.script:
                    continue
                closeness = fuzz.ratio(query_rom, romanized_compact(row[3], script))
                score = SCORES["transliteration"] - 5.0 + 5.0 * closeness / 100
            out[tid] = (score, kind)
        return out

    @staticmethod
    def _terms(s: Session, found: dict[int, Any]) -> dict[int, tuple]:
        if not found:
            return {}
        db, ids = _Driver(s), list(found)
        sql = f"SELECT id, concept_id, lang, text, status FROM term WHERE id IN ({db.marks(len(ids))})"
        return {row[0]: tuple(row) for row in db.rows(sql, ids)}

    @staticmethod
    def _best_per_concept(found: dict[int, tuple[float, str]], terms: dict[int, tuple]) -> dict[int, tuple]:
        """concept_id → (score, matched_by, term text, lang, status, status rank)."""
        best: dict[int, tuple] = {}
        for term_id, (score, kind) in found.items():
            row = terms.get(term_id)
            if row is None:
                continue
            _id, concept_id, lang, text_, status = row
            rank = 0 if status in APPROVED else 1
            score -= rank  # an approved term beats a deprecated one that matched the same way
            cur = best.get(concept_id)
            if cur is None or (score, -rank) > (cur[0], -cur[5]):
                best[concept_id] = (score, kind, text_, lang, status, rank)
        return best

    def _add_fuzzy(self, s: Session, qk: QueryKeys, want: str | None, best: dict[int, tuple]) -> None:
        if self.trigrams is not None:
            matches = []
            if qk.script in CUTOFF and len(qk.norm) >= MIN_LEN[qk.script]:
                kinds = ("norm", "pinyin") if qk.script == "latin" else ("norm",)
                matches = self.trigrams.fuzzy(s, qk.norm, CUTOFF[qk.script], 30, kinds)
                if not matches and qk.pinyin and qk.pinyin != qk.norm:  # "lv" typed for ü
                    matches += self.trigrams.fuzzy(s, qk.pinyin, CUTOFF[qk.script], 30, ("pinyin",))
        else:
            matches = self.fuzzy_index.search(s, qk)
        if not matches:
            return
        scores: dict[int, float] = {}
        for term_id, ratio, _key in matches:
            scores[term_id] = max(scores.get(term_id, 0.0), ratio)
        terms = self._terms(s, scores)
        if want:
            terms = {tid: row for tid, row in terms.items() if languages.matches(row[2], want)}
        fuzzy = self._best_per_concept({tid: (round(r * FUZZY_WEIGHT, 1), "fuzzy") for tid, r in scores.items()}, terms)
        for concept_id, entry in fuzzy.items():
            best.setdefault(concept_id, entry)  # fuzzy only adds concepts nothing better found
