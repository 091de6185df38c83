"""The ``silkterm`` command: the composition root that wires glossary, tm, sources and tui together.

Errors become one line on stderr and an exit code (2 for bad input, 3 for a database still busy);
no traceback reaches a user unless ``SILKTERM_DEBUG=1``.
"""

from __future__ import annotations

import os
import sys

import click

from glossary.cli.candidates_cmd import candidates_group
from glossary.cli.check_cmd import check_cmd
from glossary.cli.context import AppContext
from glossary.cli.db_cmd import db_group
from glossary.cli.io_cmd import export_cmd, import_cmd
from glossary.cli.lookup_cmd import lookup
from glossary.cli.term_cmd import term_group
from glossary.cli.tm_cmd import tm_group
from glossary.cli.tui_cmd import tui
from glossary.errors import SilktermError


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--db", "db_target", metavar="PATH|URL", envvar="SILKTERM_DB",
              help="Database file or SQLAlchemy URL (default: the per-user database; env SILKTERM_DB).")
@click.version_option(package_name="silkterm", prog_name="silkterm")
@click.pass_context
def cli(ctx: click.Context, db_target: str | None) -> None:
    """silkterm: English / Chinese / Russian termbase for translators of diplomatic texts.

    \b
    Examples:
      silkterm lookup "Шанхайской организации сотрудничества"
      silkterm lookup shanghai hezuo zuzhi --json
      silkterm term show 12
    """
    ctx.obj = AppContext(db_target)
    ctx.call_on_close(ctx.obj.close)


cli.add_command(lookup)
cli.add_command(term_group)
cli.add_command(db_group)
cli.add_command(tm_group)
cli.add_command(import_cmd)
cli.add_command(export_cmd)
cli.add_command(tui)
cli.add_command(check_cmd)
cli.add_command(candidates_group)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    debug = os.environ.get("SILKTERM_DEBUG") == "1"
    try:
        cli.main(args=argv, prog_name="silkterm", standalone_mode=False)
        return 0
    except SilktermError as exc:
        click.echo(f"silkterm: error: {exc}", err=True)
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.Abort:
        click.echo("silkterm: aborted", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo("silkterm: interrupted", err=True)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last line of defence: one line, never a traceback
        if debug:
            raise
        click.echo(f"silkterm: internal error: {type(exc).__name__}: {exc} (run with SILKTERM_DEBUG=1 for details)",
                   err=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
