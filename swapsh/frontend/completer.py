"""Tab completion of command lines against the simulated machine: command names at
the start of a command, paths in the machine's filesystem, and CLONE_* flag names
inside ``clone64(``. Only the Machine's read-only views are used."""

from __future__ import annotations

import re
from collections.abc import Iterable

from prompt_toolkit.completion import CompleteEvent, Completer, Completion, merge_completers
from prompt_toolkit.document import Document

from swapsh.machine import Machine

__all__ = [
    "CloneFlagCompleter",
    "CommandCompleter",
    "PathCompleter",
    "create_completer",
]

_WORD = re.compile(r"[^\s;&|<>()]*\Z")  # the word being typed, up to the cursor
_COMMAND_START = re.compile(r"(?:\A|[;&|(\n])[ \t]*(?:![ \t]+)*\Z")  # ; | && || & ( newline
_IN_CLONE64 = re.compile(r"\bclone64\([ \t]*(?:[A-Za-z0-9_]+[ \t]*\|[ \t]*)*([A-Za-z_]*)\Z")
_SHELL_SPECIAL = re.compile(r"([\s;&|<>()\\'\"$`*?\[\]#~!{}])")


def _current_word(before: str) -> str:
    m = _WORD.search(before)
    return m.group() if m else ""


def _at_command_start(before: str, word: str) -> bool:
    """Whether the word being typed is in command position."""
    return _COMMAND_START.search(before[: len(before) - len(word)]) is not None


def _escape(name: str) -> str:
    return _SHELL_SPECIAL.sub(r"\\\1", name)


class CommandCompleter(Completer):
    """Command names (PATH programs and builtins) where a command starts."""

    def __init__(self, machine: Machine) -> None:
        self.machine = machine

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterable[Completion]:
        before = document.text_before_cursor
        word = _current_word(before)
        if "/" in word or not _at_command_start(before, word) or _IN_CLONE64.search(before):
            return
        for name in self.machine.command_names():
            if name.startswith(word):
                yield Completion(name, start_position=-len(word))


class PathCompleter(Completer):
    """Paths in the machine's filesystem, relative to the shell's working directory.
    Directories complete with a trailing "/"; dot files only when asked for."""

    def __init__(self, machine: Machine) -> None:
        self.machine = machine

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterable[Completion]:
        before = document.text_before_cursor
        word = _current_word(before)
        if _IN_CLONE64.search(before) or (_at_command_start(before, word) and "/" not in word):
            return
        dirname, _, prefix = word.rpartition("/")
        if dirname:
            listing = self.machine.list_dir(dirname + "/")
        else:
            listing = self.machine.list_dir("/" if word.startswith("/") else ".")
        for name, is_dir in sorted(listing):
            if not name.startswith(prefix) or (name[:1] == "." and prefix[:1] != "."):
                continue
            text = _escape(name) + ("/" if is_dir else "")
            yield Completion(
                text, start_position=-len(prefix), display=name + ("/" if is_dir else "")
            )


class CloneFlagCompleter(Completer):
    """CLONE_* flag names inside ``clone64(``, as the machine's kernel names them."""

    def __init__(self, machine: Machine) -> None:
        self.machine = machine

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterable[Completion]:
        m = _IN_CLONE64.search(document.text_before_cursor)
        if m is None:
            return
        typed = m.group(1)
        for flag in self.machine.clone_flag_names():
            if flag.startswith(typed.upper()):
                yield Completion(flag, start_position=-len(typed))


def create_completer(machine: Machine) -> Completer:
    """The completer for the interactive front-end's command line."""
    return merge_completers(
        [CloneFlagCompleter(machine), CommandCompleter(machine), PathCompleter(machine)]
    )
