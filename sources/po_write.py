"""Gettext PO export of the TM (one language pair) and of the termbase, written with polib.

TM units: one entry per unit with a variant in the source language. Units read from a PO file get
their entry back (msgctxt, flags, comments, references, previous strings, plural forms, obsolete:
see :mod:`sources.po`); other units get ``msgctxt "silkterm:unit:ID"``, which the PO reader drops
again. A second entry with the same msgctxt and msgid (msgfmt refuses duplicates) gets the unit id
appended to its msgctxt. Unit notes become translator comments; other props become extracted
comments ``[prop TYPE] value``, read back as props.

A translation that begins or ends with a newline where its source does not (or the reverse), which
msgfmt refuses, is written ``fuzzy`` (text unchanged).

The header is the original file's when every exported unit came from one PO file in this language
pair; otherwise a fresh one. Either way it is completed so that ``msgfmt --check`` accepts it: the
charset is UTF-8 (what is written), and ``Plural-Forms`` is the gettext rule of the target language
when missing or not a valid expression. Plural entries get exactly ``nplurals`` forms.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import TextIO

import polib
from babel import Locale, UnknownLocaleError
from babel.plural import to_gettext
from sqlalchemy.orm import Session

from glossary import languages
from glossary.errors import ValidationError
from glossary.records import ConceptRecord, TermRecord
from glossary.service import TermbaseService
from sources import po
from tm.records import Annotation, UnitRecord, VariantRecord
from tm.units import iter_units, resolve_languages

#: No wrapping: polib would wrap comments too, and a wrapped comment reads back with line breaks.
WRAP = 0
_ONE = "nplurals=1; plural=0;"
_EAST_SLAVIC = ("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) "
                "? 1 : 2);")
#: The customary gettext rules (integers only; CLDR's extra forms for fractions are not gettext's).
PLURAL_FORMS = {
    **dict.fromkeys(("zh", "ja", "ko", "vi", "th", "id", "ms", "lo", "km", "my", "bo"), _ONE),
    **dict.fromkeys(("ru", "uk", "be", "sr", "hr", "bs"), _EAST_SLAVIC),
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "cs": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "sk": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "fr": "nplurals=2; plural=(n > 1);",
}
_DEFAULT_FORMS = "nplurals=2; plural=(n != 1);"
_PLURAL_HEADER = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([n0-9\s()?:<>=!&|%+*/-]+);?\s*$")
_REQUIRED = ("Project-Id-Version", "PO-Revision-Date", "Last-Translator", "Language-Team", "Language",
             "MIME-Version", "Content-Type", "Content-Transfer-Encoding")


@lru_cache(maxsize=64)
def plural_forms(lang: str) -> str:
    """The gettext ``Plural-Forms`` value for a canonical language tag."""
    primary = languages.primary(lang)
    if primary in PLURAL_FORMS:
        return PLURAL_FORMS[primary]
    try:
        rule = Locale.parse(lang.replace("-", "_")).plural_form
    except (UnknownLocaleError, ValueError, TypeError):
        return _DEFAULT_FORMS
    used = {rule(n) for n in range(0, 1001)}
    if len(used) == 1:
        return _ONE
    if used == {"one", "other"}:
        ones = {n for n in range(0, 1001) if rule(n) == "one"}
        return _DEFAULT_FORMS if ones == {1} else "nplurals=2; plural=(n > 1);" if ones == {0, 1} else \
            to_gettext(rule)
    return to_gettext(rule)


def nplurals(value: str | None) -> int | None:
    """The number of forms a ``Plural-Forms`` value declares; None when it is not a valid rule."""
    m = _PLURAL_HEADER.match(value or "")
    return int(m.group(1)) if m and int(m.group(1)) > 0 else None


def gettext_language(lang: str) -> str:
    """A canonical tag as gettext writes it (``zh-Hans`` → ``zh_Hans``)."""
    return lang.replace("-", "_")


# ---- header ----------------------------------------------------------------------------------------

def build_header(origin: Mapping[str, str] | None, source: str, target: str, tool_version: str,
                 forms_used: int = 0) -> tuple[dict[str, str], str, bool]:
    """(metadata, header comment, fuzzy) for the export: the origin file's header completed, or a new one.

    ``forms_used`` (the most plural forms a unit has) sets ``nplurals`` when the language is unknown.
    """
    stored = dict(origin or {})
    comment = stored.pop(po.HEADER_COMMENT, "")
    fuzzy = stored.pop(po.HEADER_FLAGS, "") == "fuzzy"
    meta = {k: v for k, v in stored.items() if not k.startswith("silkterm ")}
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")
    defaults = {"Project-Id-Version": f"silkterm {tool_version}", "PO-Revision-Date": now,
                "Last-Translator": "silkterm", "Language-Team": gettext_language(target),
                "Language": gettext_language(target), "MIME-Version": "1.0",
                "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit"}
    for key in _REQUIRED:
        if not meta.get(key, "").strip():
            meta[key] = defaults[key]
    meta["Content-Type"] = re.sub(r"charset\s*=\s*[^;\s]*", "charset=UTF-8", meta["Content-Type"])
    if "charset=" not in meta["Content-Type"]:
        meta["Content-Type"] += "; charset=UTF-8"
    if nplurals(meta.get("Plural-Forms")) is None:
        meta["Plural-Forms"] = plural_forms(target)
        if target == po.UNKNOWN and forms_used > 2:
            meta["Plural-Forms"] = f"nplurals={forms_used}; plural=(n != 1);"
    if source != "en" and "X-Source-Language" not in meta:
        meta["X-Source-Language"] = gettext_language(source)
    return meta, comment, fuzzy


def _write_header(out: TextIO, meta: dict[str, str], comment: str, fuzzy: bool) -> None:
    catalog = polib.POFile(wrapwidth=WRAP)
    catalog.metadata = meta
    entry = catalog.metadata_as_entry()
    if fuzzy:
        entry.flags = ["fuzzy"]
    if comment:  # as polib writes it: "# " before each line, "#" alone for an empty one
        out.write("".join(f"# {line}\n" if line else "#\n" for line in comment.split("\n")))
    out.write(entry.__unicode__(WRAP) + "\n")


# ---- TM ----------------------------------------------------------------------------------------------

def export_tm_po(session: Session, out: TextIO, langs: Sequence[str], tool_version: str) -> int:
    """Write the TM's units in the pair ``langs`` = (source, target) as PO; returns the entries written."""
    if len(langs) != 2:
        raise ValidationError("--langs: PO export takes exactly two languages, source and target (--langs en,ru)")
    source, target = (languages.canonical(t) for t in langs)
    src_want, tgt_want = (_wanted(t) for t in langs)
    wanted = resolve_languages(session, langs)
    if not any(languages.matches(s, src_want) for s in wanted):
        raise ValidationError(f"the translation memory has no units in {langs[0]}")
    po_origins = _po_origins(session)
    origin = _single_origin(session, wanted, po_origins, source, target)
    meta, comment, fuzzy = build_header(origin, source, target, tool_version, _forms_used(session, wanted))
    _write_header(out, meta, comment, fuzzy)
    forms = nplurals(meta["Plural-Forms"]) or 2
    seen: set[tuple[str | None, str, bool]] = set()
    obsolete: list[str] = []
    count = 0
    for unit in iter_units(session, wanted):
        entry = unit_entry(unit, src_want, tgt_want, forms, from_po=unit.origin_id in po_origins)
        if entry is None:
            continue
        key = (entry.msgctxt, entry.msgid, entry.obsolete)
        if key in seen:  # msgfmt refuses a second entry with the same msgctxt and msgid
            tag = f"silkterm:unit:{unit.id}"
            entry.msgctxt = tag if entry.msgctxt is None else f"{entry.msgctxt} [{tag}]"
        seen.add((entry.msgctxt, entry.msgid, entry.obsolete))
        text = "\n" + entry.__unicode__(WRAP) + "\n"
        if entry.obsolete:
            obsolete.append(text)
        else:
            out.write(text)
        count += 1
    out.write("".join(obsolete))
    return count


def _wanted(tag: str) -> str:
    want = languages.canonical(tag)
    return languages.primary(want) if "-" not in tag.strip().replace("_", "-") else want


def _po_origins(session: Session) -> dict[int, dict[str, str]]:
    rows = session.connection().exec_driver_sql("SELECT id, header FROM tm_origin WHERE format = 'po'").all()
    return {oid: (header if isinstance(header, dict) else json.loads(header or "{}")) for oid, header in rows}


def _forms_used(session: Session, wanted: set[str]) -> int:
    """The most plural forms a variant in these languages has (0 when none is plural)."""
    if not wanted:
        return 0
    marks = ",".join("?" * len(wanted))
    types = session.connection().exec_driver_sql(
        f"SELECT DISTINCT n.type FROM tm_note n JOIN tm_variant v ON v.id = n.variant_id "
        f"WHERE n.type LIKE 'x-po-msgstr[%' AND v.lang IN ({marks})", tuple(wanted)).scalars()
    found = [int(m.group(1)) for t in types if (m := re.fullmatch(r"x-po-msgstr\[(\d+)\]", t or ""))]
    return max(found) + 1 if found else 0


def _single_origin(session: Session, wanted: set[str], po_origins: dict[int, dict[str, str]], source: str,
                   target: str) -> dict[str, str] | None:
    """The header of the one PO file every exported unit came from, when it is in this pair."""
    if not wanted:
        return None
    marks = ",".join("?" * len(wanted))
    found = [oid for (oid,) in session.connection().exec_driver_sql(
        f"SELECT DISTINCT u.origin_id FROM tm_unit u JOIN tm_variant v ON v.unit_id = u.id "
        f"WHERE v.lang IN ({marks}) LIMIT 2", tuple(wanted))]
    if len(found) != 1 or found[0] not in po_origins:
        return None
    header = po_origins[found[0]]
    same = (_canonical_or_none(header.get(po.HEADER_SOURCE)) == source
            and _canonical_or_none(header.get(po.HEADER_TARGET)) in (target, None))
    return header if same else None


def _canonical_or_none(tag: str | None) -> str | None:
    try:
        return languages.canonical(tag) if tag else None
    except ValidationError:
        return None


def _props(notes: Iterable[Annotation]) -> dict[str, str]:
    return {a.type: a.text for a in notes if a.kind == "prop" and a.type}


def unit_entry(unit: UnitRecord, source: str, target: str, forms: int, *, from_po: bool) -> polib.POEntry | None:
    """The PO entry of a unit (None when it has no source text: an empty msgid is the header)."""
    candidates = [v for v in unit.variants if languages.matches(v.lang, source)]
    src = next((v for v in candidates if po.ROLE in _props(v.annotations)), candidates[0] if candidates else None)
    if src is None or not src.text:
        return None
    tgt = next((v for v in unit.variants if v is not src and languages.matches(v.lang, target)), None)
    props = _props(unit.annotations)
    entry = polib.POEntry(msgid=src.text)
    if po.MSGCTXT in props:
        entry.msgctxt = props[po.MSGCTXT]
    elif not from_po:
        entry.msgctxt = f"silkterm:unit:{unit.id}"
    plural = _props(src.annotations).get(po.MSGID_PLURAL)
    if plural is not None:
        entry.msgid_plural = plural
        entry.msgstr_plural = _plural_forms(tgt, forms)
    else:
        entry.msgstr = tgt.text if tgt else ""
    if props.get(po.FLAGS):
        entry.flags = [f.strip() for f in props[po.FLAGS].split(",") if f.strip()]
    entry.tcomment = "\n".join(a.text for a in _notes(unit, src, tgt))
    entry.comment = _extracted(unit.annotations)
    if props.get(po.REFERENCES):
        entry.occurrences = [_occurrence(line) for line in props[po.REFERENCES].split("\n") if line]
    for attr, prop in po.PREVIOUS.items():
        if prop in props:
            setattr(entry, attr, props[prop])
    entry.obsolete = po.OBSOLETE in props
    if not entry.obsolete and "fuzzy" not in entry.flags and _newlines_differ(entry):
        entry.flags.append("fuzzy")  # msgfmt refuses such a translation unless it is marked for review
    return entry


def _newlines_differ(entry: polib.POEntry) -> bool:
    """Whether a translation begins or ends with a newline where its source does not, or the reverse."""
    sources = [entry.msgid, *([entry.msgid_plural] if entry.msgid_plural else [])]
    targets = [t for t in (entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]) if t]
    return any(s.startswith("\n") != t.startswith("\n") or s.endswith("\n") != t.endswith("\n")
               for s in sources for t in targets)


def _plural_forms(tgt: VariantRecord | None, forms: int) -> dict[int, str]:
    values = {0: tgt.text} if tgt else {}
    if tgt:
        for a in tgt.annotations:
            m = re.fullmatch(re.escape(po.PROP) + r"msgstr\[(\d+)\]", a.type or "")
            if a.kind == "prop" and m:
                values[int(m.group(1))] = a.text
    return {n: values.get(n, "") for n in range(forms)}


def _notes(unit: UnitRecord, *variants: VariantRecord | None) -> Iterator[Annotation]:
    yield from (a for a in unit.annotations if a.kind == "note")
    for v in variants:
        if v is not None:
            yield from (a for a in v.annotations if a.kind == "note")


def _extracted(notes: Iterable[Annotation]) -> str:
    lines = []
    for a in notes:
        if a.kind != "prop" or not a.type:
            continue
        if a.type == po.EXTRACTED:
            lines.insert(0, a.text)
        elif not a.type.startswith(po.PROP):
            lines.append(f"[prop {a.type}] {po.escape_prop_value(a.text)}")
    return "\n".join(lines)


def _occurrence(line: str) -> tuple[str, str]:
    path, sep, number = line.rpartition(":")
    return (path, number) if sep and number.isdigit() else (line, "")


# ---- termbase ----------------------------------------------------------------------------------------

def export_glossary_po(session: Session, service: TermbaseService, out: TextIO, langs: Sequence[str],
                       tool_version: str) -> int:
    """Write one entry per concept with a term in the source language: msgctxt ``concept:ID``, msgid the
    preferred source term, msgstr the preferred target term, comments with everything else."""
    if len(langs) != 2:
        raise ValidationError("--langs: PO export takes exactly two languages, source and target (--langs en,ru)")
    source, target = (languages.canonical(t) for t in langs)
    src_want, tgt_want = (_wanted(t) for t in langs)
    meta, comment, fuzzy = build_header(None, source, target, tool_version)
    _write_header(out, meta, comment, fuzzy)
    conn, last, count = session.connection(), 0, 0
    while True:
        ids = [i for (i,) in conn.exec_driver_sql("SELECT id FROM concept WHERE id > ? ORDER BY id LIMIT 500",
                                                  (last,))]
        if not ids:
            return count
        last = ids[-1]
        records = service.load_concepts(session, ids)
        for cid in ids:
            entry = concept_entry(records[cid], src_want, tgt_want) if cid in records else None
            if entry is not None:
                out.write("\n" + entry.__unicode__(WRAP) + "\n")
                count += 1


def _best(terms: Sequence[TermRecord]) -> TermRecord | None:
    return next((t for t in terms if t.status == "preferred"), terms[0] if terms else None)


def concept_entry(concept: ConceptRecord, source: str, target: str) -> polib.POEntry | None:
    """A concept as a PO entry; None when it has no term in the source language."""
    src_terms = [t for t in concept.terms if languages.matches(t.lang, source)]
    tgt_terms = [t for t in concept.terms if languages.matches(t.lang, target)]
    src, tgt = _best(src_terms), _best(tgt_terms)
    if src is None:
        return None
    lines = [f"category: {concept.category}"]
    if concept.subject:
        lines.append(f"subject: {concept.subject}")
    lines.append(f"status: {src.status} ({src.lang})" + (f", {tgt.status} ({tgt.lang})" if tgt else ""))
    if concept.definition:
        lines.append(f"definition: {concept.definition}")
    if concept.note:
        lines.append(f"note: {concept.note}")
    for t in (src, tgt):
        if t is not None and t.note:
            lines.append(f"note ({t.lang}): {t.note}")
    for t in (*src_terms, *tgt_terms):
        if t is not src and t is not tgt:
            lines.append(f"{t.status} term ({t.lang}, {t.type}): {t.text}")
    lines.extend(f"source: {s}" for s in concept.sources)
    flags = ["fuzzy"] if tgt is not None and tgt.status not in ("preferred", "admitted") else []
    return polib.POEntry(msgctxt=f"concept:{concept.id}", msgid=src.text, msgstr=tgt.text if tgt else "",
                         comment="\n".join(lines).replace("\r", ""), flags=flags)
