"""The machine's virtual consoles as transcripts use them: one adapter to Machine.

Login N is the virtual console ttyN. Everything the transcript package does to a
console goes through these functions, which call Machine's own methods (not a
subclass's: the recorder is one) with the console named. On a Machine without
virtual consoles (only tty1, no `chvt`) login 1 still works and any other login is
refused with NoSuchLogin.
"""

from __future__ import annotations

from typing import Any, cast

from swapsh.machine import STREAM_PROMPT, Machine

__all__ = [
    "NoSuchLogin",
    "active",
    "has_consoles",
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

CONSOLES = 6  # tty1..tty6


class NoSuchLogin(Exception):
    """A login other than 1 on a machine that has only tty1."""


def has_consoles() -> bool:
    """Whether Machine has virtual consoles tty1..tty6 (chvt, and a tty for each call)."""
    return hasattr(Machine, "chvt")


def logins() -> range:
    """The logins this machine has."""
    return range(1, CONSOLES + 1) if has_consoles() else range(1, 2)


def _api() -> Any:
    """Machine's class, for the calls that name a console (absent without consoles)."""
    return cast(Any, Machine)


def _check(tty: int) -> None:
    if tty not in logins():
        raise NoSuchLogin(f"login {tty} needs the virtual consoles tty2..tty6, which this "
                          "swapsh does not have yet (only tty1)")


def active(m: Machine) -> int:
    """The console on the screen (where kernel messages go)."""
    return int(cast(Any, m).active) if has_consoles() else 1


def switch_to(m: Machine, tty: int) -> None:
    """Make tty the active console (chvt), as a person does before typing there."""
    _check(tty)
    if active(m) != tty:
        _api().chvt(m, tty)


def type_line(m: Machine, text: str, tty: int) -> None:
    _check(tty)
    if has_consoles():
        _api().type_line(m, text, tty=tty)
    else:
        Machine.type_line(m, text)


def type_eof(m: Machine, tty: int) -> None:
    _check(tty)
    if has_consoles():
        _api().type_eof(m, tty=tty)
    else:
        Machine.type_eof(m)


def interrupt(m: Machine, tty: int) -> None:
    """^C at tty."""
    _check(tty)
    if has_consoles():
        _api().interrupt(m, tty=tty)
    else:
        Machine.interrupt(m)


def take_output(m: Machine, tty: int) -> list[tuple[int, bytes]]:
    """What tty's terminal was given since the last take, as (stream, bytes)."""
    _check(tty)
    if has_consoles():
        return cast(list[tuple[int, bytes]], _api().take_output(m, tty=tty))
    return Machine.take_output(m)


def waiting(m: Machine, tty: int) -> bool:
    """Whether something reads tty's terminal and finds nothing typed."""
    _check(tty)
    if has_consoles():
        return bool(_api().waiting_for_input_on(m, tty))
    return bool(m.waiting_for_input)


def logged_out(m: Machine, tty: int) -> bool:
    """Whether tty's login session has ended."""
    _check(tty)
    if has_consoles():
        return bool(_api().logged_out_on(m, tty))
    return bool(m.logged_out)


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
            out += prompt[:prompt.rfind(b"\n") + 1]
            prompt = b""
        out += data
    out += prompt[:prompt.rfind(b"\n") + 1]
    return bytes(out)
