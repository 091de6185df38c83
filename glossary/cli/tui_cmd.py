"""``silkterm tui``: the terminal UI. Textual is imported only here, inside the command."""

from __future__ import annotations

import click

from glossary.cli.context import AppContext


@click.command("tui")
@click.pass_obj
def tui(app: AppContext) -> None:
    """Open the terminal UI on the database: search as you type, edit, undo.

    \b
    Example:
      silkterm tui
      silkterm --db team.db tui
    """
    from tui.app import make_app  # keeps Textual out of every headless command

    make_app(app.service, app.lookup).run()
