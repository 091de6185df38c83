"""The matching key of a segment and the packed id under which the index stores it.

One key serves fuzzy matching and concordance: Unicode NFKC, case-folded, ё read as е, runs of
whitespace as one space. Punctuation and quotes are kept, so a search for ``"Belt"`` (with the
quotes) finds exactly that. The packed id puts language and key length in the high bits, so
"keys in this language between these lengths" is one rowid range of the FTS5 index.
"""

from __future__ import annotations

import re
import unicodedata

_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
LANG_SHIFT = 52
LEN_SHIFT = 32
MAX_LANGS = (1 << 11) - 1
MAX_LEN = (1 << (LANG_SHIFT - LEN_SHIFT)) - 1
MAX_VARIANT = (1 << LEN_SHIFT) - 1


def match_key(text: str) -> str:
    """The key of a segment or a query: NFKC, case-folded, ё→е, whitespace collapsed and trimmed."""
    s = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return " ".join(s.split())  # str.split() splits on exactly what regex \s matches, and trims


def has_han(text: str) -> bool:
    """Whether text contains Chinese characters."""
    return _HAN.search(text) is not None


def spaced(key: str) -> str | None:
    """The key with its characters separated by spaces (one token per character for unicode61),
    for keys that contain Chinese characters; None for the others."""
    return " ".join(key) if has_han(key) else None


def pack(lang_id: int, key_len: int, variant_id: int) -> int:
    """The ``tm_key`` id of a variant's key."""
    return (lang_id << LANG_SHIFT) | (min(key_len, MAX_LEN) << LEN_SHIFT) | variant_id


def variant_of(key_id: int) -> int:
    """The variant id inside a packed key id."""
    return key_id & MAX_VARIANT


def id_range(lang_id: int, shortest: int, longest: int) -> tuple[int, int]:
    """The packed-id range of keys of one language whose length lies in [shortest, longest]."""
    lo, hi = max(0, shortest), min(MAX_LEN, longest)
    return pack(lang_id, lo, 0), pack(lang_id, hi, MAX_VARIANT)
