"""Cross-script name keys: Cyrillic → Latin (iuliia schemes) folded to a phonetic skeleton.

The skeleton collapses the spelling choices that romanization schemes disagree on, so Tokayev,
Tokaev and Токаев share one key, as do Japarov / Zhaparov / Жапаров and Berdimuhamedov /
Berdymukhamedov / Бердымухамедов.
"""

from __future__ import annotations

import re
from functools import lru_cache

import iuliia

from glossary.text.normalize import compact, fold, words

_SCHEMES = (iuliia.WIKIPEDIA, iuliia.ICAO_DOC_9303)
_DIGRAPHS = (
    ("shch", "sh"), ("dzh", "j"), ("zh", "j"), ("dj", "j"), ("kh", "h"), ("gh", "g"), ("ph", "f"),
    ("ts", "c"), ("tz", "c"), ("x", "h"), ("q", "k"), ("w", "v"), ("z", "s"), ("ck", "k"),
)
_VOWEL_RUN = re.compile(r"[aeiouy]+")
_DOUBLE = re.compile(r"(.)\1+")


def romanize(text: str) -> set[str]:
    """Latin renderings of Cyrillic text in the schemes translators meet (Wikipedia, ICAO passports)."""
    return {scheme.translate(text) for scheme in _SCHEMES}


@lru_cache(maxsize=131072)
def skeleton(latin: str) -> str:
    """Fold a Latin spelling to its phonetic skeleton, word by word: vowel runs → ``a``, doubled
    letters single (``Kassym-Jomart Tokayev`` → ``kasam jamart takav``)."""
    return " ".join(filter(None, (_word_skeleton(w) for w in words(fold(latin)))))


def _word_skeleton(word: str) -> str:
    s = compact(word)
    if not s.isascii():
        s = "".join(ch for ch in s if ch.isascii())
    for src, dst in _DIGRAPHS:
        s = s.replace(src, dst)
    s = _VOWEL_RUN.sub("a", s)
    return _DOUBLE.sub(r"\1", s)


def romanized_compact(text: str, script: str) -> str:
    """One comparable Latin form of a Latin or Cyrillic text (for ranking transliteration hits)."""
    return compact(_SCHEMES[0].translate(text) if script == "cyrillic" else text)


def translit_keys(text: str, script: str) -> set[str]:
    """Skeleton keys of a Latin or Cyrillic text; empty for other scripts or too-short keys."""
    if script == "cyrillic":
        keys = {skeleton(r) for r in romanize(text)}
    elif script == "latin":
        keys = {skeleton(text)}
    else:
        return set()
    return {k for k in keys if len(k.replace(" ", "")) >= 3}
