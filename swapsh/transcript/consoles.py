"""The machine's virtual consoles as transcripts use them: the one adapter to Machine.

Login N is the virtual console ttyN, N from 1 to 6 (the consoles with a login shell;
tty7..tty63 exist only once switched to, with no login, and transcripts do not show
them). Everything the transcript package does to a console goes through these
functions. They call Machine's own methods, not a subclass's, so that the recorder
(a Machine subclass) sees what its front-end does and not what it does itself.
"""

from __future__ import annotations

from swapsh.machine import STREAM_PROMPT, Machine
from swapsh.transcript.format import LOGINS

__all__ = [
    "active",
    "interrupt",
    "logged_out",
    "logins",
    "screen_text",
    "switch_to",
    "take_output",
    "type_eof",
    "type_line",
    "waiting",
]


def logins() -> range:
    """The logins a transcript may use."""
    return LOGINS


def active(m: Machine) -> int:
    """The console on the screen (where kernel messages go)."""
    return m.active


def switch_to(m: Machine, tty: int) -> None:
    """Make tty the active console (chvt), as a person does before typing there."""
    if m.active != tty:
        Machine.chvt(m, tty)


def type_line(m: Machine, text: str, tty: int) -> None:
    Machine.type_line(m, text, tty)


def type_eof(m: Machine, tty: int) -> None:
    Machine.type_eof(m, tty)


def interrupt(m: Machine, tty: int) -> None:
    """^C at tty."""
    Machine.interrupt(m, tty)


def suspend(m: Machine, tty: int) -> None:
    """^Z at tty."""
    Machine.suspend(m, tty)


def take_output(m: Machine, tty: int) -> list[tuple[int, bytes]]:
    """What tty's terminal was given since the last take, as (stream, bytes)."""
    return Machine.take_output(m, tty)


def waiting(m: Machine, tty: int) -> bool:
    """Whether something reads tty's terminal and finds nothing typed."""
    return m.waiting_for_input_on(tty)


def logged_out(m: Machine, tty: int) -> bool:
    """Whether tty's login session has ended."""
    return m.logged_out_on(tty)


def screen_text(chunks: list[tuple[int, bytes]]) -> bytes:
    """What a terminal's output adds to a transcript: everything in order except the
    prompts; prompt-stream text that ends a line (bash's `exit`, `logout`) stays."""
    out = bytearray()
    prompt = b""
    for stream, data in chunks:
        if stream == STREAM_PROMPT:
            prompt += data
            continue
        if prompt:
            out += prompt[: prompt.rfind(b"\n") + 1]
            prompt = b""
        out += data
    out += prompt[: prompt.rfind(b"\n") + 1]
    return bytes(out)
