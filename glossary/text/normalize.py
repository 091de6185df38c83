"""Language-independent folding: Unicode, case, dashes, quotes, spaces, diacritics, scripts."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2e3a\u2e3b-"
_QUOTES = "\"'«»‘’‚‛“”„‟‹›「」『』〈〉《》`´"
_DASH_RE = re.compile(f"[{re.escape(_DASHES)}]+")
_QUOTE_RE = re.compile(f"[{re.escape(_QUOTES)}]")
_SPACE_RE = re.compile(r"\s+")
# Everything that is not a letter, a digit or a combining mark (word-joining punctuation, CJK punctuation).
_NON_WORD_RE = re.compile(r"[\W_]+", re.UNICODE)
_EN_ARTICLE_RE = re.compile(r"^(the)\s+|(?<=\s)the\s+", re.IGNORECASE)
_EN_POSSESSIVE_RE = re.compile(r"(?<=\w)['’]s\b", re.IGNORECASE)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """NFKC, case-fold, ё→е, one kind of dash and quote, single spaces; keeps word boundaries."""
    s = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    s = _QUOTE_RE.sub("", s)
    s = _DASH_RE.sub("-", s)
    s = re.sub(r"\s*-\s*", "-", s)
    return _SPACE_RE.sub(" ", s).strip()


def strip_marks(text: str) -> str:
    """Remove combining diacritics (pinyin tones, accents): ``shànghǎi`` → ``shanghai``."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def words(text: str) -> list[str]:
    """The word tokens of folded text (letters and digits)."""
    return [w for w in _NON_WORD_RE.split(text) if w]


def english_fold(folded: str) -> str:
    """Drop articles and possessive 's so "the Belt and Road" = "Belt and Road"."""
    s = _EN_POSSESSIVE_RE.sub("", folded)
    return _EN_ARTICLE_RE.sub("", s)


def compact(text: str, *, latin_marks: bool = False) -> str:
    """The space- and punctuation-free key: "China–Central Asia" = "China Central Asia" = "china-central asia".

    Latin diacritics are removed unless ``latin_marks`` (pinyin with tones needs them).
    Chinese is not folded here; see :func:`glossary.text.chinese.to_simplified`.
    """
    s = english_fold(fold(text))
    if not latin_marks:
        s = strip_latin_marks(s)
    return _NON_WORD_RE.sub("", s)


def strip_latin_marks(text: str) -> str:
    """Strip diacritics from Latin letters only (Cyrillic й and ё must survive NFD)."""
    if text.isascii():
        return text
    out = []
    for ch in text:
        if ord(ch) < 0x250 and not ch.isascii():
            base = unicodedata.normalize("NFD", ch)[0]
            out.append(base if base.isascii() else ch)
        else:
            out.append(ch)
    return "".join(out)


def script_of(text: str) -> str:
    """The dominant script of ``text``: ``han``, ``cyrillic``, ``latin`` or ``other``."""
    counts = {"han": 0, "cyrillic": 0, "latin": 0}
    for ch in text:
        o = ord(ch)
        if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x2FA1F or 0xF900 <= o <= 0xFAFF:
            counts["han"] += 2  # one Han character carries about as much as two letters
        elif 0x0400 <= o <= 0x052F:
            counts["cyrillic"] += 1
        elif ch.isalpha() and o < 0x250:
            counts["latin"] += 1
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else "other"
