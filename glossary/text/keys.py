"""The matching keys of a stored term and of a query, for every lookup kind."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from glossary.text.chinese import han_compact, has_tones, pinyin_keys, pinyin_query
from glossary.text.normalize import compact, script_of
from glossary.text.russian import lemma_keys, lemma_query_keys
from glossary.text.translit import translit_keys

#: Bump when any key function changes: databases re-index themselves on open.
KEY_VERSION = 3


class KeyKind(StrEnum):
    """Kinds of matching keys stored in ``term_key``."""

    NORM = "norm"  # compact, case/dash/quote/space-insensitive; Chinese folded to Simplified
    LEMMA = "lemma"  # Russian lemmas, function words dropped
    PINYIN = "pinyin"  # toneless pinyin of Chinese terms
    PINYIN_TONE = "pinyin_tone"  # pinyin with tone marks
    TRANSLIT = "translit"  # Latin phonetic skeleton of Latin and Cyrillic terms


def norm_key(text: str, script: str | None = None) -> str:
    """The normalized key of a text (Chinese folded to Simplified)."""
    script = script or script_of(text)
    return han_compact(text) if script == "han" else compact(text)


def term_keys(text: str, lang: str) -> set[tuple[KeyKind, str]]:
    """Every (kind, key) under which a stored term in language ``lang`` can be found."""
    script = script_of(text)
    keys: set[tuple[KeyKind, str]] = set()
    norm = norm_key(text, script)
    if norm:
        keys.add((KeyKind.NORM, norm))
    if script == "cyrillic":
        keys.update((KeyKind.LEMMA, lemma) for lemma in lemma_keys(text))
    if script == "han":
        for toneless, toned in pinyin_keys(text):
            keys.add((KeyKind.PINYIN, toneless))
            keys.add((KeyKind.PINYIN_TONE, toned))
    keys.update((KeyKind.TRANSLIT, k) for k in translit_keys(text, script))
    return keys


@dataclass(frozen=True)
class QueryKeys:
    """A query prepared for every lookup kind."""

    text: str
    script: str
    norm: str
    lemmas: list[str] = field(default_factory=list)
    pinyin: str = ""
    pinyin_tone: str = ""
    translit: list[str] = field(default_factory=list)

    @property
    def has_tone_marks(self) -> bool:
        """Whether the typed pinyin carries tone marks (then toned keys must agree); ü is not a tone."""
        return has_tones(self.pinyin_tone)


def query_keys(text: str) -> QueryKeys:
    """Prepare a query: its normalized key and, by script, lemma, pinyin and transliteration keys."""
    text = unicodedata.normalize("NFC", text).strip()
    script = script_of(text)
    lemmas: list[str] = []
    pinyin = pinyin_tone = ""
    if script == "cyrillic":
        lemmas = lemma_query_keys(text)
    if script == "latin":
        pinyin, pinyin_tone = pinyin_query(text)
    if script == "han":  # a homophone typed through a pinyin IME (扎帕落夫 for 扎帕罗夫) shares the pinyin
        readings = pinyin_keys(text)
        pinyin = readings[0][0] if readings else ""
    return QueryKeys(
        text=text,
        script=script,
        norm=norm_key(text, script),
        lemmas=lemmas,
        pinyin=pinyin,
        pinyin_tone=pinyin_tone,
        translit=sorted(translit_keys(text, script)),
    )
