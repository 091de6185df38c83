"""Chinese keys: Traditional→Simplified folding (OpenCC) and pinyin (pypinyin)."""

from __future__ import annotations

from functools import lru_cache

import opencc
from pypinyin import Style, lazy_pinyin

from glossary.text.normalize import compact, strip_marks

_T2S = opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def to_simplified(text: str) -> str:
    """Fold Traditional characters to Simplified, for matching only (never for storage)."""
    return _T2S.convert(text)


def han_compact(text: str) -> str:
    """Compact key of Chinese text with Traditional folded: 上海合作組織 = 上海合作组织."""
    return to_simplified(compact(text))


def pinyin_keys(text: str) -> tuple[str, str]:
    """(toneless, toned) pinyin of the Han characters, without spaces.

    ü is written ü in both (``lü`` → toneless ``lu``), so typed ``lü``, ``lu`` and ``lv`` agree after
    :func:`pinyin_query`.
    """
    simplified = to_simplified(text)
    toned = "".join(lazy_pinyin(simplified, style=Style.TONE, v_to_u=True, errors="ignore"))
    toned = compact(toned, latin_marks=True)
    return strip_marks(toned), toned


def pinyin_query(text: str) -> tuple[str, str]:
    """(toneless, toned) forms of a typed pinyin query: spaces, apostrophes and tone digits removed."""
    toned = compact(text, latin_marks=True)
    toned = "".join(ch for ch in toned if not ch.isdigit()).replace("u:", "ü")
    toneless = strip_marks(toned).replace("v", "u")
    return toneless, toned
