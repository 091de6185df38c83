"""Script checks: Latin letters inside Cyrillic words (and the reverse), Traditional characters in zh-Hans."""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

from glossary.checks import catalog
from glossary.checks.context import around
from glossary.checks.records import Finding, Segment
from glossary.text.chinese import to_simplified

_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_S2T = opencc.OpenCC("s2t")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u052f"


def _is_latin(ch: str) -> bool:
    return ch.isascii() or "\u00c0" <= ch <= "\u024f"


def mixed_script(seg: Segment, text: str, lang: str | None) -> list[Finding]:
    """A finding for each word that mixes Latin and Cyrillic letters (``Кaзахстан`` with a Latin a)."""
    out: list[Finding] = []
    if not _LATIN.search(text) or not _CYRILLIC.search(text):
        return out
    for m in _WORD.finditer(text):
        word = m.group()
        if not _LATIN.search(word) or not _CYRILLIC.search(word):
            continue
        cyr = sum(map(_is_cyrillic, word))
        lat = sum(1 for c in word if _is_latin(c) and c.isalpha())
        if not cyr or not lat:
            continue
        odd = "Latin" if cyr >= lat else "Cyrillic"
        letters = "".join(c for c in word if (_is_latin(c) if odd == "Latin" else _is_cyrillic(c)))
        message = f"{word!r} mixes scripts: {odd} {letters!r} inside a {'Cyrillic' if odd == 'Latin' else 'Latin'} word"
        out.append(Finding(0, catalog.MIXED_SCRIPT, catalog.severity(catalog.MIXED_SCRIPT), seg.file, seg.line, word,
                           None, None, message, around(text, m.start(), m.end()), lang=lang))
    return out


@lru_cache(maxsize=65536)
def is_traditional(ch: str) -> bool:
    """Whether a Han character is a Traditional form (OpenCC folds it to another character)."""
    return to_simplified(ch) != ch


@lru_cache(maxsize=65536)
def _is_simplified_only(ch: str) -> bool:
    return _S2T.convert(ch) != ch


def traditional_in_hans(seg: Segment, text: str, declared: bool) -> list[Finding]:
    """Traditional characters in Simplified Chinese text.

    ``declared``: the text is declared zh-Hans (a bilingual side). A monolingual line is judged
    Simplified only when it has Simplified-only characters too; an all-Traditional line is zh-Hant.
    """
    if to_simplified(text) == text:
        return []
    han = [(m.start(), m.group()) for m in _HAN.finditer(text)]
    trad = [(i, c) for i, c in han if is_traditional(c)]
    if not trad or (not declared and not any(_is_simplified_only(c) for _i, c in han)):
        return []
    chars = "".join(dict.fromkeys(c for _i, c in trad))
    expected = to_simplified(chars)
    message = f"Traditional {chars!r} in Simplified Chinese; write {expected!r}"
    start = trad[0][0]
    return [Finding(0, catalog.TRADITIONAL, catalog.severity(catalog.TRADITIONAL), seg.file, seg.line, chars, None,
                    expected, message, around(text, start, start + 1), lang="zh-Hans",
                    key=f"{chars}\x1f{text}")]
