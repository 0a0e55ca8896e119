"""Command line: options, boot a Machine, pick a front-end."""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import stat
import sys
from collections.abc import Iterator
from typing import TextIO

from swapsh import __version__
from swapsh.frontend.plain import run_plain
from swapsh.machine import DEBUG_CHECKS_INTERVAL, Machine, MachineOptions
from swapsh.options import DEFAULT_MEM_BYTES, DEFAULT_SEED, mem_arg, seed_arg, size_text
from swapsh.transcript.recorder import RecordingMachine

__all__ = ["build_parser", "entry", "main"]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="swapsh",
        description="A shell on a simulated Linux 2.6.25 machine carrying the 2008 swap "
        "namespaces patch.",
    )
    p.add_argument(
        "-c",
        dest="command",
        metavar="TEXT",
        help="type TEXT into the active console (lines split on newlines; "
        "after `chvt N` they go to ttyN), then log out",
    )
    p.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="type FILE's lines into the active console ('-' for standard input)",
    )
    p.add_argument(
        "--mem",
        type=mem_arg,
        default=DEFAULT_MEM_BYTES,
        metavar="SIZE",
        help=f"RAM of the simulated machine (default {size_text(DEFAULT_MEM_BYTES)})",
    )
    p.add_argument(
        "--seed",
        type=seed_arg,
        default=DEFAULT_SEED,
        metavar="N",
        help=f"seed of the machine's randomness (UUIDs, /dev/urandom); default {DEFAULT_SEED}",
    )
    p.add_argument(
        "--no-swap-ns", action="store_true", help="boot the same kernel built with CONFIG_SWAP_NS=n"
    )
    p.add_argument(
        "--debug-checks",
        action="store_true",
        help="a checked build, like CONFIG_DEBUG_VM: the kernel checks its invariants "
        "every 1000 system calls and reports a broken one as a kernel BUG",
    )
    p.add_argument(
        "--record",
        metavar="TRANSCRIPT",
        help="record the session as a transcript that `swapsh replay` replays "
        "(docs/transcripts.md); an existing file is refused without --overwrite",
    )
    p.add_argument(
        "--overwrite",
        action="store_true",
        help="let --record replace an existing file (as asciinema rec --overwrite)",
    )
    p.add_argument("--version", action="version", version=f"swapsh {__version__}")
    return p


def _lines(f: TextIO) -> Iterator[str]:
    """The lines of f (opened with newline="\n": a CR stays in its line, as bash and
    `-c` keep it), without their NULs: bash drops them from its input, silently, and
    no argument or file name on Linux can hold one."""
    for line in f:
        yield line.removesuffix("\n").replace("\0", "")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["replay"]:  # `swapsh replay ...`: transcripts (swapsh/transcript/)
        from swapsh.transcript.cli import replay_main  # defers rich (its side-by-side view)

        return replay_main(argv[1:])
    args = build_parser().parse_args(argv)
    opts = MachineOptions(
        mem_bytes=args.mem,
        seed=args.seed,
        swap_ns=not args.no_swap_ns,
        debug_checks=DEBUG_CHECKS_INTERVAL if args.debug_checks else 0,
    )
    if args.command is not None and args.file is not None:
        print("swapsh: -c and FILE cannot be used together", file=sys.stderr)
        return 2
    try:
        record = None if args.record is None else _open_record(args.record, args.overwrite)
    except OSError as e:
        print(f"swapsh: {args.record}: {_why(e)}", file=sys.stderr)
        return 2
    try:
        machine = Machine(opts) if record is None else RecordingMachine(opts)
    except KeyboardInterrupt:
        return 130
    status = _front_end(args, machine)
    if record is not None and isinstance(machine, RecordingMachine):
        try:
            with record:
                record.write(machine.transcript_text())
        except OSError as e:  # the session is over; only the recording is lost
            print(f"swapsh: {args.record}: {_why(e)}", file=sys.stderr)
            return 1
    return status


def _open_record(path: str, overwrite: bool) -> TextIO:
    """The --record file, opened before the machine boots so that a file that cannot
    be written is said at once. An existing regular file is refused unless overwrite,
    as asciinema rec does (script(1) overwrites silently; a recording is work worth
    not losing); a device or FIFO (/dev/stdout) is written. Raises: OSError."""
    try:
        regular = stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        regular = False  # not there (yet): open() says what is wrong, if anything
    if regular and not overwrite:
        raise FileExistsError(errno.EEXIST, "File exists (--overwrite replaces it)")
    return open(path, "w", encoding="utf-8", errors="surrogateescape")


def _why(e: OSError) -> str:
    return e.strerror or str(e)


def _front_end(args: argparse.Namespace, machine: Machine) -> int:

    if args.command is not None:
        return run_plain(machine, args.command.split("\n"))
    if args.file is not None and args.file != "-":
        try:
            with open(args.file, encoding="utf-8", errors="surrogateescape", newline="\n") as f:
                return run_plain(machine, list(_lines(f)))
        except OSError as e:
            print(f"swapsh: {args.file}: {e.strerror}", file=sys.stderr)
            return 2
    if args.file == "-" or not (sys.stdin.isatty() and sys.stdout.isatty()):
        stdin = open(  # noqa: SIM115 - the host's stdin stays open
            sys.stdin.fileno(),
            encoding="utf-8",
            errors="surrogateescape",
            newline="\n",
            closefd=False,
        )
        return run_plain(machine, _lines(stdin))
    from swapsh.frontend.interactive import run_interactive  # defers prompt_toolkit (~0.3 s)

    return run_interactive(machine)


def entry() -> None:
    """The console script: run main, flush, and leave without tearing down the
    machine's suspended tasks one by one (their coroutines would run cleanup code
    with no kernel behind them)."""
    try:
        status = main()
    except KeyboardInterrupt:
        status = 130
    try:
        sys.stdout.flush()
    except ValueError:  # closed already: the host closed the pipe (plain mode's 141)
        pass
    except OSError as e:  # what is left goes nowhere; a full disk is said
        if not isinstance(e, BrokenPipeError):
            status = status or 1
            with contextlib.suppress(OSError):
                sys.stderr.write(f"swapsh: write error: {_why(e)}\n")
    with contextlib.suppress(OSError):
        sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    entry()
