"""`swapsh replay`: run transcripts on fresh machines; print, check, update or draw them.

Exit status: 0 when every replay ran (and, with --check, matched); 1 when an output
differs or a command had to be stopped; 2 for bad input (an unreadable or malformed
transcript, bad options) -- the worst over all files.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from dataclasses import dataclass, replace
from typing import TextIO

from swapsh.machine import DEBUG_CHECKS_INTERVAL, Machine
from swapsh.options import DEFAULT_MEM_BYTES, DEFAULT_SEED, mem_arg, seed_arg, size_text
from swapsh.transcript.check import diff, match_block
from swapsh.transcript.format import Transcript, TranscriptError, format_settings, parse
from swapsh.transcript.patterns import Expected
from swapsh.transcript.runner import Replay, Replayer, Report
from swapsh.transcript.settings import Settings, resolve
from swapsh.transcript.side_by_side import render
from swapsh.transcript.writer import literal, write, write_lines

__all__ = ["replay_main"]

EXIT_OK, EXIT_DIFFERS, EXIT_BAD_INPUT, EXIT_PIPE = 0, 1, 2, 141
EXIT_WRITE_ERROR = 1  # a write to stdout failed, as coreutils exit then


def _steps(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid step count: {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("the step limit must be at least 1")
    return n


def _columns(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid width: {text!r}") from None
    if n < 20:
        raise argparse.ArgumentTypeError("the width must be at least 20 columns")
    return n


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="swapsh replay",
        description="Replay transcripts of swapsh sessions (docs/transcripts.md), each on a "
        "fresh machine, and print the session as a transcript.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="a transcript")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--check",
        action="store_true",
        help="compare every output with the transcript's and print a unified "
        "diff of what differs; exit 1 if anything does",
    )
    mode.add_argument(
        "--update",
        action="store_true",
        help="write the replayed outputs into FILE where they differ (lines "
        "whose patterns still match are kept) and print the diff",
    )
    p.add_argument(
        "--side-by-side",
        action="store_true",
        help="draw the logins in columns, one row per command, in time order",
    )
    p.add_argument(
        "--width",
        type=_columns,
        metavar="COLUMNS",
        help="width of --side-by-side (default: the terminal's, or 80)",
    )
    p.add_argument(
        "--mem",
        type=mem_arg,
        metavar="SIZE",
        help="RAM of the machine (default: the transcript's '#: mem', "
        f"else {size_text(DEFAULT_MEM_BYTES)})",
    )
    p.add_argument(
        "--seed",
        type=seed_arg,
        metavar="N",
        help=f"seed of the machine's randomness (default: '#: seed', else {DEFAULT_SEED})",
    )
    p.add_argument(
        "--no-swap-ns",
        dest="swap_ns",
        action="store_const",
        const=False,
        help="boot the kernel built with CONFIG_SWAP_NS=n (default: '#: swap-ns')",
    )
    p.add_argument(
        "--debug-checks",
        action="store_true",
        help="boot a checked build: the kernel checks its invariants every 1000 system calls",
    )
    p.add_argument(
        "--max-steps",
        type=_steps,
        metavar="N",
        help="stop (^C) a command that has not finished after N steps "
        "(default: '#: max-steps', else 10000)",
    )
    return p


@dataclass(slots=True)
class _Counter:
    """A matched block writer that counts the blocks that differ."""

    blocks: int = 0
    differ: int = 0

    def __call__(self, expected: list[Expected], actual: bytes) -> list[str]:
        lines, ok = match_block(expected, actual)
        self.blocks += 1
        self.differ += not ok
        return lines


def _load(name: str) -> tuple[Transcript, str]:
    """The transcript and its text. Raises: TranscriptError (a file it cannot read is
    one too, at line 0)."""
    try:
        with open(name, "rb") as f:
            data = f.read()
    except OSError as e:
        raise TranscriptError(name, 0, e.strerror or str(e)) from None
    return parse(data, name), data.decode("utf-8")


def _say_reports(name: str, reports: list[Report], start: int, err: TextIO) -> int:
    for r in reports[start:]:
        err.write(f"swapsh: {name}:{r.lineno}: {r.message}\n")
    err.flush()
    return len(reports)


def _replay_one(name: str, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    t, text = _load(name)
    cli = Settings(
        mem_bytes=args.mem, seed=args.seed, swap_ns=args.swap_ns, max_steps=args.max_steps
    )
    opts, max_steps = resolve(t.settings, cli)
    if args.debug_checks:
        opts = replace(opts, debug_checks=DEBUG_CHECKS_INTERVAL)
    replayer = Replayer(t, Machine(opts), max_steps)
    if not (args.check or args.update or args.side_by_side):
        return _print_session(name, t, replayer, out, err)
    result = replayer.run_all()
    _say_reports(name, result.reports, 0, err)
    status = EXIT_DIFFERS if result.reports else EXIT_OK
    if args.side_by_side:
        caption = ", ".join(
            line[3:] for line in format_settings(opts.mem_bytes, opts.seed, opts.swap_ns)
        )
        render(t, result, out, args.width, caption)
    if args.check or args.update:
        differ = _compare(name, t, text, result, args.update, out)
        if differ and args.check:
            status = EXIT_DIFFERS
    out.flush()
    return status


def _print_session(name: str, t: Transcript, replayer: Replayer, out: TextIO, err: TextIO) -> int:
    """Print the session as a transcript, each command as soon as it has run."""
    said = 0

    def outputs_of(n: int) -> dict[int, bytes] | None:
        nonlocal said
        out.flush()
        result = replayer.output(n)
        said = _say_reports(name, replayer.result.reports, said, err)
        return result

    for k, line in enumerate(write_lines(t, replayer.result.boot, outputs_of, literal)):
        out.write(("\n" if k else "") + line)
    if t.trailing_newline and t.items:
        out.write("\n")
    out.flush()
    return EXIT_DIFFERS if replayer.result.reports else EXIT_OK


def _compare(
    name: str, t: Transcript, text: str, result: Replay, update: bool, out: TextIO
) -> bool:
    """Print the diff of the file and the replay, and a summary; with update, write
    the replay into the file. Returns whether any output differs.
    Raises: TranscriptError if the file cannot be written."""
    counter = _Counter()
    actual = write(t, result, counter)
    out.write(diff(name, text, actual))
    if not counter.differ:
        out.write(f"swapsh: {name}: all {counter.blocks} outputs match\n")
        return False
    out.write(f"swapsh: {name}: {counter.differ} of {counter.blocks} outputs differ\n")
    if update and result.reports:
        out.write(f"swapsh: {name}: not updated: the replay had to stop a command\n")
    elif update:
        try:
            with open(name, "w", encoding="utf-8") as f:
                f.write(actual)
        except OSError as e:
            raise TranscriptError(name, 0, e.strerror or str(e)) from None
        out.write(f"swapsh: {name}: updated\n")
    return True


def replay_main(argv: list[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    """`swapsh replay ARGS`. Returns the exit status (141 if the host closed our
    output, like SIGPIPE)."""
    out = out or sys.stdout
    err = err or sys.stderr
    args = build_parser().parse_args(argv)
    worst = EXIT_OK
    for name in args.files:
        try:
            status = _replay_one(name, args, out, err)
        except BrokenPipeError:  # what is still buffered goes nowhere
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), out.fileno())
            return EXIT_PIPE
        except TranscriptError as e:
            out.flush()
            err.write(f"swapsh: {e}\n")
            err.flush()
            status = EXIT_BAD_INPUT
        except OSError as e:  # our output could not be written (ENOSPC, EIO)
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), out.fileno())
            with contextlib.suppress(OSError):
                err.write(f"swapsh: write error: {e.strerror or e}\n")
                err.flush()
            return EXIT_WRITE_ERROR
        worst = max(worst, status)
    return worst
