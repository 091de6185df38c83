"""Writing an export through a temporary file that replaces the target only when it is complete."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from glossary.errors import SilktermError, ValidationError

_BUFFER = 1 << 20


def write_atomically(path: Path, write: Callable[[Any], int], *, binary: bool = False) -> int:
    """Call ``write`` with an open file (UTF-8 text with ``\\n`` line ends, or bytes when ``binary``) in
    the target's folder; the file replaces ``path`` only when ``write`` returns. Returns its result.

    Raises ValidationError for a folder or missing parent, SilktermError when the file cannot be written.
    """
    target = path.expanduser()
    if target.is_dir():
        raise ValidationError(f"{target}: is a directory")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ValidationError(f"{folder}: no such folder")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # an ordinary file, not mkstemp's private one
    try:
        # Big buffers: writers hand over one row at a time (csv, write_through text wrappers).
        with (os.fdopen(fd, "wb", buffering=_BUFFER) if binary
              else os.fdopen(fd, "w", encoding="utf-8", newline="\n", buffering=_BUFFER)) as out:
            count = write(out)
        os.replace(tmp, target)
        return count
    except OSError as exc:
        raise SilktermError(f"{target}: cannot write ({exc.strerror})") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
