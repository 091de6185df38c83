"""Rich rendering of records for the terminal. User text is always a ``Text``, never markup."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from glossary.records import ChangeRecord, ConceptRecord, TermRecord

_STATUS_STYLE = {"preferred": "bold", "admitted": "", "deprecated": "yellow", "superseded": "yellow",
                 "forbidden": "red"}
_MARK = {"deprecated": " ⚠deprecated", "superseded": " ⚠superseded", "forbidden": " ✗forbidden"}
COLUMNS = (("en", "English"), ("zh-Hans", "中文"), ("ru", "Русский"))


def console() -> Console:
    """A console for stdout; wide enough for three language columns when piped."""
    return Console(width=None if sys.stdout.isatty() else 160, highlight=False, soft_wrap=False)


def print_json(data: Any) -> None:
    """Print JSON (UTF-8, not ASCII-escaped) to stdout."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def term_text(terms: Iterable[TermRecord], *, ids: bool = False) -> Text:
    """Terms one per line, styled by status; deprecated and forbidden are marked in words, not only colour."""
    out = Text()
    for i, t in enumerate(terms):
        if i:
            out.append("\n")
        if ids:
            out.append(f"[{t.id}] ", style="dim")
        out.append(t.text, style=_STATUS_STYLE.get(t.status, ""))
        if t.status in _MARK:
            out.append(_MARK[t.status], style=_STATUS_STYLE[t.status])
        elif t.type in ("acronym", "short"):
            out.append(f" ({t.type})", style="dim")
    return out


def _lang_columns(concepts: Iterable[ConceptRecord]) -> list[tuple[str, str]]:
    extra = sorted({t.lang for c in concepts for t in c.terms} - {c for c, _ in COLUMNS})
    return [*COLUMNS, *((lang, lang) for lang in extra)]


def hits_table(hits: list) -> Table:  # list[Hit]
    """The lookup result: score, how it matched, category and the terms side by side."""
    concepts = [h.concept for h in hits]
    table = Table(show_lines=True, header_style="bold")
    table.add_column("id", justify="right")
    table.add_column("match")
    table.add_column("category")
    cols = _lang_columns(concepts)
    for _, title in cols:
        table.add_column(title, overflow="fold")
    for h in hits:
        match = Text(f"{h.score:.0f} {h.matched_by}\n", style="cyan")
        match.append(h.matched_term, style="dim")
        cells = []
        for lang, _ in cols:
            terms = [t for t in h.concept.terms if t.lang == lang or (lang == "zh-Hans" and t.lang == "zh-Hant")]
            cells.append(term_text(terms))
        table.add_row(str(h.concept.id), match, h.concept.category, *cells)
    return table


def concept_panel(c: ConceptRecord) -> list[Any]:
    """Renderables for one concept: fields, then a term table with ids, status and type."""
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    head.add_row("concept", Text(f"{c.id}  {c.label()}"))
    head.add_row("category", Text(c.category + (f" / {c.subject}" if c.subject else "")))
    for label, value in (("code", c.code), ("definition", c.definition), ("note", c.note)):
        if value:
            head.add_row(label, Text(value))
    if c.sources:
        head.add_row("sources", Text("\n".join(c.sources)))
    head.add_row("modified", Text(f"{c.modified_at:%Y-%m-%d %H:%M} by {c.modified_by}"))
    terms = Table(header_style="bold")
    for col in ("id", "lang", "term", "status", "type", "note"):
        terms.add_column(col, overflow="fold")
    for t in c.terms:
        gram = ", ".join(filter(None, [t.gender, t.number]))
        terms.add_row(str(t.id), t.lang, term_text([t]), t.status, t.type + (f" ({gram})" if gram else ""),
                      Text(t.note or ""))
    return [head, terms]


def history_table(changes: list[ChangeRecord]) -> Table:
    """Recorded changes, newest first."""
    table = Table(header_style="bold")
    for col in ("batch", "when", "who", "what", "change"):
        table.add_column(col, overflow="fold")
    for ch in changes:
        state = ch.after or ch.before or {}
        label = state.get("text") or state.get("category") or ""
        what = Text(f"{ch.action} {ch.entity} {ch.entity_id} {label}")
        if ch.action == "update" and ch.before and ch.after:
            diffs = [f"{k}: {ch.before[k]!r} → {ch.after[k]!r}" for k in ch.after
                     if ch.before.get(k) != ch.after[k] and not k.startswith("modified")]
            what.append("\n" + "\n".join(diffs), style="dim")
        desc = Text(ch.description + (" (undone)" if ch.undone else ""))
        table.add_row(str(ch.batch_id), f"{ch.at:%Y-%m-%d %H:%M:%S}", ch.author, desc, what)
    return table


def concept_json(c: ConceptRecord) -> dict[str, Any]:
    """A concept as JSON."""
    return {
        "concept_id": c.id, "category": c.category, "subject": c.subject, "code": c.code,
        "definition": c.definition, "note": c.note, "sources": list(c.sources),
        "created_at": c.created_at, "created_by": c.created_by, "modified_at": c.modified_at,
        "modified_by": c.modified_by,
        "terms": [{k: v for k, v in t.__dict__.items() if k not in ("concept_id", "modified_at", "modified_by")}
                  for t in c.terms],
    }
