"""The matching key of a segment, and how a variant stores it.

One key serves fuzzy matching and concordance: Unicode NFKC, case-folded, ё read as е, runs of
whitespace as one space. Punctuation and quotes are kept, so a search for ``"Belt"`` (with the
quotes) finds exactly that. Most keys are just the text case-folded (:func:`quick_key`); a
variant stores its key (``tm_variant.key``) only when it is not, so an import writes each text once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
#: Languages a TM can hold (ids go into the high bits of the postings index's 32-bit codes).
MAX_LANGS = (1 << 11) - 1
#: Variant ids are uint32 in the postings index.
MAX_VARIANT = (1 << 32) - 1


#: Full-width punctuation common in Chinese text, with its NFKC form (ASCII): most Chinese segments
#: are normalized once these are replaced, and replacing is ~9× cheaper than normalizing.
_WIDE_PUNCTUATION = tuple((c, unicodedata.normalize("NFKC", c)) for c in "，：；（）！？\u3000")


def match_key(text: str) -> str:
    """The key of a segment or a query: NFKC, case-folded, ё→е, whitespace collapsed and trimmed."""
    return _collapsed(quick_key(_nfkc(text)))


def _nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, cheaper for the texts that are (nearly) normalized."""
    if unicodedata.is_normalized("NFKC", text):  # the quick check is ~7× cheaper than normalizing
        return text
    for wide, narrow in _WIDE_PUNCTUATION:  # each is its own NFKC decomposition: the result is the same
        if wide in text:
            text = text.replace(wide, narrow)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def _is_collapsed(text: str) -> bool:
    """Whether ``" ".join(text.split()) == text``, ~3× cheaper: every whitespace character but the
    ASCII space is unprintable, so a printable text with no doubled, leading or trailing space."""
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


def _collapsed(folded: str) -> str:
    """Runs of whitespace as one space, trimmed."""
    if _is_collapsed(folded):
        return folded
    return " ".join(folded.split())  # str.split() splits on exactly what regex \s matches, and trims


def quick_key(text: str) -> str:
    """The key most segments have: the text case-folded, ё→е (no NFKC or whitespace change needed)."""
    return text.casefold().replace("ё", "е")


def quick_keys(texts: Sequence[str]) -> list[str]:
    """:func:`quick_key` of each text, folded in one call (case folding maps each character on its
    own, so folding the texts joined is folding each; an import folds millions of them)."""
    if not texts:
        return []
    joined = "\0".join(texts)
    if joined.count("\0") != len(texts) - 1:  # a text holds NUL itself: one at a time
        return [quick_key(text) for text in texts]
    return quick_key(joined).split("\0")


def stored_key(text: str, key: str) -> str | None:
    """What ``tm_variant.key`` holds for a segment with this key: None when :func:`quick_key` gives it."""
    return None if key == quick_key(text) else key


def stored_key_of(text: str) -> str | None:
    """:func:`stored_key` of a segment, without computing its key when the answer is plainly None: a
    text that is NFKC-normalized and already collapsed (printable, no doubled, leading or trailing
    space) has its :func:`quick_key` as key, since case folding a printable character gives printable
    characters and never whitespace (tested over every code point)."""
    if _is_collapsed(text) and unicodedata.is_normalized("NFKC", text):
        return None
    return keys_of(text)[1]


def keys_of(text: str) -> tuple[str, str | None]:
    """(:func:`match_key`, :func:`stored_key`) of a segment, with one case-folding for the common case."""
    normalized = _nfkc(text)
    quick = quick_key(normalized)
    key = _collapsed(quick)
    if normalized is text:  # quick is then the text's own quick key
        return key, None if key == quick else key
    return key, stored_key(text, key)


def key_of(text: str, stored: str | None) -> str:
    """A stored variant's key from its text and ``tm_variant.key``."""
    return quick_key(text) if stored is None else stored


def has_han(text: str) -> bool:
    """Whether text contains Chinese characters."""
    return _HAN.search(text) is not None
