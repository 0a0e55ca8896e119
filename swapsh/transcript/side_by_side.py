"""The logins of a replayed session side by side, like the seed's two-column record.

One column per login; one row per command, in time order: the prose before the
command, what was typed (`$ ...`), and what the login showed. What another login
showed during that command is in its column on the same row.
"""

from __future__ import annotations

import re
import textwrap
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from swapsh.transcript.format import (
    CONTROL_BODY,
    Command,
    Directive,
    Prose,
    Switch,
    Transcript,
)
from swapsh.transcript.runner import Replay

__all__ = ["render"]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _shown(data: bytes) -> str:
    """Terminal output as text a table cell can hold: control characters in ^X form."""
    text = _CONTROL.sub(lambda m: "^" + chr(ord(m.group()) ^ 0x40), data.decode("utf-8", "replace"))
    return "\n".join(line.expandtabs(8) for line in text.split("\n"))


def _typed(cmd: Command) -> Text:
    text = Text()
    for k, x in enumerate(cmd.inputs):
        shown = CONTROL_BODY.get(x.kind, x.text)
        text.append(
            ("$ " if k == 0 else "> ") + _shown(shown.encode("utf-8", "surrogateescape")),
            style="bold",
        )
        if x.after_steps is not None:
            text.append(f"  (after {x.after_steps} steps)", style="dim")
        text.append("\n")
    return text


def _paragraphs(lines: list[str]) -> list[str]:
    """Prose lines as paragraphs (split at blank lines), each one line to be wrapped."""
    out: list[str] = []
    para: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            para.append(line.strip())
        elif para:
            out.append(" ".join(para))
            para = []
    return out


class _Layout:
    """The session as prose paragraphs between tables of rows, in time order."""

    def __init__(self, logins: list[int]) -> None:
        self.logins = logins
        self.parts: list[_ProseLines | _RowList] = []  # in order
        self.last: Text | None = None  # the cell of the last command, for notes after it

    def prose(self, line: str) -> None:
        part = self.parts[-1] if self.parts else None
        if not isinstance(part, _ProseLines):
            part = _ProseLines()
            self.parts.append(part)
        part.append(line)

    def row(self, cells: dict[int, Text]) -> None:
        if not any(t.plain for t in cells.values()):
            return
        part = self.parts[-1] if self.parts else None
        if not isinstance(part, _RowList):
            part = _RowList()
            self.parts.append(part)
        part.append(cells)

    def print(self, console: Console, title: str, caption: str) -> None:
        header = True
        tables = [p for p in self.parts if isinstance(p, _RowList)]
        for part in self.parts:
            if isinstance(part, _RowList):
                table = Table(
                    *(f"login {n}" for n in self.logins),
                    box=box.SIMPLE_HEAD,
                    expand=True,
                    show_edge=False,
                    show_header=header,
                    title=title if header else None,
                    caption=caption if part is tables[-1] else None,
                )
                for column in table.columns:
                    column.ratio = 1
                    column.overflow = "fold"  # a long word breaks, never loses its end
                for cells in part:
                    table.add_row(*(_trimmed(cells.get(n, Text())) for n in self.logins))
                console.print(table)
                header = False
            else:
                if header is False:
                    console.print()
                for para in _paragraphs(part):
                    console.print(Text(textwrap.fill(para, console.width)))
                    console.print()


class _RowList(list[dict[int, Text]]):
    """The rows of one table."""


class _ProseLines(list[str]):
    """Prose between two tables."""


def _output(cells: dict[int, Text], outputs: dict[int, bytes]) -> None:
    for login, data in sorted(outputs.items()):
        cells.setdefault(login, Text()).append(_shown(data))


def _trimmed(text: Text) -> Text:
    text.rstrip()
    return text


def render(t: Transcript, r: Replay, out: TextIO, width: int | None, caption: str) -> None:
    """Draw t's session, as replayed in r, on out. Prose that directly follows a
    command's output (no blank line between) is a note in that command's cell, like
    the seed's "(you see only the swap signature)"; other prose is printed across
    the page between the tables."""
    logins = sorted(set(t.logins()) | {n for o in [r.boot, *r.outputs] if o for n in o})
    layout = _Layout(logins or [1])
    console = Console(file=out, width=width, highlight=False, emoji=False)
    cells: dict[int, Text] = {}
    _output(cells, r.boot)
    layout.row(cells)
    n = -1
    note = False  # the last item was a command's block, or a note after it
    for it in t.items:
        if isinstance(it, Directive):
            note = False
        elif isinstance(it, Prose):
            if note and it.raw.strip() and layout.last is not None:
                sep = "" if layout.last.plain.endswith("\n") else "\n"
                layout.last.append(sep + it.raw.strip() + "\n", style="italic dim")
                continue
            note = False
            layout.prose(it.raw)
        elif isinstance(it, Switch):
            note = False
            if it.input.login in layout.logins:
                layout.row({it.input.login: Text(it.raw.strip(), style="dim")})
        elif isinstance(it, Command):
            n += 1
            cell = _typed(it)
            cells = {it.login: cell}
            _output(cells, r.output(n) or {})
            layout.row(cells)
            layout.last = cell
            note = True
    layout.print(console, t.name, caption)
