"""Write a replayed session as a transcript: the file's own lines, with each output
block holding what the machine showed.

Two ways to write a block: `literal` writes the output as it is (the session), and
`matched` keeps each expected line that matches its output line -- patterns stay
patterns -- and writes the rest as they are, so that comparing the file with it
shows only what really differs (as cram does).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from swapsh.transcript.check import match_block
from swapsh.transcript.format import Command, LoginOutput, Transcript
from swapsh.transcript.patterns import Expected, encode_line, split_lines
from swapsh.transcript.runner import Replay

__all__ = ["BlockWriter", "Outputs", "literal", "matched", "write", "write_lines"]

BlockWriter = Callable[[list[Expected], bytes], list[str]]
Outputs = Callable[[int], dict[int, bytes] | None]


def literal(_expected: list[Expected], actual: bytes) -> list[str]:
    """The output as it is."""
    return [encode_line(line, eol) for line, eol in split_lines(actual)]


def matched(expected: list[Expected], actual: bytes) -> list[str]:
    """The output, with expected lines kept where they match."""
    return match_block(expected, actual)[0]


def _new_blocks(outputs: dict[int, bytes], skip: set[int], block: BlockWriter) -> list[str]:
    """(login N) blocks for the logins that showed something the file has no block for."""
    lines = []
    for login in sorted(outputs):
        if login not in skip and outputs[login]:
            lines.append(f"  (login {login})")
            lines += block([], outputs[login])
    return lines


def write_lines(t: Transcript, boot: dict[int, bytes], outputs_of: Outputs,
                block: BlockWriter) -> Iterator[str]:
    """The transcript's lines with the replay's outputs in its blocks: boot's, and
    outputs_of(n) for command n (None: it did not run), asked for in order."""
    commands = t.commands
    interval: dict[int, bytes] = boot  # the outputs that the current blocks show
    has_block: set[int] = set()  # logins with a (login N) block in the current interval
    n = -1  # the current command
    pending_new = True  # boot's new blocks not written yet
    for i, it in enumerate(t.items):
        if isinstance(it, Command):
            if n == -1 and pending_new:
                yield from _new_blocks(interval, has_block, block)
            n += 1
            interval = outputs_of(n) or {}
            has_block = {lo.login for lo in _login_blocks(t, i)} | {it.login}
            for x in it.inputs:
                yield x.raw
            yield from block(it.expected, interval.get(it.login, b""))
            yield from _new_blocks(interval, has_block, block)
        elif isinstance(it, LoginOutput):
            if n == -1:
                has_block.add(it.login)
            yield it.raw
            yield from block(it.expected, interval.get(it.login, b""))
        else:
            yield it.raw
    if not commands:
        yield from _new_blocks(interval, has_block, block)


def _login_blocks(t: Transcript, i: int) -> list[LoginOutput]:
    """The (login N) blocks that follow the command at t.items[i], before the next one."""
    out = []
    for it in t.items[i + 1:]:
        if isinstance(it, Command):
            break
        if isinstance(it, LoginOutput):
            out.append(it)
    return out


def write(t: Transcript, r: Replay, block: BlockWriter) -> str:
    """The whole transcript text."""
    text = "\n".join(write_lines(t, r.boot, r.output, block))
    return text + "\n" if t.trailing_newline and text else text

