"""BCP 47 language tags: validation and the canonical form silkterm stores.

Chinese is stored by script, not region (``zh-CN`` → ``zh-Hans``, ``zh-TW`` → ``zh-Hant``), and a
region that is the language's default is dropped (``ru-RU`` → ``ru``, ``en-US`` → ``en``) so that one
language has one tag; other regions are kept (``en-GB`` stays ``en-GB``).
"""

from __future__ import annotations

from functools import lru_cache

import langcodes

from glossary.errors import ValidationError

_HANT_REGIONS = {"TW", "HK", "MO"}


@lru_cache(maxsize=512)
def canonical(tag: str) -> str:
    """Return the canonical stored form of ``tag`` or raise :class:`ValidationError`.

    >>> canonical("ZH_cn"), canonical("ru-RU"), canonical("en-GB")
    ('zh-Hans', 'ru', 'en-GB')
    """
    raw = (tag or "").strip().replace("_", "-")
    if not raw or not langcodes.tag_is_valid(raw):
        raise ValidationError(f"unknown language tag {tag!r} (expected BCP 47, e.g. en, zh-Hans, zh-Hant, ru)")
    lang = langcodes.Language.get(raw)
    if lang.language == "zh":
        if lang.script in ("Hans", "Hant"):
            return f"zh-{lang.script}"
        return "zh-Hant" if lang.territory in _HANT_REGIONS else "zh-Hans"
    if lang.territory and lang.territory == langcodes.Language.get(lang.language).maximize().territory:
        lang = langcodes.Language.make(language=lang.language, script=lang.script, variants=lang.variants)
    return langcodes.standardize_tag(lang.to_tag())


def primary(tag: str) -> str:
    """The primary language subtag: ``zh-Hant`` → ``zh``."""
    return tag.split("-", 1)[0].lower()


def matches(stored: str, wanted: str) -> bool:
    """Whether a stored tag falls under a requested one (``zh`` covers ``zh-Hans`` and ``zh-Hant``)."""
    return stored == wanted or stored.startswith(wanted + "-") or (
        "-" not in wanted and primary(stored) == wanted
    )


def display_order(tags: list[str] | set[str]) -> list[str]:
    """Order tags: en, zh-Hans, zh-Hant, ru first, then the rest alphabetically."""
    rank = {t: i for i, t in enumerate(("en", "zh-Hans", "zh-Hant", "ru"))}
    return sorted(set(tags), key=lambda t: (rank.get(t, 99), t))
