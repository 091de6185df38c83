"""Lookup benchmark: latency and recall of ``Lookup.search`` per query kind on a large generated termbase.

    python bench/bench_lookup.py [--concepts 100000] [--queries 300] [--db bench/out/termbase-100000.db]

Steps: (a) make or reuse the termbase (``gen_termbase.py``); (b) build query sets from stored
concepts, each query knowing the concept it should find; (c) warm up (one query per kind, which also
builds the in-memory fuzzy pool) and time every query with ``time.perf_counter``; (d) time the
creation of the default database on first use of the ``silkterm`` command; (e) write every number
to ``bench/out/lookup.json``. It prints its numbers and exits 0; it is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import gen_termbase  # noqa: E402
import iuliia  # noqa: E402
import opencc  # noqa: E402
import pymorphy3  # noqa: E402
from pypinyin import Style, lazy_pinyin  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402
from sqlalchemy import bindparam  # noqa: E402
from sqlalchemy import text as sql  # noqa: E402

from glossary.db import Database, open_database  # noqa: E402
from glossary.indexing import ensure_index  # noqa: E402
from glossary.lookup import Lookup  # noqa: E402
from glossary.text.keys import norm_key, query_keys  # noqa: E402
from glossary.text.normalize import script_of  # noqa: E402

KINDS = ["exact", "normalized", "lemma", "pinyin", "transliteration", "prefix", "fuzzy"]
#: p95 targets from the issue, in milliseconds (prefix has none).
TARGET_MS = {"exact": 5.0, "normalized": 5.0, "lemma": 5.0, "pinyin": 5.0, "transliteration": 5.0, "fuzzy": 30.0}
FIRST_USE_TARGET_S = 5.0
LIMIT = 10
DEFAULT_QUERY_SEED = 7
OUT = HERE / "out"

console = Console(width=150)


@dataclass
class Query:
    """One benchmark query and the concept it should find."""

    kind: str
    text: str
    concept_id: int
    source: str  # the stored term it was made from
    how: str = ""  # which variant of the kind (e.g. "gent", "tone", "icao")


@dataclass
class Result:
    """The outcome of one timed query."""

    query: Query
    ms: float
    rank: int | None  # 1-based rank of the expected concept among the hits, None if absent
    matched_by: str | None  # how the expected concept matched, if it was found
    top_matched_by: str | None
    top_term: str | None
    hits: int


@dataclass
class Stored:
    """What the termbase holds, read once for building queries."""

    rows: list[tuple[int, int, str, str, str, str, str]]  # id, concept_id, lang, text, status, type, category
    texts: set[str] = field(default_factory=set)
    norms: set[str] = field(default_factory=set)
    by_concept: dict[int, list[tuple]] = field(default_factory=dict)


def read_stored(db: Database) -> Stored:
    with db.read() as s:
        rows = [tuple(r) for r in s.execute(sql(
            "SELECT t.id, t.concept_id, t.lang, t.text, t.status, t.type, c.category "
            "FROM term t JOIN concept c ON c.id = t.concept_id ORDER BY t.id"))]
        norms = {k for (k,) in s.execute(sql("SELECT key FROM term_key WHERE kind = 'norm'"))}
    st = Stored(rows=rows, texts={r[3] for r in rows}, norms=norms)
    for r in rows:
        st.by_concept.setdefault(r[1], []).append(r)
    return st


# ---- query builders ----------------------------------------------------------------------------------
_CYR_WORD = re.compile(r"[А-Яа-яЁё]+")
_MORPH: pymorphy3.MorphAnalyzer | None = None


def morph() -> pymorphy3.MorphAnalyzer:
    global _MORPH
    if _MORPH is None:
        _MORPH = pymorphy3.MorphAnalyzer(lang="ru")
    return _MORPH


def _match_case(new: str, old: str) -> str:
    if old[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def _surname_rule(word: str, case: str) -> str | None:
    """Declension of a Russian surname pymorphy does not know: Тоев → Тоева / Тоеве, Тоева → Тоевой."""
    low = word.lower()
    if low.endswith(("ова", "ева", "ина")):
        return word[:-1] + "ой"
    if low.endswith(("ов", "ев", "ин")):
        return word + ("а" if case == "gent" else "е")
    return None


def inflect_phrase(text: str, case: str, person: bool) -> str | None:
    """Put a Russian term (nominative) into ``case`` (gent / loct) as running text would.

    The words up to and including the head noun are inflected through their nominative pymorphy
    parse (``inflect({case})``); what follows the head (genitive complements, «по …» phrases,
    quoted names) is left as it is, as in real text. In a person's name every word is inflected,
    the surname (-ов/-ев/-ова/-ева) by rule: pymorphy mis-declines surnames it does not know. Returns None if a
    word that needs inflecting cannot be inflected, or if nothing changed.
    """
    out, pos, changed, head_done = [], 0, False, False
    quoted = [(m.start(), m.end()) for m in re.finditer(r"«[^»]*»", text)]
    for m in _CYR_WORD.finditer(text):
        word = m.group()
        out.append(text[pos:m.start()])
        pos = m.end()
        inside_quotes = any(a <= m.start() < b for a, b in quoted)
        if (head_done and not person) or inside_quotes or (word.isupper() and len(word) > 1):
            out.append(word)
            continue
        if person and len(word) > 3 and word.lower().endswith(("ов", "ев", "ова", "ева")):
            out.append(_surname_rule(word, case))  # pymorphy guesses unknown surnames badly (Кукызтовом)
            changed = True
            continue
        all_parses = morph().parse(word.lower())
        if all_parses and all_parses[0].tag.POS in ("PREP", "CONJ", "PRCL", "INTJ"):
            out.append(word)  # и, по, о, в: not the head, never inflected
            continue
        parses = [p for p in all_parses if "nomn" in p.tag and "Abbr" not in p.tag]
        if person:
            named = [p for p in parses if {"Name"} in p.tag or {"Surn"} in p.tag or {"Patr"} in p.tag]
            parses = named or parses
        if not parses:
            if person:
                new = _surname_rule(word, case)
                if new is None:
                    return None
                out.append(new)
                changed = True
                continue
            out.append(word)  # a function word or a complement already in an oblique case
            continue
        p = parses[0]
        inflected = p.inflect({case})
        if inflected is None:
            return None
        new = _match_case(inflected.word, word)
        changed |= new != word
        out.append(new)
        if p.tag.POS == "NOUN":
            head_done = True
    out.append(text[pos:])
    result = "".join(out)
    return result if changed and result != text else None


_LAT2CYR = [
    ("shch", "щ"), ("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("yu", "ю"), ("ya", "я"),
    ("yo", "ё"), ("ye", "е"), ("j", "дж"), ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"),
    ("e", "е"), ("z", "з"), ("i", "и"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"),
    ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"), ("c", "к"),
    ("q", "к"), ("x", "кс"), ("w", "в"),
]


def latin_to_cyrillic(word: str) -> str:
    """A naive English → Russian transcription, as a user guessing the Russian spelling would type it."""
    low, out, i = word.lower(), [], 0
    while i < len(low):
        if low[i] == "y" and not low.startswith(("ya", "yu", "ye", "yo"), i):  # й after a vowel, else ы
            out.append("й" if i and low[i - 1] in "aeiou" else "ы")
            i += 1
            continue
        for src, dst in _LAT2CYR:
            if low.startswith(src, i):
                out.append(dst)
                i += len(src)
                break
        else:
            out.append(low[i])
            i += 1
    res = "".join(out)
    return res[:1].upper() + res[1:]


class QueryBuilder:
    """Builds query sets of every kind from stored terms, with a seeded sampler."""

    def __init__(self, stored: Stored, seed: int, validator: Lookup) -> None:
        self.st = stored
        self.rng = random.Random(seed)
        self.s2t = opencc.OpenCC("s2t")
        self.validator = validator
        self.rows_by_lang: dict[str, list[tuple]] = defaultdict(list)
        for r in stored.rows:
            self.rows_by_lang[r[2]].append(r)
        self.rejected: Counter[str] = Counter()

    def _fresh(self, q: str) -> bool:
        """Not a stored text (that would be an exact match) and not any term's normalized key."""
        return q not in self.st.texts and norm_key(q) not in self.st.norms

    def build(self, kind: str, n: int) -> list[Query]:
        make = getattr(self, f"_{kind}")
        out: list[Query] = []
        seen: set[str] = set()
        attempts = 0
        while len(out) < n and attempts < n * 200:
            attempts += 1
            q = make()
            if q is None or q.text in seen:
                self.rejected[kind] += 1
                continue
            seen.add(q.text)
            out.append(q)
        return out

    def _row(self, langs: tuple[str, ...] | None = None, pred=None) -> tuple:  # type: ignore[no-untyped-def]
        while True:
            lang = self.rng.choice(langs) if langs else None
            pool = self.rows_by_lang[lang] if lang else self.st.rows
            r = pool[self.rng.randrange(len(pool))]
            if pred is None or pred(r):
                return r

    def _exact(self) -> Query:
        r = self._row()
        return Query("exact", r[3], r[1], r[3], r[2])

    def _normalized(self) -> Query | None:
        r = self._row(("en", "ru", "zh-Hans"))
        t = r[3]
        if r[2] == "zh-Hans":
            q = self.s2t.convert(t)
            how = "s2t"
        else:
            q, hows = t, []
            for op in self.rng.sample(["case", "dash", "quote", "space"], self.rng.randint(1, 3)):
                before = q
                if op == "case":
                    q = self.rng.choice([str.lower, str.upper, str.swapcase])(q)
                elif op == "dash":
                    if "\u2013" in q or " \u2013 " in q:
                        q = q.replace(" \u2013 ", self.rng.choice([" ", "-", "\u2013"])).replace(
                            "\u2013", self.rng.choice([" ", "-"]))
                    elif "-" in q:
                        q = q.replace("-", self.rng.choice([" ", "\u2013"]))
                elif op == "quote":
                    q = self.rng.choice(['"{}"', "«{}»", "\u201c{}\u201d", "'{}'"]).format(q)
                elif op == "space":
                    q = q.replace(" ", "  ", 1) + " "
                if q != before:
                    hows.append(op)
            how = "+".join(hows)
        if q.strip() == t or q.strip() in self.st.texts or norm_key(q) != norm_key(t):
            return None  # (lookup strips the query: a stored text plus spaces would be an exact match)
        return Query("normalized", q, r[1], t, how)

    def _lemma(self) -> Query | None:
        r = self._row(("ru",), lambda r: len(_CYR_WORD.findall(r[3])) >= 2 and r[4] == "preferred")
        case = self.rng.choice(["gent", "loct"])
        q = inflect_phrase(r[3], case, person=r[6] == "person")
        if q is None or not self._fresh(q):
            return None
        return Query("lemma", q, r[1], r[3], case)

    def _pinyin(self) -> Query | None:
        r = self._row(("zh-Hans",))
        tone = self.rng.random() < 0.35
        syl = lazy_pinyin(r[3], style=Style.TONE if tone else Style.NORMAL)
        syl = [s for s in syl if s.isalpha() and all(ord(c) < 0x250 for c in s)]
        if len(syl) < 2:
            return None
        q = " ".join(syl)
        if not self._fresh(q):
            return None
        return Query("pinyin", q, r[1], r[3], "tone" if tone else "toneless")

    def _transliteration(self) -> Query | None:
        r = self._row(("ru",), lambda r: r[6] == "person")
        terms = self.st.by_concept[r[1]]
        ru_short = next((t for t in terms if t[2] == "ru" and t[5] == "short"), None)
        en_short = next((t for t in terms if t[2] == "en" and t[5] == "short"), None)
        mode = self.rng.random()
        if mode < 0.45 and ru_short:
            scheme, name = self.rng.choice([(iuliia.WIKIPEDIA, "wikipedia"), (iuliia.ICAO_DOC_9303, "icao")])
            q, src, how = scheme.translate(ru_short[3]), ru_short[3], f"ru surname → {name}"
        elif mode < 0.8 and en_short:
            q, src, how = latin_to_cyrillic(en_short[3]), en_short[3], "en surname → cyrillic"
        else:
            ru_full = next(t for t in terms if t[2] == "ru" and t[4] == "preferred")
            q, src, how = iuliia.ICAO_DOC_9303.translate(ru_full[3]), ru_full[3], "ru full name → icao"
        if not self._fresh(q):
            return None
        return Query("transliteration", q, r[1], src, how)

    def _prefix(self) -> Query | None:
        r = self._row()
        k = self.rng.randint(4, 8)
        q = r[3][:k].rstrip(" -\u2013\u2014·,(（'\"«")
        if q == r[3] or q in self.st.texts or len(norm_key(q)) < 3:
            return None
        return Query("prefix", q, r[1], r[3], str(k))

    def _fuzzy(self) -> Query | None:
        r = self._row(("en", "ru"), lambda r: len(r[3]) >= 6)
        t = r[3]
        alphabet = "абвгдежзиклмнопрстуфхцчшыэюя" if r[2] == "ru" else "abcdefghijklmnopqrstuvwxyz"
        q = t
        edits = self.rng.randint(1, 2)
        for _ in range(edits):
            letters = [i for i, c in enumerate(q) if c.isalpha()]
            if len(letters) < 2:
                return None
            i = self.rng.choice(letters)
            op = self.rng.choice(["sub", "del", "ins", "swap"])
            c = self.rng.choice(alphabet)
            if q[i].isupper():
                c = c.upper()
            if op == "sub":
                q = q[:i] + c + q[i + 1:]
            elif op == "del":
                q = q[:i] + q[i + 1:]
            elif op == "ins":
                q = q[:i] + c + q[i:]
            elif i + 1 < len(q):
                q = q[:i] + q[i + 1] + q[i] + q[i + 2:]
        if q == t or not self._fresh(q):
            return None
        hits = self.validator.search(q, limit=LIMIT)
        if not hits or hits[0].matched_by != "fuzzy":  # some other kind matched: not a fuzzy-only query
            return None
        return Query("fuzzy", q, r[1], t, f"{edits} edit(s)")


# ---- timing ------------------------------------------------------------------------------------------
def clear_key_caches() -> None:
    """Empty the lru caches of the key functions so timed queries pay their real cost."""
    from glossary.text import chinese, normalize, russian, translit

    for fn in (normalize.fold, chinese.to_simplified, russian._word_lemmas, russian._nominative_lemma, russian._parses,
               translit.skeleton):
        fn.cache_clear()


def run_query(lookup: Lookup, q: Query) -> Result:
    t0 = time.perf_counter()
    hits = lookup.search(q.text, limit=LIMIT)
    ms = (time.perf_counter() - t0) * 1000
    rank = next((i + 1 for i, h in enumerate(hits) if h.concept.id == q.concept_id), None)
    return Result(q, ms, rank, hits[rank - 1].matched_by if rank else None,
                  hits[0].matched_by if hits else None, hits[0].matched_term if hits else None, len(hits))


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    s = sorted(values)
    return s[max(0, min(len(s) - 1, math.ceil(q * len(s)) - 1))]


def summarize(kind: str, results: list[Result]) -> dict:
    ms = [r.ms for r in results]
    n = len(results)
    target = TARGET_MS.get(kind)
    p95 = pct(ms, 0.95) if ms else float("nan")
    return {
        "queries": n,
        "p50_ms": round(pct(ms, 0.50), 2) if ms else None,
        "p95_ms": round(p95, 2) if ms else None,
        "max_ms": round(max(ms), 2) if ms else None,
        "mean_ms": round(statistics.fmean(ms), 2) if ms else None,
        "found_pct": round(100 * sum(r.rank is not None for r in results) / n, 1) if n else None,
        "top1_pct": round(100 * sum(r.rank == 1 for r in results) / n, 1) if n else None,
        "as_kind_pct": round(100 * sum(r.matched_by == kind for r in results) / n, 1) if n else None,
        "matched_by": dict(Counter(r.matched_by or "(not found)" for r in results).most_common()),
        "target_p95_ms": target,
        "pass": (p95 <= target) if target is not None and ms else None,
    }


def measure_ambiguity(db: Database, results: dict[str, list[Result]]) -> dict[str, dict]:
    """How many concepts share what a prefix / transliteration query matches (not timed).

    prefix: concepts with a normalized key starting with the query's; transliteration: concepts with
    a transliteration key equal to one of the query's. Explains a low "found" or "top hit".
    """
    out = {}
    with db.read() as s:
        for kind in ("prefix", "transliteration"):
            counts = []
            for r in results.get(kind, []):
                qk = query_keys(r.query.text)
                if kind == "prefix":
                    n = s.execute(sql(
                        "SELECT count(DISTINCT t.concept_id) FROM term_key k JOIN term t ON t.id = k.term_id "
                        "WHERE k.kind = 'norm' AND k.key >= :lo AND k.key < :hi"),
                        {"lo": qk.norm, "hi": qk.norm + "\U0010ffff"}).scalar_one()
                else:  # the engine counts a transliteration match across scripts only
                    keys = qk.translit or [""]
                    rows = s.execute(sql(
                        "SELECT t.concept_id, t.text FROM term_key k JOIN term t ON t.id = k.term_id "
                        "WHERE k.kind = 'translit' AND k.key IN :keys").bindparams(
                            bindparam("keys", expanding=True)), {"keys": keys}).all()
                    n = len({cid for cid, text in rows if script_of(text) != qk.script})
                counts.append(n)
            res = results.get(kind, [])
            if not res:
                continue
            unamb = [r for r, n in zip(res, counts, strict=True) if n <= 1]
            out[kind] = {
                "ambiguous_by": "normalized prefix" if kind == "prefix" else "transliteration key (other script)",
                "ambiguous_pct": round(100 * sum(n > 1 for n in counts) / len(res), 1),
                "over_limit_pct": round(100 * sum(n > LIMIT for n in counts) / len(res), 1),
                "median_sharing_concepts": statistics.median(counts),
                "found_unambiguous_pct": round(100 * sum(r.rank is not None for r in unamb) / len(unamb), 1)
                if unamb else None,
                "top1_unambiguous_pct": round(100 * sum(r.rank == 1 for r in unamb) / len(unamb), 1) if unamb else None,
            }
    return out


# ---- first use ---------------------------------------------------------------------------------------
def first_use(runs: int = 3) -> dict:
    """Wall time of ``silkterm lookup Astana --json`` creating the default database, on fresh data dirs."""
    exe = Path(sys.executable).with_name("silkterm")
    cmd = [str(exe), "lookup", "Astana", "--json"]
    out = []
    for _ in range(runs):
        tmp = Path(tempfile.mkdtemp(prefix="silkterm-firstuse-"))
        env = {k: v for k, v in os.environ.items() if k != "SILKTERM_DB"}
        env["XDG_DATA_HOME"] = str(tmp)
        times, hits, codes = [], [], []
        for _ in range(2):
            t0 = time.perf_counter()
            p = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=tmp)
            times.append(time.perf_counter() - t0)
            codes.append(p.returncode)
            try:
                hits.append(len(json.loads(p.stdout)))
            except ValueError:
                hits.append(None)
        db_file = tmp / "silkterm" / "silkterm.db"
        out.append({"first_s": round(times[0], 3), "second_s": round(times[1], 3),
                    "create_s": round(times[0] - times[1], 3), "exit_codes": codes, "hits": hits,
                    "db_created": db_file.exists(), "db_bytes": db_file.stat().st_size if db_file.exists() else None})
        shutil.rmtree(tmp, ignore_errors=True)
    create = [r["create_s"] for r in out]
    return {"command": " ".join(["silkterm", *cmd[1:]]), "runs": out,
            "create_s_median": round(statistics.median(create), 3), "create_s_max": round(max(create), 3),
            "first_s_median": round(statistics.median(r["first_s"] for r in out), 3),
            "second_s_median": round(statistics.median(r["second_s"] for r in out), 3),
            "target_s": FIRST_USE_TARGET_S, "pass": statistics.median(create) <= FIRST_USE_TARGET_S}


def cli_one_shot(db_path: Path, queries: dict[str, str], runs: int = 3) -> dict:
    """Wall time of one ``silkterm --db BENCH lookup Q --json`` process (a user's one-off lookup)."""
    exe = Path(sys.executable).with_name("silkterm")
    out = {}
    for kind, q in queries.items():
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run([str(exe), "--db", str(db_path), "lookup", q, "--json"], capture_output=True, text=True)
            times.append(time.perf_counter() - t0)
        out[kind] = {"query": q, "median_s": round(statistics.median(times), 3), "runs_s": [round(t, 3) for t in times]}
    return out


def engine_fingerprint() -> dict:
    """KEY_VERSION and a hash of the engine's sources, to tie the numbers to the code they measured."""
    import hashlib

    from glossary.text.keys import KEY_VERSION

    h = hashlib.sha256()
    files = sorted((ROOT / "glossary").rglob("*.py"))
    for f in files:
        h.update(f.relative_to(ROOT).as_posix().encode())
        h.update(f.read_bytes())
    return {"key_version": KEY_VERSION, "glossary_sha256": h.hexdigest()[:16], "files": len(files)}


# ---- main --------------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--concepts", type=int, default=gen_termbase.DEFAULT_CONCEPTS)
    ap.add_argument("--queries", type=int, default=300, help="queries per kind")
    ap.add_argument("--db", type=Path, default=None, help="benchmark database (default bench/out/termbase-N.db)")
    ap.add_argument("--seed", type=int, default=DEFAULT_QUERY_SEED, help="seed of the query sampler")
    ap.add_argument("--gen-seed", type=int, default=gen_termbase.DEFAULT_SEED, help="seed of the termbase generator")
    ap.add_argument("--out", type=Path, default=OUT / "lookup.json")
    ap.add_argument("--skip-first-use", action="store_true", help="do not time first use of the silkterm command")
    args = ap.parse_args(argv)
    os.environ.setdefault("SILKTERM_USER", "bench")

    fingerprint = engine_fingerprint()  # before anything runs: the engine's sources may be edited meanwhile
    db_path = Path(args.db or gen_termbase.default_db_path(args.concepts)).resolve()
    console.rule(f"[bold]silkterm lookup benchmark — {args.concepts:,} concepts")
    meta = gen_termbase.ensure_termbase(db_path, args.concepts, args.gen_seed, log=console.print)

    # (b) query sets, built with a separate connection and Lookup so the timed one starts cold
    t0 = time.perf_counter()
    vdb = open_database(str(db_path))
    stored = read_stored(vdb)
    builder = QueryBuilder(stored, args.seed, Lookup(vdb))
    sets = {kind: builder.build(kind, args.queries + 1) for kind in KINDS}
    vdb.dispose()
    rejects = dict(builder.rejected)
    del builder, stored  # drop the validator's fuzzy pools: the timed process holds only its own
    gc.collect()
    build_s = time.perf_counter() - t0
    console.print(f"built queries in {build_s:.1f} s: " + ", ".join(f"{k} {len(v) - 1}" for k, v in sets.items()))

    # (c) warm-up and timing
    db = open_database(str(db_path))
    reindexed = ensure_index(db)
    lookup = Lookup(db)
    clear_key_caches()
    warmup = {}
    # The fuzzy warm-up goes first: it builds the in-memory fuzzy pool (any query without an
    # exact / normalized / lemma / pinyin / transliteration match falls back to fuzzy and would build it).
    for kind in ["fuzzy"] + [k for k in KINDS if k != "fuzzy"]:
        if sets[kind]:
            q = sets[kind].pop()
            t0 = time.perf_counter()
            lookup.search(q.text, limit=LIMIT)
            warmup[kind] = round((time.perf_counter() - t0) * 1000, 1)
    fuzzy_index = getattr(lookup, "fuzzy_index", None)
    pools = {name: len(pool.keys) for name, pool in getattr(fuzzy_index, "_pools", {}).items()}
    console.print("warm-up (first query of each kind, ms): " + ", ".join(f"{k} {v}" for k, v in warmup.items()))
    if pools:
        console.print(f"  the fuzzy one built the in-memory fuzzy pools ({', '.join(f'{k} {v:,}' for k, v in pools.items())}"  # noqa: E501
                      " keys)")
    else:
        console.print("  (this engine keeps no in-memory fuzzy pool: fuzzy candidates come from the database)")

    results: dict[str, list[Result]] = {}
    for kind in KINDS:
        results[kind] = [run_query(lookup, q) for q in sets[kind]]
    summary = {kind: summarize(kind, res) for kind, res in results.items()}
    ambiguity = measure_ambiguity(db, results)
    db.dispose()
    for kind, a in ambiguity.items():
        summary[kind].update(a)

    table = Table(title=f"Lookup.search(q, limit={LIMIT}) on {meta['concepts']:,} concepts / {meta['terms']:,} terms "
                        f"({os.cpu_count()} cores)")
    for col in ("kind", "queries", "p50 ms", "p95 ms", "max ms", "target p95", "", "found (top 10)", "top hit",
                "matched as kind"):
        table.add_column(col, justify="left" if col in ("kind", "") else "right")
    for kind, s in summary.items():
        verdict = "" if s["pass"] is None else ("[green]PASS" if s["pass"] else "[red]FAIL")
        table.add_row(kind, str(s["queries"]), f"{s['p50_ms']:.2f}", f"{s['p95_ms']:.2f}", f"{s['max_ms']:.2f}",
                      f"≤ {s['target_p95_ms']:.0f} ms" if s["target_p95_ms"] else "—", verdict,
                      f"{s['found_pct']:.1f} %", f"{s['top1_pct']:.1f} %", f"{s['as_kind_pct']:.1f} %")
    console.print(table)

    misses = {}
    for kind, res in results.items():
        bad = [r for r in res if r.rank is None]
        misses[kind] = [{"query": r.query.text, "expected_concept": r.query.concept_id, "from_term": r.query.source,
                         "how": r.query.how, "top_matched_by": r.top_matched_by, "top_term": r.top_term,
                         "hits": r.hits} for r in bad[:8]]
        if bad:
            console.print(f"[yellow]{kind}[/yellow]: {len(bad)} of {len(res)} queries miss their concept; e.g.")
            for m in misses[kind][:3]:
                console.print(f"    {m['query']!r} (from {m['from_term']!r}, {m['how']}) → top: "
                              f"{m['top_term']!r} by {m['top_matched_by']}")
    for kind, a in ambiguity.items():
        console.print(f"{kind}: {a['ambiguous_pct']:.1f} % of the queries are ambiguous (their {a['ambiguous_by']} is "
                      f"shared by more than one concept, by more than {LIMIT} for {a['over_limit_pct']:.1f} %; median "
                      f"{a['median_sharing_concepts']} concepts); of the unambiguous ones, found "
                      f"{a['found_unambiguous_pct']} % / top hit {a['top1_unambiguous_pct']} %")
    slow = {kind: [{"query": r.query.text, "ms": round(r.ms, 2), "matched_by": r.matched_by}
                   for r in sorted(res, key=lambda r: -r.ms)[:5]] for kind, res in results.items()}

    # (d) first use of the command, and one-off CLI lookups on the benchmark database
    fu = None
    one_shot = None
    if not args.skip_first_use:
        console.print("timing first use of the silkterm command (3 fresh data directories) ...")
        fu = first_use(3)
        verdict = "[green]PASS" if fu["pass"] else "[red]FAIL"
        console.print(f"first use: creating the default database took {fu['create_s_median']:.2f} s (median; max "
                      f"{fu['create_s_max']:.2f} s; target ≤ {FIRST_USE_TARGET_S:.0f} s) {verdict}[/]; raw wall time "
                      f"of the first call {fu['first_s_median']:.2f} s, of a call on the existing database "
                      f"{fu['second_s_median']:.2f} s")
        samples = {k: sets[k][0].text for k in ("exact", "fuzzy") if sets[k]}
        one_shot = cli_one_shot(db_path, samples)
        console.print("one-off CLI lookups on the benchmark database (whole process, median of 3): "
                      + ", ".join(f"{k} {v['query']!r} {v['median_s']:.2f} s" for k, v in one_shot.items()))

    console.print(f"termbase: {meta['concepts']:,} concepts, {meta['terms']:,} terms, "
                  f"{meta['db_bytes'] / 2**20:.0f} MiB; generated in {meta['generation_s']:.1f} s, "
                  f"loaded in {meta['load_s']:.1f} s" + (" (reused)" if meta.get("reused") else ""))

    report = {
        "date": date.today().isoformat(),
        "machine": {"cores": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "sqlite": sqlite3.sqlite_version},
        "config": {"concepts": args.concepts, "queries_per_kind": args.queries, "limit": LIMIT, "query_seed": args.seed,
                   "generator_seed": args.gen_seed, "db": str(db_path)},
        "termbase": meta,
        "reindexed_on_open": reindexed,
        "query_build_s": round(build_s, 1),
        "query_rejects": rejects,
        "warmup_ms": warmup,
        "fuzzy_pool_keys": pools,
        "kinds": summary,
        "misses": misses,
        "slowest": slow,
        "first_use": fu,
        "cli_one_shot": one_shot,
        "engine_fingerprint": fingerprint,
        "queries": {kind: [asdict(q) for q in qs] for kind, qs in sets.items()},
        "results": {kind: [{"text": r.query.text, "ms": round(r.ms, 3), "rank": r.rank, "matched_by": r.matched_by,
                            "top_matched_by": r.top_matched_by} for r in res] for kind, res in results.items()},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    console.print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
