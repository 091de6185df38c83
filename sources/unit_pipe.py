"""Reading a file's units in a second process while this one stores them.

An import is two jobs of about equal cost: parsing and preparing the units (XML, content hashes,
matching keys; the reader's ``prepared_batches()``) and writing them to SQLite (rows, postings index). A
forked child does the first and sends batches of prepared units, plain tuples, through a pipe; a
thread here receives up to :data:`QUEUED` batches ahead, which bounds the memory in flight while
neither process waits for the other. A malformed file is reported by the child as (line,
reason) and raised here, inside the import's transaction, so nothing of it is stored. Small files
(a child costs more than it saves), platforms without ``fork`` and imports running beside other
threads (the TUI's) are read in this process.
"""

from __future__ import annotations

import gc
import marshal
import multiprocessing
import queue
import threading
from collections.abc import Iterator
from multiprocessing.connection import Connection
from typing import Any

from glossary.errors import SilktermError, SourceFormatError
from sources.unit_reader import FileUnitReader
from tm.postings import POSTINGS_THREAD
from tm.store import PreparedUnit

#: Files at least this large are read in a child process.
PARALLEL_MIN_BYTES = 4 << 20
#: Units per batch handed to the store (and per message from the child).
BATCH = 1000
#: Messages received ahead of the store (each ~1 MB held in the importing process; 12 cost ~4 MB
#: more at the peak with no measurable gain in time).
QUEUED = 8
#: Messages are plain tuples, lists, dicts, strings, numbers and None between two copies of one
#: interpreter: marshal writes and reads them about a quarter faster than pickle.
_MARSHAL_VERSION = 4
#: Bytes the pipe from the child may hold (Linux caps it at /proc/sys/fs/pipe-max-size, 1 MiB by default).
PIPE_BYTES = 1 << 20


def prepared_batches(reader: FileUnitReader, size: int) -> Iterator[list[PreparedUnit | str | None]]:
    """The reader's units, prepared for the store, in batches of :data:`BATCH`.

    When the batches are exhausted, ``reader.header`` and ``reader.header_xml`` are set as if the
    reader had run here; the reader's progress callback is called here with the bytes read.
    Raises :class:`SourceFormatError` for a malformed file.
    """
    if size < PARALLEL_MIN_BYTES or reader.reads_here or not _can_fork():
        yield from _prepared(reader)
    else:
        yield from _from_child(reader)


def _prepared(reader: FileUnitReader) -> Iterator[list[PreparedUnit | str | None]]:
    """The reader's units prepared, in batches (the work a child does, or this process)."""
    return reader.prepared_batches(BATCH)


def _can_fork() -> bool:
    """Whether a child can be forked safely: the platform has ``fork`` and no thread but this one
    and the postings writer's (which only runs numpy) could hold a lock the child would need. The
    TUI imports in a worker thread beside Textual's, so it reads in-process."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    me = threading.current_thread()
    return all(t is me or t.name.startswith(POSTINGS_THREAD) for t in threading.enumerate())


def _widen(end: Connection) -> None:
    """Let the pipe hold a batch or so (a default pipe holds 64 KiB: sending one batch would take
    a dozen wake-ups of the receiving thread)."""
    try:
        import fcntl  # not on Windows, which has no fork either

        with open("/proc/sys/fs/pipe-max-size") as fh:
            limit = int(fh.read())
        fcntl.fcntl(end.fileno(), fcntl.F_SETPIPE_SZ, min(limit, PIPE_BYTES))
    except (ImportError, OSError, ValueError, AttributeError):  # not Linux: the default size works, only slower
        pass


def _from_child(reader: FileUnitReader) -> Iterator[list[PreparedUnit | str | None]]:
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    _widen(sender)
    child = context.Process(target=_read_in_child, args=(reader, sender), name="silkterm-reader", daemon=True)
    child.start()
    sender.close()
    progress, name = reader.progress, reader.name
    inbox = _Inbox(receiver)
    try:
        while True:
            data = inbox.get()
            if data is None:
                raise SilktermError(f"{name}: the process reading the file ended unexpectedly")
            message: tuple[Any, ...] = marshal.loads(data)
            kind = message[0]
            if kind == "units":
                if progress is not None:
                    progress(message[2])
                yield message[1]
            elif kind == "end":
                reader.header, reader.header_xml = message[1], message[2]
                return
            elif kind == "error":
                raise SourceFormatError(*message[1:])
            else:
                raise SilktermError(message[1])
    finally:
        inbox.stop()
        if child.is_alive():
            child.terminate()
        child.join()
        inbox.join()
        receiver.close()


class _Inbox:
    """Messages from the child, received ahead by a thread: a batch is larger than a pipe holds, so
    without it the child would wait, mid-message, until the store had finished the batch before."""

    def __init__(self, receiver: Connection) -> None:
        self._receiver = receiver
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=QUEUED)
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._pump, name="silkterm-pipe", daemon=True)
        self._thread.start()

    def get(self) -> bytes | None:
        """The next message; None when the child has gone without a last message."""
        return self._queue.get()

    def _pump(self) -> None:
        while True:
            try:
                data: bytes | None = self._receiver.recv_bytes()
            except (EOFError, OSError):
                data = None
            while not self._stopped.is_set():
                try:
                    self._queue.put(data, timeout=0.1)
                    break
                except queue.Full:
                    continue
            if data is None or self._stopped.is_set():
                return

    def stop(self) -> None:
        """No more messages are wanted (the thread ends once the child's end of the pipe closes)."""
        self._stopped.set()

    def join(self) -> None:
        self._thread.join()


def _read_in_child(reader: FileUnitReader, out: Connection) -> None:
    """The child's work: read, prepare, send. Every outcome is a message; nothing is raised."""
    gc.disable()  # it makes no cyclic garbage worth collecting, and collections cost a sixth of its time
    done = [0]
    reader.progress = lambda n: done.__setitem__(0, n)  # the parent reports progress, not the child

    def send(*message: Any) -> None:
        out.send_bytes(marshal.dumps(message, _MARSHAL_VERSION))

    try:
        for batch in _prepared(reader):
            send("units", batch, done[0])
        send("end", reader.header, reader.header_xml)
    except SourceFormatError as exc:
        send("error", exc.path, exc.line, exc.detail)
    except SilktermError as exc:
        send("failed", str(exc))
    except Exception as exc:  # a bug, not the file: still one line for the user, in the parent
        send("failed", f"{reader.name}: reading failed ({type(exc).__name__}: {exc})")
    finally:
        out.close()
