"""``silkterm tm …``: fuzzy matches with explained scores, and concordance search."""

from __future__ import annotations

import click
from rich.table import Table
from rich.text import Text

from glossary.cli.context import AppContext
from glossary.cli.render import console, print_json
from glossary.cli.tm_edit_cmd import tm_delete, tm_edit
from tm.records import Match, Occurrence
from tm.service import TmService


class _TextCommand(click.Command):
    """A command whose TEXT may begin with a dash ("-5 %", "-минус"): a word with one leading dash
    that is none of the command's options is text; an unknown ``--option`` stays an error (a typo
    such as ``--limt`` must not be searched for)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Parse, taking unknown single-dash words as TEXT."""
        known = {name for p in self.get_params(ctx) for name in (*p.opts, *p.secondary_opts)}
        words = args[:args.index("--")] if "--" in args else args
        ctx.ignore_unknown_options = not any(
            w.startswith("--") and w.split("=", 1)[0] not in known for w in words)
        return super().parse_args(ctx, args)


@click.group("tm")
def tm_group() -> None:
    """Translation memory: fuzzy matches with explained scores, and concordance."""


def _match_table(matches: list[Match]) -> Table:
    table = Table(show_lines=True, header_style="bold")
    for col in ("unit", "score", "points lost", "source", "target", "termbase"):
        table.add_column(col, overflow="fold", justify="right" if col in ("unit", "score") else "left")
    for m in matches:
        lost = Text("\n".join(f"−{p.points:g} {p.reason}: {p.detail}" for p in m.penalties) or "exact",
                    style="yellow" if m.penalties else "green")
        terms = Text()
        for i, t in enumerate(m.terms):
            terms.append(("\n" if i else "") + f"{t.source_term} → {t.target_term or '(no approved term)'}")
            if "target" not in t.found_in and t.target_term:
                terms.append(" ⚠ not in target", style="yellow")
        table.add_row(str(m.unit_id), f"{m.score:g}%", lost, Text(f"[{m.source.lang}] {m.source.text}"),
                      Text(f"[{m.target.lang}] {m.target.text}"), terms)
    return table


@tm_group.command("match", cls=_TextCommand)
@click.argument("text", nargs=-1, required=True)
@click.option("--from", "source_lang", required=True, help="Language of TEXT (en, zh-Hans, ru ...).")
@click.option("--to", "target_lang", required=True, help="Language of the translations wanted.")
@click.option("--min", "min_score", default=75, show_default=True, type=click.IntRange(1, 100),
              help="Lowest score shown (percent).")
@click.option("--limit", default=5, show_default=True, type=click.IntRange(1, 100), help="Most matches to show.")
@click.option("--markup", is_flag=True, help="TEXT holds TMX inline tags (<ph/>, <bpt i=\"1\">…) to compare.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of matches.")
@click.pass_obj
def tm_match(app: AppContext, text: tuple[str, ...], source_lang: str, target_lang: str, min_score: int,
             limit: int, markup: bool, as_json: bool) -> None:
    """Find the translation units closest to TEXT, each with a score and every point it lost.

    The score is the share of characters the two segments have in common (rapidfuzz ratio);
    the points lost are split by reason: edits (counted in words; in characters for Chinese),
    numbers that differ, punctuation, case, and inline tags. Termbase names found in the query
    and the match are listed with the approved target-language term.

    \b
    Examples:
      silkterm tm match "The parties signed the agreement on 17 June 2025." --from en --to ru
      silkterm tm match 双方同意加强合作 --from zh-Hans --to en --min 60 --json
    """
    matches = TmService(app.db).match(" ".join(text), source_lang=source_lang, target_lang=target_lang,
                                      min_score=min_score, limit=limit, markup=markup)
    if as_json:
        print_json([m.to_json() for m in matches])
        return
    if not matches:
        click.echo(f"no unit matches at {min_score}% or more", err=True)
        return
    console().print(_match_table(matches))


def _search_table(hits: list[Occurrence], query: str) -> Table:
    table = Table(show_lines=True, header_style="bold")
    for col in ("unit", "found", "other languages"):
        table.add_column(col, overflow="fold", justify="right" if col == "unit" else "left")
    for o in hits:
        found = Text(f"[{o.variant.lang}] {o.variant.text}")
        found.highlight_words([query], style="bold reverse", case_sensitive=False)
        others = Text("\n".join(f"[{v.lang}] {v.text}" for v in o.others))
        table.add_row(str(o.unit_id), found, others)
    return table


@tm_group.command("search", cls=_TextCommand)
@click.argument("text", nargs=-1, required=True)
@click.option("--lang", "langs", multiple=True, help="Only search segments in this language (repeatable).")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10000), help="Most hits to show.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of hits.")
@click.pass_obj
def tm_search(app: AppContext, text: tuple[str, ...], langs: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Concordance: segments containing TEXT in any language (case-insensitive substring).

    TEXT is searched for as written: quotes, AND, NEAR(, *, - and colons are ordinary characters.
    One or two Chinese characters are enough.

    \b
    Examples:
      silkterm tm search "Belt and Road"
      silkterm tm search 睦邻 --lang zh-Hans
      silkterm tm search "«Пояс и путь»" --json
    """
    query = " ".join(text)
    hits = TmService(app.db).search(query, langs=langs, limit=limit)
    if as_json:
        print_json([o.to_json() for o in hits])
        return
    if not hits:
        click.echo(f"no segment contains {query!r}", err=True)
        return
    console().print(_search_table(hits, query))


tm_group.add_command(tm_edit)
tm_group.add_command(tm_delete)
