"""One check run: every segment through the per-segment checks, then the checks over the whole set."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from glossary.checks.drift import DriftCollector, NearVariants
from glossary.checks.inconsistency import inconsistent
from glossary.checks.matcher import Hit, TermMatcher, Tokens, tokens
from glossary.checks.numbers import number_mismatch
from glossary.checks.records import Finding, Segment
from glossary.checks.script import mixed_script, traditional_in_hans
from glossary.checks.selfcheck import selfcheck
from glossary.checks.terms import key_terms, term_usage
from glossary.languages import primary

_primary = lru_cache(maxsize=256)(primary)


class CheckRun:
    """The checks of one run over one compiled termbase."""

    def __init__(self, matcher: TermMatcher) -> None:
        self.matcher = matcher
        self.drift = DriftCollector(matcher)
        self.near = NearVariants(matcher)

    def check(self, inputs: Sequence[tuple[str, Sequence[Segment]]]) -> list[Finding]:
        """Findings of every segment of every input, then inconsistency, drift and near-variants."""
        out: list[Finding] = []
        bilingual: list[Segment] = []
        for _name, segments in inputs:
            for seg in segments:
                out.extend(self.segment(seg))
                if seg.bilingual:
                    bilingual.append(seg)
        out.extend(inconsistent(bilingual))
        out.extend(self.drift.findings())
        out.extend(self.near.findings())
        return out

    def segment(self, seg: Segment) -> list[Finding]:
        """The per-segment checks (both sides of a pair)."""
        src_lang = seg.source_lang if seg.bilingual else None
        src_toks = tokens(seg.source)
        src_hits = self.matcher.find(seg.source, src_toks)
        out = self._side(seg, seg.source, src_lang, src_hits, src_toks)
        if seg.bilingual:
            tgt_toks = tokens(seg.target or "")
            tgt_hits = self.matcher.find(seg.target or "", tgt_toks)
            out.extend(self._side(seg, seg.target or "", seg.target_lang, tgt_hits, tgt_toks))
            out.extend(key_terms(self.matcher, seg, src_hits, tgt_hits))
            out.extend(number_mismatch(seg))
        return out

    def _side(self, seg: Segment, text: str, lang: str | None, hits: list[Hit],
              toks: Tokens) -> list[Finding]:
        out = term_usage(self.matcher, seg, hits, text, lang)
        out.extend(mixed_script(seg, text, lang or seg.source_lang))
        if lang is None or _primary(lang) == "zh" and lang != "zh-Hant":
            out.extend(traditional_in_hans(seg, text, declared=lang == "zh-Hans"))
        self.drift.add(hits, lang, seg.file, seg.line)
        if lang is None or _primary(lang) in ("en", "ru"):
            self.near.add(text, hits, seg.file, seg.line)
        return out

    def selfcheck(self, _db: object = None) -> list[Finding]:
        """The termbase self-check."""
        return selfcheck(self.matcher)
