"""Line histories of the interactive front-end: one per virtual console.

Each console's history starts with the history file (~/.swapsh_history) as it was
when swapsh started, as every bash login reads ~/.bash_history when it starts, and
then has the lines typed at that console only. Every line typed at any console is
appended to the file at once (prompt_toolkit's FileHistory format), so the next
swapsh has them all. Without a writable home the histories live in memory, and so
they do from the first line the file does not take (a full disk); the front-end says
so once.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from prompt_toolkit.history import FileHistory, History, InMemoryHistory

__all__ = ["HISTORY_FILE", "ConsoleHistory", "Histories", "HistoryFile"]

HISTORY_FILE = ".swapsh_history"  # in the host user's home directory


class HistoryFile:
    """The history file, read once (on first use) and appended to by every console."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = FileHistory(str(path))
        self._start: list[str] | None = None  # its lines at the first read, newest first
        self.failed: str | None = None  # why a line could not be appended (then no more are)

    def start(self) -> list[str]:
        if self._start is None:
            self._start = list(self.file.load_history_strings())
        return self._start


class ConsoleHistory(History):
    """One console's history: the file's lines as swapsh found them, then its own."""

    def __init__(self, shared: HistoryFile) -> None:
        super().__init__()
        self.shared = shared

    def load_history_strings(self) -> Iterable[str]:
        return iter(self.shared.start())

    def store_string(self, string: str) -> None:
        if self.shared.failed is not None:
            return
        try:
            self.shared.file.store_string(string)
        except OSError as e:  # the line stays in this history's memory all the same
            self.shared.failed = f"{self.shared.path}: {e.strerror or e}"


def _history_file() -> HistoryFile | None:
    try:
        path = Path.home() / HISTORY_FILE
        with open(path, "ab"):
            pass
    except (OSError, RuntimeError):
        return None
    return HistoryFile(path)


class Histories:
    """Every console's history, each made when its console is first used.

    given: a history for tty1 (tests pass one; the other consoles then get histories
    in memory); None: every console's is on the history file, or in memory without
    a writable home."""

    def __init__(self, given: History | None = None) -> None:
        self.table: dict[int, History] = {} if given is None else {1: given}
        self.use_file = given is None
        self._file: HistoryFile | None = None
        self._opened = False
        self._failure_said = False

    def failure(self) -> str | None:
        """Why the history file stopped taking lines: said once, then None."""
        f = self._file
        if f is None or f.failed is None or self._failure_said:
            return None
        self._failure_said = True
        return f.failed

    def of(self, n: int) -> History:
        h = self.table.get(n)
        if h is None:
            if self.use_file and not self._opened:
                self._file, self._opened = _history_file(), True
            h = ConsoleHistory(self._file) if self._file is not None else InMemoryHistory()
            self.table[n] = h
        return h
