"""The interactive shell's command history and bash's `history` builtin (models
bash 5.2's bashhist.c and builtins/history.def with GNU history's list).

Each command read at the terminal is one entry, the lines of a multi-line command
joined as bash's `cmdhist` joins them (history_join: its parser's rules, read off
the text). The list keeps HISTSIZE entries (500 when unset),
numbered on from 1 as old ones go. There is no history file: HISTFILE is not read
at login nor written at exit, so `history -a/-n/-r/-w` say they are not modelled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from swapsh.userland.sh.builtins import builtin
from swapsh.userland.sh.histexp import HistoryState, history_expand

if TYPE_CHECKING:
    from swapsh.userland.sh.shell import Shell

__all__ = ["QUOTE_ENDS", "History", "history_", "history_join"]

DEFAULT_HISTSIZE = 500  # bash's when HISTSIZE is unset
USAGE = (
    "history: usage: history [-c] [-d offset] [n] or history -anrw [filename] "
    "or history -ps arg [arg...]\n"
)


# What the parser says when a line ends inside a quoted string: the next line goes on
# with the string (a newline in it), not with a new command.
QUOTE_ENDS = ("matching `''", "matching `\"'", "matching ``'")
_BLANK_AFTER_WORDS = frozenset({"then", "do", "else", "in", "{", "(", "!"})
_BLANK_AFTER_OPS = ("|", "&&", "||", ";", "&", "(")


def history_join(entry: str, line: str, in_text: bool) -> str:
    """A multi-line command's next line added to its history entry, as bash's
    cmdhist does (history_delimiting_chars): a newline inside a string or a
    here-document, a blank after a reserved word or an operator that wants more
    (`then`, `do`, `{`, `|`, `&&`...), else "; "."""
    last = entry.rstrip()
    if in_text or ("<<" in entry and "<<<" not in entry):
        return entry + "\n" + line
    tail = last.split()[-1] if last.split() else ""
    if tail in _BLANK_AFTER_WORDS or last.endswith(_BLANK_AFTER_OPS):
        return entry + " " + line
    return entry + "; " + line


@dataclass
class History:
    histsize: Callable[[], str | None]  # $HISTSIZE, read at each addition
    lines: list[str] = field(default_factory=list)
    base: int = 1  # the number of lines[0]
    state: HistoryState = field(default_factory=HistoryState)

    def add(self, line: str) -> None:
        """maybe_add_history(): a non-empty line is the newest entry; the oldest go
        beyond HISTSIZE."""
        if not line.strip():
            return
        self.lines.append(line)
        self.stifle()

    def stifle(self) -> None:
        raw = self.histsize()
        size = int(raw) if raw is not None and raw.isdigit() else DEFAULT_HISTSIZE
        drop = len(self.lines) - size
        if drop > 0:
            del self.lines[:drop]
            self.base += drop


@builtin("history")
async def history_(sh: Shell, argv: list[str]) -> int:
    """history [n]; -c; -d offset; -s args; -p args."""
    args = argv[1:]
    h = sh.history
    if args and args[0] in ("-c",):
        h.lines.clear()
        return 0
    if args and args[0] == "-d":
        return await _delete(sh, args[1:])
    if args and args[0] in ("-s", "-p"):
        return await _store_or_print(sh, args[0], args[1:])
    if args and args[0] in ("-a", "-n", "-r", "-w"):
        await sh.error(f"history: {args[0]}: the history file is not modelled in swapsh")
        return 1
    if args and args[0] == "--":
        args = args[1:]
    if args and args[0].startswith("-") and args[0] != "-":
        await sh.error(f"history: {args[0][:2]}: invalid option")
        await sh.libc.err(USAGE)
        return 2
    if len(args) > 1:
        await sh.error("history: too many arguments")
        return 1
    count = len(h.lines)
    if args:
        if not args[0].isdigit():
            await sh.error(f"history: {args[0]}: numeric argument required")
            return 1
        count = min(count, int(args[0]))
    first = len(h.lines) - count
    for k in range(first, len(h.lines)):
        await sh.libc.out(f"{h.base + k:5d}  {h.lines[k]}\n")
    return 0


async def _delete(sh: Shell, args: list[str]) -> int:
    h = sh.history
    if not args:
        await sh.error("history: -d: option requires an argument")
        await sh.libc.err(USAGE)
        return 2
    spec = args[0]
    body = spec[1:] if spec.startswith("-") else spec
    if not body.isdigit():
        await sh.error(f"history: {spec}: history position out of range")
        return 1
    n = int(body)
    k = len(h.lines) - n if spec.startswith("-") else n - h.base
    if not 0 <= k < len(h.lines):
        await sh.error(f"history: {spec}: history position out of range")
        return 1
    del h.lines[k]
    return 0


async def _store_or_print(sh: Shell, opt: str, args: list[str]) -> int:
    """-s: the arguments as one entry, in place of this history command; -p: each
    argument history-expanded, printed, not run."""
    h = sh.history
    if opt == "-s":
        if h.lines:
            h.lines.pop()  # `history -s` itself is not kept
        h.add(" ".join(args))
        return 0
    if h.lines:
        h.lines.pop()
    for arg in args:
        r = history_expand(arg, h.lines, h.state, h.base)
        if r.status < 0:
            await sh.error(f"history: {r.text}")
            return 1
        await sh.libc.out(r.text + "\n")
    return 0
