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
from swapsh.transcript.format import Command, Item, LoginOutput, Switch, Transcript
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


def write_lines(
    t: Transcript, boot: dict[int, bytes], outputs_of: Outputs, block: BlockWriter
) -> Iterator[str]:
    """The transcript's lines with the replay's outputs in its blocks: boot's, and
    outputs_of(n) for command n (None: it did not run), asked for in order. Output at
    a login that the file has no block for gets a new (login N) block at the end of
    its command's items (after its (login N) blocks and switches, before prose)."""
    anchors = _anchors(t)
    interval: dict[int, bytes] = boot  # the outputs that the current blocks show
    has_block = {it.login for it in _interval(t, -1) if isinstance(it, LoginOutput)}
    n = -1  # the current command
    if anchors[-1] == -1:  # nothing before the first command to put boot's blocks after
        yield from _new_blocks(interval, has_block, block)
    for i, it in enumerate(t.items):
        if isinstance(it, Command):
            n += 1
            interval = outputs_of(n) or {}
            has_block = {it.login} | {
                lo.login for lo in _interval(t, i) if isinstance(lo, LoginOutput)
            }
            for x in it.inputs:
                yield x.raw
            yield from block(it.expected, interval.get(it.login, b""))
        elif isinstance(it, LoginOutput):
            yield it.raw
            yield from block(it.expected, interval.get(it.login, b""))
        else:
            yield it.raw
        if anchors.get(n) == i:
            yield from _new_blocks(interval, has_block, block)


def _interval(t: Transcript, i: int) -> list[Item]:
    """The items after t.items[i] (-1: from the start) up to the next command."""
    out: list[Item] = []
    for it in t.items[i + 1 :]:
        if isinstance(it, Command):
            break
        out.append(it)
    return out


def _anchors(t: Transcript) -> dict[int, int]:
    """For each command (-1: boot), the index of the item after which its new
    (login N) blocks go: its last (login N) block or switch, else the command itself;
    boot's go right before the first command (-1: at the very start)."""
    first = next((i for i, it in enumerate(t.items) if isinstance(it, Command)), len(t.items))
    anchors: dict[int, int] = {-1: first - 1}
    n = -1
    for i, it in enumerate(t.items):
        if isinstance(it, Command):
            n += 1
            anchors[n] = i
        elif n >= 0 and isinstance(it, LoginOutput | Switch):
            anchors[n] = i
    return anchors


def write(t: Transcript, r: Replay, block: BlockWriter) -> str:
    """The whole transcript text."""
    text = "\n".join(write_lines(t, r.boot, r.output, block))
    return text + "\n" if t.trailing_newline and text else text
