"""What the TBX reader and writer share: the status and type vocabularies, the TBX-Basic (DCA) data
categories, the ``[silkterm …]`` / ``[tbx]`` notes that carry what TBX-Basic has no place for, and
the JSON form of an element kept as it was (``attrs``).

A kept element is ``{"el": tag, "attrs": {...}, "text": "...", "children": [...]}`` (empty keys left
out), namespace-free and in DCA form (a DCT ``<basic:context>`` becomes ``descrip type="context"``).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"

#: TBX administrativeStatus → silkterm status (v2 ``normativeAuthorization`` uses the same values).
STATUS_IN = {
    "preferredTerm-admn-sts": "preferred", "admittedTerm-admn-sts": "admitted",
    "deprecatedTerm-admn-sts": "deprecated", "supersededTerm-admn-sts": "superseded",
    "preferredTerm": "preferred", "admittedTerm": "admitted", "deprecatedTerm": "deprecated",
    "supersededTerm": "superseded",
}
#: silkterm status → TBX-Basic value; ``forbidden`` has none (written as deprecated plus a note).
STATUS_OUT = {"preferred": "preferredTerm-admn-sts", "admitted": "admittedTerm-admn-sts",
              "deprecated": "deprecatedTerm-admn-sts", "superseded": "supersededTerm-admn-sts",
              "forbidden": "deprecatedTerm-admn-sts"}
TYPE_IN = {"fullForm": "full", "full form": "full", "shortForm": "short", "short form": "short",
           "acronym": "acronym", "variant": "variant"}
#: silkterm type → TBX-Basic termType; transliteration and erroneous are variants plus a note.
TYPE_OUT = {"full": "fullForm", "short": "shortForm", "acronym": "acronym", "variant": "variant",
            "transliteration": "variant", "erroneous": "variant"}
GENDERS = ("masculine", "feminine", "neuter")
NUMBERS = ("singular", "plural")

#: DCT element (data category) → the DCA element that carries it as ``type``.
DCT_ELEMENT = {
    **dict.fromkeys(("customerSubset", "projectSubset", "source"), "admin"),
    **dict.fromkeys(("subjectField", "context", "definition"), "descrip"),
    "crossReference": "ref", "transactionType": "transac", "responsibility": "transacNote",
    **dict.fromkeys(("externalCrossReference", "xGraphic"), "xref"),
    **dict.fromkeys(("administrativeStatus", "partOfSpeech", "geographicalUsage", "grammaticalGender",
                     "termLocation", "termType", "grammaticalNumber"), "termNote"),
}

#: TBX-Basic DCA: (element, type) → the levels it may appear at, and its closed value list if any.
BASIC = {
    ("admin", "customerSubset"): ({"concept", "term"}, None),
    ("admin", "projectSubset"): ({"concept", "term"}, None),
    ("admin", "source"): ({"concept", "lang", "term"}, None),
    ("descrip", "subjectField"): ({"concept"}, None),
    ("descrip", "context"): ({"term"}, None),
    ("descrip", "definition"): ({"concept", "lang"}, None),
    ("ref", "crossReference"): ({"concept", "term"}, None),
    ("termNote", "administrativeStatus"): ({"term"}, set(STATUS_OUT.values())),
    ("termNote", "partOfSpeech"): ({"term"}, {"adjective", "noun", "other", "verb", "adverb"}),
    ("termNote", "geographicalUsage"): ({"term"}, None),
    ("termNote", "grammaticalGender"): ({"term"}, {"masculine", "feminine", "neuter", "other"}),
    ("termNote", "termLocation"): ({"term"}, None),
    ("termNote", "termType"): ({"term"}, {"fullForm", "acronym", "abbreviation", "shortForm", "variant",
                                          "phrase"}),
    ("transac", "transactionType"): ({"concept", "lang", "term"}, {"origination", "modification"}),
    ("transacNote", "responsibility"): ({"concept", "lang", "term"}, None),
    ("xref", "externalCrossReference"): ({"concept", "lang", "term"}, None),
    ("xref", "xGraphic"): ({"concept", "lang"}, None),
}
#: Elements without a data category that TBX-Basic allows (structure, groups, inline markup).
UNTYPED = {"note", "date", "descripGrp", "adminGrp", "transacGrp", "termNoteGrp", "hi", "sc", "ec", "ph"}
#: Where each element may stand in the core structure (termNote only right after the term).
TERM_NOTES = {"termNote", "termNoteGrp"}

MARK = re.compile(r"^\[(silkterm|tbx)(?: ([a-zA-Z]+))?\] (.*)$", re.S)


def mark(field: str, value: str) -> str:
    """A note carrying a silkterm field TBX-Basic has no data category for."""
    return f"[silkterm {field}] {value}"


def mark_kept(item: dict[str, Any]) -> str:
    """A note carrying a kept element TBX-Basic does not allow where it stood."""
    return "[tbx] " + json.dumps(item, ensure_ascii=False, sort_keys=True)


def basic_allows(item: dict[str, Any], level: str) -> bool:
    """Whether a kept element (and everything in it) is TBX-Basic DCA at ``level``."""
    el, attrs = item["el"], item.get("attrs", {})
    kind = attrs.get("type")
    if kind is None:
        if el not in UNTYPED:
            return False
    else:
        rule = BASIC.get((el, kind))
        if rule is None or level not in rule[0] or (rule[1] is not None and item.get("text") not in rule[1]):
            return False
    if set(attrs) - {"type", "target", "xml:lang"}:
        return False  # ids could clash in a file merged from several; other attributes are not TBX's
    if "target" in attrs and not re.match(r"https?://.+", attrs["target"]):
        return False  # an IDREF into back matter we do not write
    if el in TERM_NOTES and level != "term":
        return False
    return all(basic_allows(child, level) for child in item.get("children", ()))


def parse_date(value: str | None) -> datetime | None:
    """A TBX date (xs:date or xs:dateTime) as an aware datetime; None when it is not one."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def format_date(value: datetime) -> str:
    """A datetime as TBX writes it: a bare date at midnight UTC, else a full UTC timestamp."""
    value = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
        return value.date().isoformat()
    return value.isoformat().replace("+00:00", "Z")
