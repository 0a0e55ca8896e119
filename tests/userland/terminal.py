"""A console session as a terminal shows it, for tests of interactive bash: lines
typed one after the other, ^C and ^Z, and what came back (stdout and stderr in the
order written; prompts and the kernel's console messages left out)."""

from __future__ import annotations

from swapsh.machine import STREAM_CONSOLE, STREAM_PROMPT
from tests.conftest import Session

STEPS = 400  # a typed line that starts a job that does not end: its first steps


def settle(sh: Session, steps: int | None = None) -> str:
    """Run until every task waits (or for steps); what the terminal showed, prompts
    left out (stdout and stderr in the order written)."""
    text = []
    while True:
        idle = sh.m.run(max_steps=steps or 200_000)
        text += [
            d.decode()
            for stream, d in sh.m.take_output()
            if stream not in (STREAM_PROMPT, STREAM_CONSOLE)
        ]
        assert sh.m.panic is None, sh.m.panic
        if idle or steps:
            return "".join(text)


def typed(sh: Session, line: str) -> str:
    """Type a line and run until the shell reads again."""
    sh.m.type_line(line)
    text = settle(sh)
    assert sh.m.waiting_for_input or sh.m.logged_out, "the shell does not read"
    return text


def started(sh: Session, line: str) -> str:
    """Type a line that starts a foreground job that goes on; run its first steps."""
    sh.m.type_line(line)
    text = settle(sh, STEPS)
    assert not sh.m.waiting_for_input
    return text


def key(sh: Session, isig: str) -> str:
    """^C or ^Z at the console, then run until the shell reads again."""
    (sh.m.interrupt if isig == "^C" else sh.m.suspend)()
    return settle(sh)


def session(sh: Session, *lines: str) -> str:
    """A transcript like the terminal's: "$ line" then what it showed; a line
    prefixed "&" is started (its job goes on), "^C"/"^Z" are keys."""
    out = []
    for line in lines:
        if line in ("^C", "^Z"):
            out.append(line + key(sh, line))
        elif line.startswith("&"):
            out.append(f"$ {line[1:]}\n" + started(sh, line[1:]))
        else:
            out.append(f"$ {line}\n" + typed(sh, line))
    return "".join(out)
