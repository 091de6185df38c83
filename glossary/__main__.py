"""``python -m glossary`` runs the silkterm CLI."""

import sys

from glossary.cli import main

sys.exit(main())
