"""Name drift across a document set: one concept written several ways, and near-variants of known
names that the termbase does not have (close by edit distance or by transliteration skeleton)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict

import ahocorasick
from rapidfuzz import fuzz, process

from glossary.checks import catalog
from glossary.checks.matcher import Hit, TermInfo, TermMatcher, fold_token
from glossary.checks.records import Finding, Place
from glossary.checks.usage import best_term, preferred
from glossary.text.russian import _word_lemmas
from glossary.text.translit import romanize, skeleton

#: Forms that do not count as another way of writing a name: the approved short form and acronym.
_ABBREVIATED = ("short", "acronym")
_NAME_CATEGORIES = ("person", "place")
_CANDIDATE = re.compile(r"\b[A-ZА-ЯЁ][a-zа-яё]{3,}(?:[-'’][A-ZА-ЯЁ]?[a-zа-яё]+)*\b(?![-'’])")
_MIN_LEN = 5
_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = set(".!?:;«»\"“”([•·|>#*-")
_MIN_SCORE = 86
_MIN_TRANSLIT = 75
_NAME_WORD = re.compile(r"[A-ZА-ЯЁ][^\W\d_]+")


class DriftCollector:
    """Collects every term occurrence of a run, then reports concepts written several ways."""

    def __init__(self, matcher: TermMatcher) -> None:
        self.matcher = matcher
        self.uses: dict[tuple[int, str], dict[int, list[tuple]]] = defaultdict(lambda: defaultdict(list))
        self.by_id: dict[int, TermInfo] = {}

    def add(self, hits: list[Hit], lang: str | None, file: str, line: int | None) -> None:
        """Record the occurrences of one text."""
        for hit in hits:
            if len(hit.concept_ids) > 1:
                continue  # a surname shared by father and son says nothing about either's spelling
            term = best_term(hit, lang)
            self.by_id[term.id] = term
            self.uses[(term.concept_id, term.lang)][term.id].append((file, line, hit.surface))

    def findings(self) -> list[Finding]:
        """One finding per form of a concept written more than one way (each lists every place)."""
        out = []
        for (cid, lang), forms in self.uses.items():
            terms = [self.by_id[t] for t in forms]
            significant = [t for t in terms if not (t.approved and t.type in _ABBREVIATED)]
            unapproved = [t for t in terms if not t.approved]
            if len(terms) < 2 or not (len(significant) >= 2 or unapproved):
                continue
            best = preferred(self.matcher, cid, lang)
            places = tuple(Place(*p) for t in terms for p in forms[t.id])
            summary = ", ".join(f"{t.text!r} ×{len(forms[t.id])}" for t in terms)
            for t in terms:
                if t.approved and (t.type != "full" or (best and t.id == best.id)):
                    continue
                first = Place(*forms[t.id][0])
                message = f"written {len(terms)} ways across the set: {summary}" + (
                    f"; use {best.text!r}" if best else "")
                context = " | ".join(p.where() for p in places[:8]) + (" …" if len(places) > 8 else "")
                out.append(Finding(0, catalog.NAME_DRIFT, catalog.severity(catalog.NAME_DRIFT), first.file, first.line,
                                   t.text, cid, best.text if best else None, message, context, lang=lang,
                                   places=places, key=f"{t.text}\x1f{lang}"))
        return out


class NearVariants:
    """Capitalized words close to a known person or place name but not in the termbase."""

    def __init__(self, matcher: TermMatcher) -> None:
        self.matcher = matcher
        self.places: dict[str, list[Place]] = defaultdict(list)
        self.texts: list[str] = []

    @property
    def _index(self) -> tuple[dict[str, list[TermInfo]], dict[str, list[str]], dict[tuple[str, int], list[str]]]:
        """Name words of person and place terms; skeletons of the Latin ones; words by (first letter, length).

        Built once per compiled termbase (kept in the matcher's memo)."""
        if "near-variant-index" not in self.matcher.memo:
            self.matcher.memo["near-variant-index"] = self._build_index()
        return self.matcher.memo["near-variant-index"]

    def _build_index(self) -> tuple[dict[str, list[TermInfo]], dict[str, list[str]], dict[tuple[str, int], list[str]]]:
        names: dict[str, list[TermInfo]] = defaultdict(list)
        for term in self.matcher.terms:
            if self.matcher.categories.get(term.concept_id) not in _NAME_CATEGORIES:
                continue
            for m in _NAME_WORD.finditer(term.text):
                tok = fold_token(m.group())
                if len(tok) >= _MIN_LEN:
                    names[tok].append(term)
        skeletons: dict[str, list[str]] = defaultdict(list)
        buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        for tok in names:
            buckets[(tok[0], len(tok))].append(tok)
            if tok.isascii():
                skeletons[skeleton(tok)].append(tok)
        return names, skeletons, buckets

    def add(self, text: str, hits: list[Hit], file: str, line: int | None) -> None:
        """Record the candidate words of one text (words inside a found term are not candidates)."""
        self.texts.append(text)
        starts = [h.start for h in hits]  # hits are in text order and do not overlap
        known = self.matcher.known_words
        for m in _CANDIDATE.finditer(text):
            start = m.start()
            if m.end() - start < _MIN_LEN or fold_token(m.group()) in known:
                continue
            k = bisect_right(starts, start) - 1
            if k >= 0 and start < hits[k].end:
                continue
            j = start - 1
            while j >= 0 and text[j].isspace():
                j -= 1
            if j < 0 or text[j] in _SENTENCE_END or (j == start - 1 and text[j] in "'’"):
                continue  # any word is capitalized there (or it is the tail of O'Brien, Xi'an)
            self.places[m.group()].append(Place(file, line, m.group()))

    def findings(self) -> list[Finding]:
        """One finding per near-variant word, listing every place it occurs."""
        if not self.places:
            return []
        known = self.matcher.known_words
        lowercase = _written_in_lowercase({w.lower() for w in self.places}, self.texts)
        names, skeletons, buckets = self._index
        out = []
        for word, places in self.places.items():
            parts = [fold_token(p) for p in re.findall(r"[^\W\d_]+", word)]
            tok = "".join(parts)
            if tok in known or all(p in known for p in parts):
                continue
            if word.lower() in lowercase:
                continue  # also written in lower case: a common word, not a name
            if any(lemma in known for p in parts for lemma in _word_lemmas(p)):
                continue  # an inflected or derived form of a known word (Китайский, Казахстана)
            close = _closest(tok, skeletons, buckets)
            if close is None:
                continue
            name, how = close
            lang = "ru" if _is_cyrillic(tok) else "en"
            term = sorted(names[name], key=lambda t: (not t.approved, t.lang != lang, t.id))[0]
            best = preferred(self.matcher, term.concept_id, lang)
            expected = best.text if best else term.text
            message = f"{word!r} is close to the known name {term.text!r} ({how}) but is not in the termbase; " \
                      f"use {expected!r} or accept it as a variant"
            first = places[0]
            context = " | ".join(p.where() for p in places[:8]) + (" …" if len(places) > 8 else "")
            out.append(Finding(0, catalog.NEAR_VARIANT, catalog.severity(catalog.NEAR_VARIANT), first.file, first.line,
                               word, term.concept_id, expected, message, context, lang=lang,
                               places=tuple(places), key=word))
        return out


def _written_in_lowercase(words: set[str], texts: list[str]) -> set[str]:
    """Which of ``words`` occur as whole words in lower case somewhere in ``texts`` (one Aho-Corasick pass)."""
    automaton = ahocorasick.Automaton()
    for w in words:
        automaton.add_word(w, w)
    if not words:
        return set()
    automaton.make_automaton()
    corpus = "\n".join(texts)
    found = set()
    for end, w in automaton.iter(corpus):
        before = corpus[end - len(w)] if end >= len(w) else " "
        after = corpus[end + 1] if end + 1 < len(corpus) else " "
        if not before.isalnum() and not after.isalnum():
            found.add(w)
    return found


def _is_cyrillic(token: str) -> bool:
    return any("а" <= c <= "я" for c in token)


def _closest(tok: str, skeletons: dict[str, list[str]],
             buckets: dict[tuple[str, int], list[str]]) -> tuple[str, str] | None:
    """The known name word ``tok`` is a variant of: same transliteration skeleton (and still close in
    Latin letters), or within a few edits of a word with the same first letter and about the same length."""
    latins = sorted(romanize(tok)) if _is_cyrillic(tok) else [tok]
    for latin in latins:
        for name in skeletons.get(skeleton(latin), ()):
            if name != tok and abs(len(name) - len(latin)) <= 3 and fuzz.ratio(latin, name) >= _MIN_TRANSLIT:
                return name, "same transliteration"
    pool = [n for size in range(len(tok) - 2, len(tok) + 3) for n in buckets.get((tok[0], size), ())]
    best = process.extractOne(tok, pool, scorer=fuzz.ratio, score_cutoff=_MIN_SCORE) if pool else None
    return (best[0], f"{best[1]:.0f}% similar") if best else None
