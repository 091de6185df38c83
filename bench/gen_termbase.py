"""Deterministic generator of a large, realistic diplomatic termbase for the lookup benchmark.

    python bench/gen_termbase.py [--concepts 100000] [--seed 20261123] [--db bench/out/termbase-100000.db] [--force]

Concepts are composed from parallel English / Simplified Chinese / Russian vocabularies
(``bench/vocab.py``) in the categories of the real glossary, about four terms per concept:
the English preferred full form, often an English acronym or short form, the Simplified Chinese
preferred term, sometimes a Traditional Chinese (zh-Hant) term, the Russian preferred term (in the
nominative), sometimes a deprecated English spelling, and short forms for people. Every preferred
term is unique per language (by its normalized key, the rule the service enforces); a
distinguishing element (a year or a number) is added when the vocabularies run out of combinations.

The termbase is written through the real service (``TermbaseService.batch`` with ``check=False``)
in chunks of 5,000 concepts. A sidecar JSON next to the database records the concept count, the
seed and the versions; a later run with the same parameters reuses the file.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import iuliia
import opencc

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import vocab as V  # noqa: E402

from glossary.db import open_database  # noqa: E402
from glossary.indexing import ensure_index  # noqa: E402
from glossary.records import ConceptDraft, TermDraft  # noqa: E402
from glossary.service import TermbaseService  # noqa: E402
from glossary.text.keys import KEY_VERSION, norm_key  # noqa: E402

GENERATOR_VERSION = 1
DEFAULT_SEED = 20261123
DEFAULT_CONCEPTS = 100_000
CHUNK = 5_000

#: Share of each category (per cent), roughly the mix of the real glossary scaled up.
WEIGHTS = {
    "mechanism": 18, "organization": 13, "treaty": 12, "declaration": 10, "initiative": 10,
    "event": 10, "person": 13, "place": 9, "title": 3, "other": 2,
}
DATED = {"treaty", "declaration", "initiative", "event", "mechanism"}
_ACRONYM_STOP = {"of", "on", "for", "and", "the", "in", "to", "between", "with"}
_RU_ACRONYM_STOP = {"по", "и", "в", "о", "с", "на", "между"}


def default_db_path(concepts: int) -> Path:
    """Where the benchmark keeps a termbase of ``concepts`` concepts."""
    return HERE / "out" / f"termbase-{concepts}.db"


def sidecar_path(db_path: Path) -> Path:
    """The JSON file that says how a benchmark database was made."""
    return db_path.with_name(db_path.name + ".meta.json")


def cap(s: str) -> str:
    """Capitalize the first letter only (Russian titles: «Министерский форум …»)."""
    return s[:1].upper() + s[1:]


@dataclass
class Name:
    """One concept's names in the three languages, before uniqueness checks."""

    en: str
    zh: str
    ru: str
    subject: str | None = None
    definition: str | None = None
    en_extra: list[tuple[str, str, str]] = field(default_factory=list)  # (text, type, status)
    zh_extra: list[tuple[str, str, str]] = field(default_factory=list)
    ru_extra: list[tuple[str, str, str]] = field(default_factory=list)
    ru_gender: str | None = None
    acronym: bool = False  # try an English acronym
    ru_acronym: bool = False  # try a Russian acronym


def en_acronym(text: str) -> str | None:
    """Initials of the significant words: "China–Kazakhstan Ministerial Forum on Energy" → "CKMFE"."""
    words = [w for w in re.split(r"[\s\u2013\-]+", text) if w]
    letters = [w[0] for w in words if w[0].isupper() and w.lower() not in _ACRONYM_STOP]
    acr = "".join(letters)
    return acr if 3 <= len(acr) <= 8 and acr.isascii() else None


def ru_acronym(text: str) -> str | None:
    """Initials of the significant Russian words, upper-cased: «Ассоциация Китай – Казахстан по …» → «АКК…»."""
    words = [w for w in re.split(r"[\s\u2013\-«»]+", text) if w]
    acr = "".join(w[0].upper() for w in words if w.lower() not in _RU_ACRONYM_STOP and w[0].isalpha())
    return acr if 3 <= len(acr) <= 8 else None


class Generator:
    """Seeded generator of concept drafts; the same seed gives the same termbase."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.s2t = opencc.OpenCC("s2t")
        self.langs = ("en", "zh-Hans", "ru")
        self.pref: dict[str, set[str]] = {lang: set() for lang in self.langs}  # norm keys of preferred terms
        self.used: dict[str, set[str]] = {lang: set() for lang in self.langs}  # norm keys of every term
        self.number = 0
        states = {s[0]: s for s in V.STATES}
        self.states = V.STATES
        self.c5 = [states[k] for k in V.C5]
        self.china = states["cn"]
        self.partners = self._partners(states)
        self.makers: dict[str, Callable[[], Name]] = {
            "mechanism": self._mechanism, "organization": self._organization, "treaty": self._treaty,
            "declaration": self._declaration, "initiative": self._initiative, "event": self._event,
            "person": self._person, "place": self._place, "title": self._title, "other": self._other,
        }
        self.stats: dict[str, int] = {"distinguished": 0}

    # ---- vocabularies ----------------------------------------------------------------------------
    @staticmethod
    def _partners(states: dict) -> list[tuple[str, str, str]]:
        def join(*parts: tuple) -> tuple[str, str, str]:
            return ("\u2013".join(p[1] for p in parts), "\u2014".join(p[3] for p in parts),
                    " \u2013 ".join(p[5] for p in parts))

        china, ca = states["cn"], V.CENTRAL_ASIA
        out = [join(china, ca)]
        out += [join(china, s) for k, s in states.items() if k != "cn"]
        c5 = [states[k] for k in V.C5]
        out += [join(a, b) for i, a in enumerate(c5) for b in c5[i + 1:]]
        out += [join(a, states[k]) for a in c5 for k in ("ru", "tr", "ir", "af", "pk", "in")]
        out += [join(china, states[a], states[b]) for a, b in
                (("mn", "ru"), ("kg", "uz"), ("kz", "ru"), ("tj", "af"), ("pk", "af"), ("kz", "uz"), ("tm", "ir"))]
        return out

    def pick(self, seq):  # type: ignore[no-untyped-def]
        return seq[self.rng.randrange(len(seq))]

    # ---- categories --------------------------------------------------------------------------------
    def _mechanism(self) -> Name:
        p, lv, b, t = self.pick(self.partners), self.pick(V.LEVELS), self.pick(V.BODIES), self.pick(V.TOPICS)
        g = V.GENDER[b[3]]
        name = Name(
            en=f"{p[0]} {lv[0]} {b[0]} on {t[0]}", zh=f"{p[1]}{t[1]}{lv[1]}{b[1]}",
            ru=cap(f"{lv[2][g]} {b[2]} {p[2]} по {t[2]}"), subject=p[0], acronym=self.rng.random() < 0.7,
        )
        if self.rng.random() < 0.4:
            name.definition = f"{lv[0]} {b[0].lower()} of {p[0]} on {t[0].lower()}."
        return name

    def _organization(self) -> Name:
        o, t = self.pick(V.ORG_NOUNS), self.pick(V.TOPICS)
        g = V.GENDER[o[3]]
        if self.rng.random() < 0.55:
            p = self.pick(self.partners)
            name = Name(en=f"{p[0]} {o[0]} for {t[0]}", zh=f"{p[1]}{t[1]}{o[1]}", ru=cap(f"{o[2]} {p[2]} по {t[2]}"),
                        subject=p[0])
        else:
            c = self.pick(V.CITIES)
            name = Name(en=f"{c[0]} {o[0]} of {t[0]}", zh=f"{c[1]}{t[1]}{o[1]}", ru=cap(f"{c[3][g]} {o[2]} по {t[2]}"),
                        subject=c[0])
        name.acronym = self.rng.random() < 0.75
        name.ru_acronym = self.rng.random() < 0.3
        return name

    def _treaty(self) -> Name:
        a = self.china if self.rng.random() < 0.5 else self.pick(self.c5)
        b = self.pick([s for s in self.states if s[0] != a[0]])
        party, ty, t = self.pick(V.PARTIES), self.pick(V.TREATY_TYPES), self.pick(V.TOPICS)
        name = Name(
            en=f"{ty[0]} between the {party[0]} of {a[2]} and the {party[0]} of {b[2]} on Cooperation in {t[0]}",
            zh=f"{a[4]}{party[1]}和{b[4]}{party[1]}关于{t[1]}合作的{ty[1]}",
            ru=f"{ty[2]} между {party[2]} {a[7]} и {party[2]} {b[7]} о сотрудничестве по {t[2]}",
            subject=f"{a[1]}–{b[1]} relations",
        )
        if self.rng.random() < 0.5:
            name.en_extra.append((f"{a[1]}\u2013{b[1]} {t[0]} {ty[3]}", "short", "admitted"))
        if self.rng.random() < 0.3:
            name.definition = f"{ty[0]} on cooperation in {t[0].lower()} signed by {a[1]} and {b[1]}."
        return name

    def _declaration(self) -> Name:
        t = self.pick(V.TOPICS)
        r = self.rng.random()
        if r < 0.15:
            c = self.pick(V.CITIES)
            return Name(en=f"{c[0]} Declaration on {t[0]}", zh=f"{c[1]}{t[1]}宣言",
                        ru=cap(f"{c[3][1]} декларация по {t[2]}"), subject=c[0])
        dn = self.pick(V.DECL_NOUNS)
        if r < 0.6:
            p = self.pick(self.partners)
            return Name(en=f"{p[0]} {dn[0]} on {t[0]}", zh=f"{p[1]}关于{t[1]}的{dn[1]}", ru=f"{dn[2]} {p[2]} по {t[2]}",
                        subject=p[0])
        a = self.china if self.rng.random() < 0.5 else self.pick(self.c5)
        b = self.pick([s for s in self.states if s[0] != a[0]])
        return Name(en=f"{dn[0]} of {a[2]} and {b[2]} on {t[0]}", zh=f"{a[4]}和{b[4]}关于{t[1]}的{dn[1]}",
                    ru=f"{dn[2]} {a[7]} и {b[7]} по {t[2]}", subject=f"{a[1]}–{b[1]} relations")

    def _initiative(self) -> Name:
        p, a, n, t = self.pick(self.partners), self.pick(V.INIT_ADJ), self.pick(V.INIT_NOUNS), self.pick(V.TOPICS)
        g = V.GENDER[n[3]]
        return Name(en=f"{p[0]} {a[0]} {n[0]} for {t[0]}", zh=f"{p[1]}{t[1]}{a[1]}{n[1]}",
                    ru=cap(f"{a[2][g]} {n[2]} {p[2]} по {t[2]}"), subject=p[0], acronym=self.rng.random() < 0.6)

    def _event(self) -> Name:
        k = min(int(self.rng.expovariate(1 / 6)), 29)
        p, n = self.pick(self.partners), self.pick(V.EVENT_NOUNS)
        t = self.pick(V.TOPICS) if self.rng.random() < 0.6 else None
        g = {"m": 0, "f": 1, "n": 2, "p": 3}[n[3]]
        en = f"{V.ORD_EN[k]} {p[0]} {n[0]}" + (f" on {t[0]}" if t else "")
        zh = f"第{V.zh_number(k + 1)}届{p[1]}{t[1] if t else ''}{n[1]}"
        ru = cap(f"{V.ORD_RU[k][g]} {n[2]} «{p[2]}»" + (f" по {t[2]}" if t else ""))
        return Name(en=en, zh=zh, ru=ru, subject=p[0])

    def _title(self) -> Name:
        r = self.rng.random()
        a = self.pick(self.states)
        if r < 0.45:
            rank, m = self.pick(V.RANKS), self.pick(V.MINISTRIES)
            return Name(en=f"{rank[0]} of {m[0]} of {a[2]}", zh=f"{a[4]}{m[1]}部{rank[1]}", ru=f"{rank[2]} {m[2]} {a[7]}",  # noqa: E501
                        subject=a[1])
        if r < 0.65:
            b = self.pick([s for s in self.states if s[0] != a[0]])
            return Name(en=f"Ambassador Extraordinary and Plenipotentiary of {a[2]} to {b[2]}",
                        zh=f"{a[4]}驻{b[4]}特命全权大使", ru=f"Чрезвычайный и Полномочный Посол {a[7]} в {b[8]}",
                        subject=a[1])
        t = self.pick(V.TOPICS)
        return Name(en=f"Special Representative of {a[2]} for {t[0]}", zh=f"{a[4]}{t[1]}问题特别代表",
                    ru=f"Специальный представитель {a[7]} по {t[2]}", subject=a[1])

    def _other(self) -> Name:
        p, t, n = self.pick(self.partners), self.pick(V.TOPICS), self.pick(V.OTHER_NOUNS)
        return Name(en=f"{p[0]} {t[0]} {n[0]}", zh=f"{p[1]}{t[1]}{n[1]}", ru=cap(f"{n[2]} {p[2]} по {t[2]}"),
                    subject=p[0])

    def _stem(self, syllables: int) -> tuple[str, str, str]:
        parts = [self.pick(V.SYLLABLES) for _ in range(syllables)]
        return "".join(p[0] for p in parts), "".join(p[1] for p in parts), "".join(p[2] for p in parts)

    def _surname(self, female: bool) -> tuple[str, str, str]:
        en, ru, zh = self._stem(1 if self.rng.random() < 0.35 else 2)
        if en[-1] in "aeiouy" and self.rng.random() < 0.5:
            end = self.pick(V.SURNAME_AFTER_VOWEL)
        else:
            end = self.pick(V.SURNAME_ENDINGS)
        en, ru, zh = cap(en + end[0]), cap(ru + end[1]), zh + end[2]
        if female:
            en, ru, zh = en + "a", ru + "а", zh[:-1] + "娃"
        return en, ru, zh

    def _person(self) -> Name:
        female = self.rng.random() < 0.25
        given = self.pick(V.GIVEN_FEMALE if female else V.GIVEN_MALE)
        sur = self._surname(female)
        subject = self.pick(V.PERSON_SUBJECTS)
        name = Name(en=f"{given[0]} {sur[0]}", zh=f"{given[2]}·{sur[2]}", ru=f"{given[1]} {sur[1]}", subject=subject,
                    ru_gender="feminine" if female else "masculine")
        if self.rng.random() < 0.75:
            name.en_extra.append((sur[0], "short", "admitted"))
            name.zh_extra.append((sur[2], "short", "admitted"))
            name.ru_extra.append((sur[1], "short", "admitted"))
        roman = iuliia.WIKIPEDIA.translate(name.ru)
        if roman != name.en and self.rng.random() < 0.6:
            name.en_extra.append((roman, "variant", "deprecated"))
        if self.rng.random() < 0.5:
            rank, m = self.pick(V.RANKS), self.pick(V.MINISTRIES)
            name.definition = f"{rank[0]} of {m[0]} of {subject} ({self.rng.randint(1995, 2030)}–)."
        return name

    def _place(self) -> Name:
        en, ru, zh = self._stem(1 if self.rng.random() < 0.3 else 2)
        end = self.pick(V.TOPONYM_ENDINGS)
        x_en, x_ru, x_zh = cap(en + end[0]), cap(ru + end[1]), zh + end[2]
        ty = self.pick(V.PLACE_TYPES)
        state = self.pick(self.c5)
        name = Name(en=ty[0].format(X=x_en), zh=ty[1].format(x=x_zh), ru=ty[2].format(X=x_ru),
                    subject=f"{ty[3]}, {state[1]}")
        roman = iuliia.WIKIPEDIA.translate(x_ru)
        if roman != x_en and self.rng.random() < 0.3:
            name.en_extra.append((ty[0].format(X=roman), "variant", "deprecated"))
        return name

    # ---- assembly ----------------------------------------------------------------------------------
    def _free(self, name: Name) -> bool:
        return all(norm_key(text) not in self.used[lang] for lang, text in
                   (("en", name.en), ("zh-Hans", name.zh), ("ru", name.ru)))

    def _distinguish(self, name: Name, category: str) -> Name:
        """Add a year (dated categories) or a number until all three preferred terms are free."""
        self.stats["distinguished"] += 1
        while True:
            if category in DATED:
                y = self.rng.randint(1992, 2035)
                cand = Name(en=f"{name.en} ({y})", zh=f"{name.zh}（{y}年）", ru=f"{name.ru} ({y} г.)")
            else:
                k = self.rng.randint(2, 99)
                cand = Name(en=f"{name.en} (No. {k})", zh=f"{name.zh}（第{k}号）", ru=f"{name.ru} (№ {k})")
            if self._free(cand):
                name.en, name.zh, name.ru = cand.en, cand.zh, cand.ru
                name.en_extra = [e for e in name.en_extra if e[1] != "variant"]
                return name

    def _claim(self, lang: str, text: str, preferred: bool = False) -> bool:
        key = norm_key(text)
        if not key or key in self.used[lang]:
            return False
        self.used[lang].add(key)
        if preferred:
            self.pref[lang].add(key)
        return True

    def concept(self) -> ConceptDraft:
        """The next concept draft."""
        self.number += 1
        category = self.rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
        make = self.makers[category]
        tries = 60 if category == "person" else 25
        for _ in range(tries):
            name = make()
            if self._free(name):
                break
        else:
            name = self._distinguish(name, category)
        terms = [TermDraft("en", name.en)]
        self._claim("en", name.en, True)
        self._claim("zh-Hans", name.zh, True)
        self._claim("ru", name.ru, True)
        if name.acronym and (acr := en_acronym(name.en)) and self._claim("en", acr):
            terms.append(TermDraft("en", acr, status="admitted", type="acronym"))
        for text, ty, status in name.en_extra:
            if self._claim("en", text):
                terms.append(TermDraft("en", text, status=status, type=ty))
        if self.rng.random() < 0.35 or category != "person" and self.rng.random() < 0.15:
            for old, new in V.EN_VARIANTS:
                if old in name.en:
                    variant = name.en.replace(old, new, 1)
                    if self._claim("en", variant):
                        terms.append(TermDraft("en", variant, status="deprecated", type="variant",
                                               note=f"Non-standard spelling; write {old}."))
                    break
        terms.append(TermDraft("zh-Hans", name.zh))
        for text, ty, status in name.zh_extra:
            if self._claim("zh-Hans", text):
                terms.append(TermDraft("zh-Hans", text, status=status, type=ty))
        if self.rng.random() < 0.3:
            hant = self.s2t.convert(name.zh)
            if hant != name.zh:
                terms.append(TermDraft("zh-Hant", hant))
        gender = name.ru_gender
        terms.append(TermDraft("ru", name.ru, gender=gender, number="singular" if gender else None))
        for text, ty, status in name.ru_extra:
            if self._claim("ru", text):
                terms.append(TermDraft("ru", text, status=status, type=ty, gender=gender,
                                       number="singular" if gender else None))
        if name.ru_acronym and (acr := ru_acronym(name.ru)) and self._claim("ru", acr):
            terms.append(TermDraft("ru", acr, status="admitted", type="acronym"))
        return ConceptDraft(category=category, terms=tuple(terms), subject=name.subject, definition=name.definition,
                            sources=("silkterm benchmark generator",))

    def generate(self, n: int) -> Iterator[ConceptDraft]:
        """``n`` concept drafts."""
        for _ in range(n):
            yield self.concept()


def _matches(meta: dict, concepts: int, seed: int) -> bool:
    """Same termbase content (the lookup keys may be older: they are re-indexed in place)."""
    return (meta.get("concepts") == concepts and meta.get("seed") == seed
            and meta.get("generator_version") == GENERATOR_VERSION)


def _reindex_in_place(path: Path, meta: dict, log: Callable[[str], None]) -> None:
    """Bring an existing termbase to this engine's schema and key version, as a user's would be."""
    log(f"reusing {path}; its lookup keys are version {meta.get('key_version')}, the code's {KEY_VERSION}: "
        "re-indexing ...")
    t0 = time.perf_counter()
    db = open_database(str(path))  # migrates the schema in place
    ensure_index(db)
    with db.read() as s:
        from sqlalchemy import text
        meta["term_keys"] = s.execute(text("SELECT count(*) FROM term_key")).scalar_one()
    db.dispose()
    meta["key_version"], meta["reindex_s"] = KEY_VERSION, round(time.perf_counter() - t0, 1)
    sidecar_path(path).write_text(json.dumps({k: v for k, v in meta.items() if k != "reused"}, indent=2),
                                  encoding="utf-8")
    log(f"  re-indexed in {meta['reindex_s']:.1f} s ({meta['term_keys']:,} keys)")


def _remove_db(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), sidecar_path(path)):
        if p.exists():
            p.unlink()


def db_bytes(path: Path) -> int:
    """Size of the database file plus its WAL."""
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def ensure_termbase(path: Path | None = None, concepts: int = DEFAULT_CONCEPTS, seed: int = DEFAULT_SEED, *,
                    force: bool = False, log: Callable[[str], None] = print) -> dict:
    """Make (or reuse) the benchmark termbase at ``path``; return its sidecar facts."""
    path = Path(path or default_db_path(concepts)).resolve()
    meta_path = sidecar_path(path)
    if not force and path.exists() and meta_path.exists():
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except ValueError:
            meta = {}
        if _matches(meta, concepts, seed):
            if meta.get("key_version") != KEY_VERSION:
                _reindex_in_place(path, meta, log)
            meta["reused"] = True
            log(f"reusing {path} ({meta['concepts']:,} concepts, {meta['terms']:,} terms, seed {seed}; "
                f"made in {meta['generation_s']:.1f} s + {meta['load_s']:.1f} s)")
            return meta
    _remove_db(path)
    path.parent.mkdir(parents=True, exist_ok=True)

    log(f"generating {concepts:,} concepts (seed {seed}) ...")
    t0 = time.perf_counter()
    gen = Generator(seed)
    drafts = list(gen.generate(concepts))
    generation_s = time.perf_counter() - t0
    n_terms = sum(len(d.terms) for d in drafts)
    log(f"  generated {concepts:,} concepts / {n_terms:,} terms in {generation_s:.1f} s")

    t0 = time.perf_counter()
    db = open_database(str(path))
    ensure_index(db)
    svc = TermbaseService(db, author="bench")
    for start in range(0, len(drafts), CHUNK):
        t_chunk = time.perf_counter()
        with svc.batch("bench load") as w:
            for draft in drafts[start:start + CHUNK]:
                w.add(draft, check=False)
        done = min(start + CHUNK, len(drafts))
        log(f"  loaded {done:,}/{len(drafts):,} concepts ({time.perf_counter() - t_chunk:.1f} s for this chunk)")
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    load_s = time.perf_counter() - t0
    concepts_db, terms_db = svc.count()
    with db.read() as s:
        from sqlalchemy import text
        keys = s.execute(text("SELECT count(*) FROM term_key")).scalar_one()
        by_lang = dict(s.execute(text("SELECT lang, count(*) FROM term GROUP BY lang")).all())
        by_cat = dict(s.execute(text("SELECT category, count(*) FROM concept GROUP BY category")).all())
    db.dispose()
    size = db_bytes(path)
    meta = {
        "concepts": concepts_db, "terms": terms_db, "term_keys": keys, "seed": seed,
        "generator_version": GENERATOR_VERSION, "key_version": KEY_VERSION,
        "generation_s": round(generation_s, 2), "load_s": round(load_s, 2), "db_bytes": size,
        "terms_by_lang": by_lang, "concepts_by_category": by_cat,
        "distinguished": gen.stats["distinguished"], "reused": False,
    }
    if concepts_db != concepts:
        raise RuntimeError(f"expected {concepts} concepts in {path}, found {concepts_db}")
    meta_path.write_text(json.dumps({k: v for k, v in meta.items() if k != "reused"}, indent=2), encoding="utf-8")
    log(f"  loaded in {load_s:.1f} s; {terms_db:,} terms, {keys:,} index keys; "
        f"database {size / 2**20:.0f} MiB at {path}")
    return meta


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--concepts", type=int, default=DEFAULT_CONCEPTS)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--db", type=Path, default=None, help="database file (default bench/out/termbase-N.db)")
    ap.add_argument("--force", action="store_true", help="regenerate even if a matching file exists")
    ap.add_argument("--sample", type=int, default=0, help="only print this many generated concepts, write nothing")
    args = ap.parse_args(argv)
    if args.sample:
        gen = Generator(args.seed)
        for d in gen.generate(args.sample):
            print(f"[{d.category}] " + " | ".join(f"{t.lang}:{t.status[0]}:{t.text}" for t in d.terms))
        return 0
    ensure_termbase(args.db, args.concepts, args.seed, force=args.force)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("SILKTERM_USER", "bench")
    sys.exit(main())
