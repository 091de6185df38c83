"""``silkterm lookup``: find concepts by any term, in any language and script."""

from __future__ import annotations

import click

from glossary.cli.context import AppContext
from glossary.cli.render import console, hits_table, print_json


@click.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--lang", help="Only match terms in this language (en, zh, zh-Hans, zh-Hant, ru ...).")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 500), help="Most hits to show.")
@click.option("--no-fuzzy", is_flag=True, help="Do not fall back to fuzzy matching.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of hits.")
@click.pass_obj
def lookup(app: AppContext, query: tuple[str, ...], lang: str | None, limit: int, no_fuzzy: bool,
           as_json: bool) -> None:
    """Find concepts by any of their terms and show all languages side by side.

    Matches exact text, then case/dash/quote/space-insensitive forms, Russian inflected forms,
    Traditional or Simplified Chinese, pinyin (with or without tones), Latin↔Cyrillic
    transliteration, prefixes and substrings, and finally misspellings.

    \b
    Examples:
      silkterm lookup "China Central Asia"
      silkterm lookup "в Ашхабаде" --lang ru
      silkterm lookup shànghǎi
      silkterm lookup Tokaev --json
    """
    hits = app.lookup.search(" ".join(query), lang=lang, limit=limit, fuzzy=not no_fuzzy)
    if as_json:
        print_json([h.to_json() for h in hits])
        return
    if not hits:
        click.echo(f"no concept matches {' '.join(query)!r}", err=True)
        return
    console().print(hits_table(hits))
