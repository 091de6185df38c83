"""Chinese keys: Traditional→Simplified folding (OpenCC) and pinyin (pypinyin)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc

from glossary.text.normalize import compact, strip_marks

_T2S = opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def to_simplified(text: str) -> str:
    """Fold Traditional characters to Simplified, for matching only (never for storage)."""
    return _T2S.convert(text)


def han_compact(text: str) -> str:
    """Compact key of Chinese text with Traditional folded: 上海合作組織 = 上海合作组织."""
    return to_simplified(compact(text))


_MAX_READINGS = 4
_MAX_NAME_CHARS = 8  # other readings only for names and short terms; long terms read by phrase


def load_readings() -> None:
    """Load pypinyin's dictionaries now (about 0.7 s): the TUI does it in the background at start, so
    its first Chinese query does not wait for them; commands load them when first needed."""
    import pypinyin  # noqa: F401


def pinyin_keys(text: str) -> list[tuple[str, str]]:
    """(toneless, toned) pinyin keys of the Han characters, without spaces.

    The first key is pypinyin's phrase-aware reading; then, for names, variants where one character
    takes another of its readings (阿什哈巴德: ``ashenhabade`` and ``ashihabade``). ü is kept as ü, so
    typed ``lü``, ``lu`` and ``lv`` agree after :func:`pinyin_query`.
    """
    from pypinyin import Style, lazy_pinyin, pinyin  # ~80 MB of dictionaries: loaded when first needed

    simplified = to_simplified(text)
    base = lazy_pinyin(simplified, style=Style.TONE, v_to_u=True, errors="ignore")
    readings = pinyin(simplified, style=Style.TONE, heteronym=True, v_to_u=True, errors="ignore")
    variants = [base]
    if len(readings) == len(base) <= _MAX_NAME_CHARS:
        for i, options in enumerate(readings):
            for alt in options:
                if strip_marks(alt) != strip_marks(base[i]) and len(variants) < _MAX_READINGS:
                    variants.append([*base[:i], alt, *base[i + 1:]])
    keys: dict[tuple[str, str], None] = {}
    for syllables in variants:
        toned = compact("".join(syllables), latin_marks=True)
        keys.setdefault((strip_marks(toned), toned), None)
    return [k for k in keys if k[0]]


_TONE_MARKS = {"\u0300", "\u0301", "\u0304", "\u030c"}  # grave, acute, macron, caron (not ü's diaeresis)


def has_tones(text: str) -> bool:
    """Whether pinyin text carries tone marks."""
    return any(c in _TONE_MARKS for c in unicodedata.normalize("NFD", text))


def pinyin_query(text: str) -> tuple[str, str]:
    """(toneless, toned) forms of a typed pinyin query: spaces, apostrophes and tone digits removed;
    the IME spelling v is read as ü (``lvse`` = ``lǜsè`` = ``lüse``)."""
    toned = compact(text, latin_marks=True)
    toned = "".join(ch for ch in toned if not ch.isdigit()).replace("u:", "ü").replace("v", "ü")
    toneless = strip_marks(toned)
    return toneless, toned
