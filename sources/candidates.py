"""Term-candidate extraction: the names a document set uses that a reviewer may want in the termbase.

Diplomatic texts name things in recognisable shapes, so the extractor looks for those shapes rather
than for statistically frequent n-grams:

- English: runs of capitalised words (``Sadyr Japarov``, ``Independence Palace``), joined across
  ``of``/``on``/``for``/``and``/``the`` only when the run holds a head noun that names an institution,
  a treaty or a route (``Treaty on Long-Term Good-Neighborliness, Friendship and Cooperation``,
  ``China-Kyrgyzstan-Uzbekistan Railway``); titles (``President``) are stripped from the front.
- Russian: runs of capitalised Cyrillic words and «guillemet» names, grouped by lemma so that
  ``Садыра Жапарова`` and ``Садыр Жапаров`` are one candidate shown in its most frequent form
  (the nominative when it occurs).
- Chinese: 《title》 names, and runs of Han characters ending in a naming suffix (峰会, 铁路, 走廊 …),
  trimmed on the left at function words.

Every candidate keeps where it occurs (file, line, a short context). Which candidates are already
terms is for the termbase to say (:mod:`glossary.candidates`), not for this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from glossary.text.keys import norm_key
from glossary.text.russian import lemma_query_keys

#: Most places kept per candidate.
MAX_PLACES = 12
_CONTEXT = 60

_TITLES = frozenset("""president premier prime minister chairman chairwoman vice secretary mr mrs ms madam
h.e. excellency majesty king queen ambassador councilor councillor envoy
""".split())
_RU_TITLES = frozenset("""президент президента президентом президенту премьер-министр председатель председателя
министр министра генеральный генерального секретарь секретаря посол посла господин госпожа""".split())
_CONNECTORS = frozenset({"of", "on", "for", "and", "the", "in", "de", "to"})
_HEADS = frozenset("""treaty agreement declaration summit forum organization organisation committee council secretariat
initiative corridor railway road highway bank fund center centre university institute mechanism programme program plan
strategy partnership community union association commission conference meeting palace port zone park belt charter
convention memorandum accord pact cooperation station pipeline line airport bridge dialogue framework alliance
""".split())
#: Capitalised words that start sentences or page furniture, never names on their own.
_NOT_NAMES = frozenset("""the a an this that these those it we they he she our their its in on at by for with from as
to of and or but if when while during after before since under both all each every some any no not also however
views author publish time origin inquire home latest news jump from retrieved see main contents
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december
""".split())

_EN_WORD = re.compile(r"[A-Z][A-Za-z'’]*(?:[-–][A-Z]?[A-Za-z'’]+)*|[a-z]+|[,]")
_POSSESSIVE = re.compile(r"['’]s?$")
_RU_WORD = re.compile(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*|[а-яё]+")
_RU_QUOTED = re.compile(r"«([^«»]{3,80})»")
_ZH_TITLE = re.compile(r"《([^《》]{2,40})》")
_ZH_SUFFIXES = ("峰会", "宣言", "条约", "协定", "公约", "铁路", "公路", "走廊", "倡议", "组织", "论坛", "委员会",
                "秘书处", "银行", "基金", "大学", "中心", "机制", "战略", "伙伴关系", "共同体", "联盟", "宫", "口岸",
                "港", "园区")
_ZH_NAME = re.compile(r"[\u4e00-\u9fff·]{1,14}?(?:" + "|".join(sorted(_ZH_SUFFIXES, key=len, reverse=True)) + ")")
# Where a Chinese name cannot begin: it starts after the last of these in the run before the suffix.
_ZH_BOUNDARY = re.compile("(?:的|和|与|及|同|在|将|对|为|是|了|把|被|向|于|以|并|就|从|推进|推动|加强|支持|建设|签署|"
                          "举行|出席|参加|欢迎|成立|落实|发挥|通过|共同|积极|继续|进一步|双方|各方|各国|首届|第二届)")
_ZH_MIN_STEM = 2
_RU_GROUP_KEYS = 6  # likely lemma readings of an inflected name that may join a group


@dataclass(frozen=True)
class Place:
    """Where a candidate occurs."""

    file: str
    line: int
    context: str


@dataclass
class CandidateDraft:
    """A name found in the documents, with every place it occurs (up to :data:`MAX_PLACES`)."""

    lang: str
    text: str
    key: str
    """The grouping key: normalized text, or the lemma key for Russian."""
    frequency: int = 0
    places: list[Place] = field(default_factory=list)
    forms: dict[str, int] = field(default_factory=dict)

    def add(self, form: str, place: Place) -> None:
        """Count one more occurrence of ``form`` at ``place``."""
        self.frequency += 1
        self.forms[form] = self.forms.get(form, 0) + 1
        if len(self.places) < MAX_PLACES:
            self.places.append(place)


def _context(line: str, start: int, end: int) -> str:
    lo, hi = max(0, start - _CONTEXT), min(len(line), end + _CONTEXT)
    return ("…" if lo else "") + line[lo:hi].strip() + ("…" if hi < len(line) else "")


# ---- English -------------------------------------------------------------------------------------

def _english_runs(line: str) -> Iterable[tuple[str, int, int]]:
    """(name, start, end) for each English name shape in the line."""
    words = list(_EN_WORD.finditer(line))
    i = 0
    while i < len(words):
        if not words[i].group()[0].isupper():
            i += 1
            continue
        j = i
        while j + 1 < len(words) and _adjacent(line, words[j], words[j + 1]) and (
                words[j + 1].group()[0].isupper() or _joins(line, words, j + 1)):
            j += 1
        while j > i and not words[j].group()[0].isupper():  # a run never ends on a connector
            j -= 1
        yield from _names_in_run(line, words[i:j + 1])
        i = j + 1


def _adjacent(line: str, a: re.Match[str], b: re.Match[str]) -> bool:
    """Whether two words are separated by nothing but a space (a comma is a word of its own)."""
    gap = line[a.end():b.start()]
    return len(gap) <= 2 and not gap.strip()


def _joins(line: str, words: list[re.Match[str]], k: int) -> bool:
    """Whether a lower-case word or comma at ``k`` continues a name: a connector followed (possibly after
    more connectors) by a capitalised word, all adjacent."""
    w = words[k].group()
    if w != "," and w not in _CONNECTORS:
        return False
    m = k + 1
    while m < len(words) and words[m].group() in _CONNECTORS and _adjacent(line, words[m - 1], words[m]):
        m += 1
    return m < len(words) and words[m].group()[0].isupper() and _adjacent(line, words[m - 1], words[m])


def _sentence_start(line: str, at: int) -> bool:
    before = line[:at].rstrip()
    return not before or before[-1] in ".!?:;\"“«"


def _head(word: str) -> str:
    """The last part of a hyphenated word, singular (``Meetings`` → ``meeting``)."""
    last = re.split("[-–]", word)[-1]
    return last[:-1] if last.endswith("s") and last[:-1] in _HEADS else last


def _is_title(m: re.Match[str]) -> bool:
    return m.group().lower().rstrip(".") in _TITLES


def _names_in_run(line: str, run: list[re.Match[str]]) -> Iterable[tuple[str, int, int]]:
    """The run itself when it holds a head noun; otherwise its pieces between connectors and titles.
    After a title (``President Zaparov``) a single word is a name too."""
    lowered = [m.group().lower() for m in run]
    heads = any(_head(w) in _HEADS for w in lowered)
    if heads and len(run) > 2 and run[1].group() in _CONNECTORS and _head(lowered[0]) not in _HEADS \
            and _sentence_start(line, run[0].start()):
        run, lowered = run[1:], lowered[1:]  # "Work on the … Railway": a sentence's first word, not a name
        while run and run[0].group() in _CONNECTORS:
            run, lowered = run[1:], lowered[1:]
    if heads:  # "Independence Palace in Astana": the place after the last head noun is not part of the name
        last = max(i for i, w in enumerate(lowered) if _head(w) in _HEADS)
        cut = next((i for i in range(last + 1, len(run)) if lowered[i] in ("in", "at")), len(run))
        run = run[:cut]
    pieces = [(run, False)] if heads and len(run) <= 12 else _split(run)
    for piece, after_title in pieces:
        while piece and (piece[0].group().lower() in _NOT_NAMES or piece[0].group() in _CONNECTORS
                         or piece[0].group() == "," or _is_title(piece[0])):
            after_title = after_title or _is_title(piece[0])
            piece = piece[1:]
        while piece and (piece[-1].group() in _CONNECTORS or piece[-1].group() == ","):
            piece = piece[:-1]
        capitalised = [m for m in piece if m.group()[0].isupper()]
        if sum(1 for m in capitalised if m.group().isupper() and len(m.group()) > 1) >= 2:
            continue  # SIGN UP FOR OUR NEWSLETTER: page furniture, not a name
        single = len(capitalised) == 1 and (after_title or all(
            part[:1].isupper() for part in re.split("[-–]", capitalised[0].group())[1:] or [""]))
        if len(capitalised) >= 2 or single:
            start, end = piece[0].start(), piece[-1].end()
            name = _POSSESSIVE.sub("", line[start:end])
            yield name, start, start + len(name)


def _split(run: list[re.Match[str]]) -> list[tuple[list[re.Match[str]], bool]]:
    """Pieces of a run between connectors, commas and titles; each says whether a title preceded it."""
    pieces: list[tuple[list[re.Match[str]], bool]] = [([], False)]
    for m in run:
        if m.group() in _CONNECTORS or m.group() == ",":
            pieces.append(([], False))
        elif _is_title(m):
            pieces.append(([], True))
        else:
            pieces[-1][0].append(m)
    return [p for p in pieces if p[0]]


# ---- Russian -------------------------------------------------------------------------------------

def _russian_runs(line: str) -> Iterable[tuple[str, int, int]]:
    for m in _RU_QUOTED.finditer(line):
        yield m.group(1).strip(), m.start(1), m.end(1)
    words = list(_RU_WORD.finditer(line))
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and words[j].group()[0].isupper() and (
                j == i or _adjacent(line, words[j - 1], words[j])):
            j += 1
        start = i
        while start < j and words[start].group().lower() in _RU_TITLES:
            start += 1
        if j - start >= 2:
            yield line[words[start].start():words[j - 1].end()], words[start].start(), words[j - 1].end()
        i = max(j, i + 1)


# ---- Chinese -------------------------------------------------------------------------------------

def _chinese_runs(line: str) -> Iterable[tuple[str, int, int]]:
    for m in _ZH_TITLE.finditer(line):
        yield m.group(1), m.start(1), m.end(1)
    for m in _ZH_NAME.finditer(line):
        text, start = m.group(), m.start()
        cut = max((b.end() for b in _ZH_BOUNDARY.finditer(text)), default=0)
        name = text[cut:]
        suffix = next(s for s in sorted(_ZH_SUFFIXES, key=len, reverse=True) if name.endswith(s))
        if len(name) - len(suffix) >= _ZH_MIN_STEM:
            yield name, start + cut, m.end()


_SHAPES = (("en", _english_runs), ("ru", _russian_runs), ("zh-Hans", _chinese_runs))


def extract_candidates(lines: Iterable[tuple[str, int, str]]) -> list[CandidateDraft]:
    """Candidates from ``(file, line number, text)`` lines, most frequent first.

    Russian forms are grouped by their likely lemma keys (``Садыром Жапаровым`` joins ``Садыр Жапаров``),
    the others by normalized key; each candidate is shown in its most frequent surface form.
    """
    found: dict[tuple[str, str], CandidateDraft] = {}
    alias: dict[tuple[str, str], str] = {}
    for file, number, text in lines:
        for lang, shape in _SHAPES:
            for name, start, end in shape(text):
                name = " ".join(name.split())
                keys = _group_keys(lang, name)
                if not keys:
                    continue
                key = next((alias[(lang, k)] for k in keys if (lang, k) in alias), keys[0])
                for k in keys:
                    alias.setdefault((lang, k), key)
                draft = found.setdefault((lang, key), CandidateDraft(lang, name, key))
                draft.add(name, Place(file, number, _context(text, start, end)))
    for draft in found.values():
        draft.text = max(draft.forms.items(), key=lambda kv: (kv[1], -len(kv[0])))[0]
    return sorted(found.values(), key=lambda d: (-d.frequency, d.lang, d.text))


def _group_keys(lang: str, name: str) -> list[str]:
    if lang == "ru":
        return lemma_query_keys(name)[:_RU_GROUP_KEYS]
    key = norm_key(name)
    return [key] if key else []


def extract_from_files(paths: Sequence[Path]) -> list[CandidateDraft]:
    """Candidates from documents (txt, md, html) and bilingual files (every variant of every unit).

    Raises :class:`glossary.errors.SilktermError` (one line, naming the file) for a file that cannot be read.
    """
    from sources.bilingual import read_segments  # the one reader the checks use too

    def lines() -> Iterator[tuple[str, int, str]]:
        for path in paths:
            for seg in read_segments(path):
                for text in (seg.source, seg.target):
                    if text:
                        yield seg.file, seg.line or 0, text

    return extract_candidates(lines())
