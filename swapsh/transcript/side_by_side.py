"""The logins of a replayed session side by side, like the seed's two-column record.

One column per login; one row per command, in time order: the prose before the
command, what was typed (`$ ...`), and what the login showed. What another login
showed during that command is in its column on the same row.
"""

from __future__ import annotations

import re
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from swapsh.transcript.format import Command, Directive, Prose, Transcript
from swapsh.transcript.runner import Replay

__all__ = ["render"]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _shown(data: bytes) -> str:
    """Terminal output as text a table cell can hold: control characters in ^X form."""
    text = data.decode("utf-8", "replace").expandtabs(8)
    return _CONTROL.sub(lambda m: "^" + chr(ord(m.group()) ^ 0x40), text)


def _typed(cmd: Command) -> Text:
    text = Text()
    for k, x in enumerate(cmd.inputs):
        shown = "^C" if x.kind == "intr" else "^D" if x.kind == "eof" else x.text
        text.append(("$ " if k == 0 else "> ") + _shown(shown.encode("utf-8",
                                                                      "surrogateescape")),
                    style="bold")
        if x.after_steps is not None:
            text.append(f"  (after {x.after_steps} steps)", style="dim")
        text.append("\n")
    return text


class _Rows:
    """The table's rows, a cell per login, built in time order."""

    def __init__(self, logins: list[int]) -> None:
        self.logins = logins
        self.rows: list[dict[int, Text]] = []

    def add(self, cells: dict[int, Text]) -> None:
        if any(t.plain for t in cells.values()):
            self.rows.append(cells)

    def output(self, cells: dict[int, Text], outputs: dict[int, bytes]) -> None:
        for login, data in sorted(outputs.items()):
            cell = cells.setdefault(login, Text())
            cell.append(_shown(data))

    def table(self, title: str, caption: str) -> Table:
        table = Table(*(f"login {n}" for n in self.logins), title=title, caption=caption,
                      box=box.SIMPLE_HEAD, expand=True, show_edge=False)
        for cells in self.rows:
            table.add_row(*(_trimmed(cells.get(n, Text())) for n in self.logins))
        return table


def _trimmed(text: Text) -> Text:
    text.rstrip()
    return text


def render(t: Transcript, r: Replay, out: TextIO, width: int | None, caption: str) -> None:
    """Draw t's session, as replayed in r, on out."""
    commands = t.commands
    logins = sorted(set(t.logins()) | {n for o in [r.boot, *r.outputs] if o for n in o})
    rows = _Rows(logins or [1])
    console = Console(file=out, width=width, highlight=False, emoji=False)
    head: list[str] = []  # prose before the first command: printed above the table
    prose: list[str] = []  # prose since the last command: goes above the next one
    n = -1
    for it in t.items:
        if isinstance(it, Directive):
            continue
        if isinstance(it, Prose):
            (head if n == -1 else prose).append(it.raw)
            continue
        if not isinstance(it, Command):
            continue  # (login N) blocks: their output comes with their command's
        if n == -1:
            cells: dict[int, Text] = {}
            rows.output(cells, r.boot)
            rows.add(cells)
        n += 1
        cell = Text()
        for line in _strip_blank(prose):
            cell.append(line + "\n", style="italic dim")
        prose = []
        cell.append_text(_typed(it))
        cells = {it.login: cell}
        outputs = r.outputs[n] if n < len(r.outputs) else None
        rows.output(cells, outputs or {})
        rows.add(cells)
    if prose and commands:
        rows.add({commands[-1].login: Text("\n".join(_strip_blank(prose)),
                                           style="italic dim")})
    for line in _strip_blank(head):
        console.print(Text(line))
    if head:
        console.print()
    console.print(rows.table(t.name, caption))


def _strip_blank(lines: list[str]) -> list[str]:
    """Lines without the blank ones at either end."""
    start = next((i for i, s in enumerate(lines) if s.strip()), len(lines))
    end = next((i for i in range(len(lines), 0, -1) if lines[i - 1].strip()), 0)
    return lines[start:end]
