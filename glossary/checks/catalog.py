"""The checks ``silkterm check`` runs: ids, severities and one-line explanations."""

from __future__ import annotations

from glossary.checks.records import CheckInfo

KEYTERM = "keyterm"
FORBIDDEN = "forbidden-term"
DEPRECATED = "deprecated-term"
INCONSISTENT_SOURCE = "inconsistent-source"
INCONSISTENT_TARGET = "inconsistent-target"
NAME_DRIFT = "name-drift"
NEAR_VARIANT = "near-variant"
NUMBERS = "number-mismatch"
MIXED_SCRIPT = "mixed-script"
TRADITIONAL = "traditional-in-hans"
TB_MISSING = "tb-missing-language"
TB_TWO_PREFERRED = "tb-two-preferred"
TB_SHARED = "tb-shared-term"

#: Every check, in the order reports show them.
CHECKS: tuple[CheckInfo, ...] = (
    CheckInfo(KEYTERM, "error", "a source term of a concept occurs but none of its approved target terms does"),
    CheckInfo(FORBIDDEN, "error", "a forbidden or erroneous term is used; use the preferred term"),
    CheckInfo(DEPRECATED, "warning", "a deprecated or superseded term is used; use the preferred term"),
    CheckInfo(NUMBERS, "error", "numbers or dates differ between source and target"),
    CheckInfo(INCONSISTENT_SOURCE, "warning", "the same source segment is translated differently"),
    CheckInfo(INCONSISTENT_TARGET, "warning", "different source segments are given the same translation"),
    CheckInfo(NAME_DRIFT, "warning", "one concept is written with different forms across the document set"),
    CheckInfo(NEAR_VARIANT, "warning", "a name close to a known name (spelling or transliteration) is not in the "
                                       "termbase"),
    CheckInfo(MIXED_SCRIPT, "warning", "a word mixes Latin and Cyrillic letters (look-alike characters)"),
    CheckInfo(TRADITIONAL, "warning", "Traditional characters inside Simplified Chinese text"),
    CheckInfo(TB_MISSING, "info", "termbase: a concept has no term in one of en, zh-Hans, ru"),
    CheckInfo(TB_TWO_PREFERRED, "error", "termbase: a concept has two preferred terms in one language"),
    CheckInfo(TB_SHARED, "warning", "termbase: one approved term belongs to two concepts"),
)

BY_ID = {c.id: c for c in CHECKS}
ORDER = {c.id: i for i, c in enumerate(CHECKS)}


def severity(check_id: str) -> str:
    """The severity of a check."""
    return BY_ID[check_id].severity
