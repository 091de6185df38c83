"""Numbers and dates that differ between source and target, across en, zh and ru notations.

"June 17, 2025", "17 июня 2025 г." and "2025年6月17日" all become the day token ``06-17`` and the
number ``2025``; "10,000", "10 000" and "1万" all become ``10000``. The multisets must agree.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal, InvalidOperation

from glossary.checks import catalog
from glossary.checks.context import pair
from glossary.checks.records import Finding, Segment

_EN_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december"]
_EN_SHORT = {m[:3]: i + 1 for i, m in enumerate(_EN_MONTHS)} | {"sept": 9}
_RU_MONTHS = ["январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр",
              "декабр"]
_EN_MONTH = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|" \
            r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_RU_MONTH = r"(?P<rmon>января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря|" \
            r"январь|февраль|март|апрель|май|июнь|июль|август|сентябрь|октябрь|ноябрь|декабрь)"
_DATE_PATTERNS = [
    re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*[日号])?"),
    re.compile(r"(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]"),
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
    re.compile(r"\b(?=[jfmasond])" + _EN_MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b", re.I),
    re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _EN_MONTH + r"\b", re.I),
    re.compile(r"\b(?P<d>\d{1,2})\s+" + _RU_MONTH + r"\b", re.I),
]
_NUMBER = re.compile(r"(?<![0-9A-Za-z.,])\d+(?:(?:[,\u00a0\u202f ]|\.(?=\d{3}\b))\d{3})*(?:[.,]\d+)?"
                     r"(?:\s*(?P<mult>万|亿|million|billion|thousand|млн\.?|млрд\.?|тыс\.?|миллион\w*|миллиард\w*|тысяч\w*))?",
                     re.I)
_DIGIT = re.compile(r"\d")
_MULT = {"万": 10**4, "亿": 10**8, "million": 10**6, "billion": 10**9, "thousand": 10**3, "млн": 10**6,
         "млрд": 10**9, "тыс": 10**3, "миллион": 10**6, "миллиард": 10**9, "тысяч": 10**3}


def _month(m: re.Match) -> int:
    groups = m.groupdict()
    if groups.get("m"):
        return int(groups["m"])
    if groups.get("mon"):
        return _EN_SHORT[groups["mon"].lower().rstrip(".")[:4] if groups["mon"].lower().startswith("sept")
                         else groups["mon"].lower()[:3]]
    word = groups["rmon"].lower()
    return next(i + 1 for i, stem in reversed(list(enumerate(_RU_MONTHS))) if word.startswith(stem))


def _number(raw: str, mult: str | None) -> str:
    digits = re.sub(r"[\u00a0\u202f ]", "", raw)
    if re.search(r"[.,]\d{3}$", digits) and re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", digits):
        digits = re.sub(r"[.,]", "", digits)
    digits = digits.replace(",", ".")
    try:
        value = Decimal(digits.replace(" ", ""))
    except InvalidOperation:
        return raw
    if mult:
        key = mult.lower().rstrip(".")
        factor = next((v for k, v in _MULT.items() if key.startswith(k)), 1)
        value *= factor
    return format(value.normalize(), "f")


def values(text: str) -> Counter[str]:
    """The numbers and day-month tokens of a text, notation-independent."""
    found: Counter[str] = Counter()
    if not _DIGIT.search(text):
        return found
    spans: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in spans):
                continue
            try:
                month, day = _month(m), m.groupdict().get("d")
            except (KeyError, StopIteration):
                continue
            found[f"{month:02d}-{int(day):02d}" if day else f"{month:02d}-"] += 1
            if m.groupdict().get("y"):
                found[str(int(m.group("y")))] += 1
            spans.append((m.start(), m.end()))
    rest = text
    for s, e in spans:
        rest = rest[:s] + " " * (e - s) + rest[e:]
    for m in _NUMBER.finditer(rest):
        raw = m.group(0)[:m.start("mult") - m.start()] if m.group("mult") else m.group(0)
        found[_number(raw.strip(), m.group("mult"))] += 1
    return found


def _show(token: str) -> str:
    if re.fullmatch(r"\d{2}-\d{2}", token):
        return f"{_EN_MONTHS[int(token[:2]) - 1].capitalize()} {int(token[3:])}"
    if re.fullmatch(r"\d{2}-", token):
        return _EN_MONTHS[int(token[:2]) - 1].capitalize()
    return token


def number_mismatch(seg: Segment) -> list[Finding]:
    """One finding when the source's numbers and dates are not exactly the target's."""
    src, tgt = values(seg.source), values(seg.target or "")
    if src == tgt:
        return []
    missing, extra = src - tgt, tgt - src
    parts = []
    if missing:
        parts.append("missing in target: " + ", ".join(_show(t) for t in sorted(missing.elements())))
    if extra:
        parts.append("only in target: " + ", ".join(_show(t) for t in sorted(extra.elements())))
    text = ", ".join(_show(t) for t in sorted((missing + extra).elements()))
    expected = ", ".join(_show(t) for t in sorted(missing.elements())) or None
    return [Finding(0, catalog.NUMBERS, catalog.severity(catalog.NUMBERS), seg.file, seg.line, text, None, expected,
                    "numbers/dates differ: " + "; ".join(parts), pair(seg), lang=seg.target_lang,
                    key=f"{text}\x1f{seg.source}")]
