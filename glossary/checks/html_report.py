"""A self-contained HTML report of a check run: inline CSS, no script, every user string escaped."""

from __future__ import annotations

import html
import os
import tempfile
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from glossary.checks.catalog import BY_ID, CHECKS
from glossary.checks.records import CheckReport, Finding
from glossary.errors import ValidationError

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:2em}
table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#f3f3f3}.error{color:#b00020}.warning{color:#8a5a00}.info{color:#555}
.ctx{color:#555;font-size:.92em}.state{font-size:.85em;color:#555}code{background:#f6f6f6}
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def render(report: CheckReport, title: str = "silkterm consistency review") -> str:
    """The report as one HTML document (UTF-8, no external resources)."""
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in report.findings:
        groups[f.check].append(f)
    s = report.summary
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">', f"<title>{_e(title)}</title>",
        f"<style>{_CSS}</style></head><body>", f"<h1>{_e(title)}</h1>",
        f"<p>{s.files} input(s), {s.segments} segment(s); generated {_e(_now())}."
        f" Open: {', '.join(f'{_e(k)} {v}' for k, v in s.by_severity.items()) or 'none'}; "
        f"suppressed (ignored/accepted earlier): {s.suppressed}; fixed since last run: {s.fixed}.</p>",
    ]
    if report.errors:
        parts.append("<h2>Files not checked</h2><ul>")
        parts.extend(f"<li>{_e(err.message)}</li>" for err in report.errors)
        parts.append("</ul>")
    for info in CHECKS:
        found = groups.get(info.id)
        if not found:
            continue
        parts.append(f'<h2 id="{_e(info.id)}"><span class="{_e(info.severity)}">{_e(info.id)}</span> '
                     f"({_e(info.severity)}, {len(found)}) — {_e(info.explanation)}</h2>")
        parts.append("<table><tr><th>#</th><th>where</th><th>text</th><th>expected</th><th>message</th>"
                     "<th>state</th></tr>")
        for f in found:
            places = "".join(f"<br><span class=ctx>{_e(p.where())}: {_e(p.text)}</span>" for p in f.places[:30])
            parts.append(
                f"<tr><td>{_e(f.id or '')}</td><td>{_e(f.where())}</td><td><code>{_e(f.text)}</code></td>"
                f"<td>{_e(f.expected or '')}</td><td>{_e(f.message)}"
                f"{f'<br><span class=ctx>{_e(f.context)}</span>' if f.context else ''}{places}</td>"
                f'<td class="state">{_e(f.state)}</td></tr>')
        parts.append("</table>")
    unknown = sorted(set(groups) - set(BY_ID))
    if unknown:
        parts.append(f"<p>Other checks: {_e(', '.join(unknown))}</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write(report: CheckReport, path: Path) -> None:
    """Write the HTML report atomically (a temporary file renamed into place: never half-written)."""
    path = Path(path)
    if path.is_dir():
        raise ValidationError(f"--html: {path} is a directory")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ValidationError(f"--html: folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=".silkterm-report-", suffix=".html", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(render(report))
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ValidationError(f"--html: cannot write {path} ({exc.strerror})") from None
