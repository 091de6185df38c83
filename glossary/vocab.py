"""Controlled vocabularies of the termbase (TBX-compatible values)."""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    """What kind of thing a concept names."""

    TREATY = "treaty"
    DECLARATION = "declaration"
    ORGANIZATION = "organization"
    MECHANISM = "mechanism"  # mechanisms and forums
    PLACE = "place"
    PERSON = "person"
    INITIATIVE = "initiative"  # initiatives and programmes
    EVENT = "event"
    TITLE = "title"  # titles and offices
    OTHER = "other"


class Status(StrEnum):
    """A term's usage status (TBX ``administrativeStatus``)."""

    PREFERRED = "preferred"
    ADMITTED = "admitted"
    DEPRECATED = "deprecated"
    SUPERSEDED = "superseded"
    FORBIDDEN = "forbidden"


class TermType(StrEnum):
    """A term's form (TBX ``termType``)."""

    FULL = "full"
    SHORT = "short"
    ACRONYM = "acronym"
    VARIANT = "variant"
    TRANSLITERATION = "transliteration"
    ERRONEOUS = "erroneous"


class Gender(StrEnum):
    """Grammatical gender (Russian terms)."""

    MASCULINE = "masculine"
    FEMININE = "feminine"
    NEUTER = "neuter"


class Number(StrEnum):
    """Grammatical number (Russian terms)."""

    SINGULAR = "singular"
    PLURAL = "plural"


#: Statuses a translator may use without a warning, best first.
APPROVED = (Status.PREFERRED, Status.ADMITTED)

#: Sort rank for display: preferred first, forbidden last.
STATUS_RANK = {s: i for i, s in enumerate(Status)}


def parse_enum(enum: type[StrEnum], value: str | None, field: str) -> StrEnum | None:
    """Parse ``value`` into ``enum`` or raise a ValidationError naming ``field`` and the allowed values."""
    from glossary.errors import ValidationError

    if value is None:
        return None
    try:
        return enum(value.strip().lower())
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise ValidationError(f"{field}: {value!r} is not one of {allowed}") from None
