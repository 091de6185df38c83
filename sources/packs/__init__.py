"""Bundled term packs: YAML concept files validated by :mod:`sources.packs.loader`, applied by
:mod:`sources.packs.sync` so that a newer pack updates a termbase without destroying the user's edits."""

from pathlib import Path

#: The pack every new default database is filled from.
DEFAULT_PACK = Path(__file__).parent / "china_central_asia"
