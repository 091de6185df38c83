"""``silkterm tm edit`` and ``silkterm tm delete``: change stored units; matching follows at once."""

from __future__ import annotations

import click

from glossary.cli.context import AppContext
from glossary.service import current_author
from tm.editing import TmEditor


@click.command("edit")
@click.argument("unit_id", type=int)
@click.argument("text", nargs=-1, required=True)
@click.option("--lang", required=True, help="Language of the segment to replace (en, zh-Hans, ru ...).")
@click.pass_obj
def tm_edit(app: AppContext, unit_id: int, text: tuple[str, ...], lang: str) -> None:
    """Replace the text of one segment of a unit (its notes and props stay; changedate is set).

    A segment with inline codes is refused: edit it in your CAT tool and import it again.

    \b
    Example:
      silkterm tm edit 1207 --lang ru "Стороны подписали Договор о вечном добрососедстве."
    """
    unit = TmEditor(app.db, current_author()).edit_segment(unit_id, lang, " ".join(text))
    segment = next((v for v in unit.variants if v.text == " ".join(text).strip()), None)
    click.echo(f"unit {unit.id}: {segment.lang if segment else lang} segment replaced", err=True)


@click.command("delete")
@click.argument("unit_ids", type=int, nargs=-1, required=True)
@click.pass_obj
def tm_delete(app: AppContext, unit_ids: tuple[int, ...]) -> None:
    """Delete translation units with all their segments, notes and props.

    Nothing is deleted if any id does not exist.

    \b
    Example:
      silkterm tm delete 1207 1208
    """
    count = TmEditor(app.db, current_author()).delete_units(unit_ids)
    click.echo(f"deleted {count} unit(s)", err=True)
