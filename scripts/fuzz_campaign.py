"""Fuzz campaign: generated command lines through swapsh machines, for N lines or T
minutes, across processes (the generator and the per-line checks of tests/fuzz/).

    python scripts/fuzz_campaign.py --lines 1000000 --jobs 2
    python scripts/fuzz_campaign.py --minutes 60 --failures fuzz-failures.txt
    python scripts/fuzz_campaign.py --replay fuzz-failures.txt --case 3 [--shrink]

Each worker types seeded random lines into a machine (rebooted when its login or
kernel ends) and checks every line: no traceback, no "internal error", no panic Linux
would not print, back at the prompt within the step budget (after ^C for endless
commands), host RSS under the bound after every line. A worker whose RSS passed the
bound retires (a process's RSS does not shrink back) and a fresh one with a new seed
takes over. A failing line is shrunk to a minimal line alone on a fresh machine when
it fails alone. Every --determinism lines a worker replays its last lines on two
fresh machines and compares their output byte for byte.

Lines that outrun the budget are sorted by tests/fuzz/endless.py's catalogue:
"interrupted" (endless by design, ^C worked), "overran" (not in the catalogue: long
work or a real stall; up to 200 are listed in the failures file) and "incomplete"
(the shell asked for more with PS2). None of them is a failure; a line that ^C and
^D do not bring back to the prompt is a hang, which is, unless a process of it reads
another console ("elsewhere": `bash 0</dev/tty2`, as on Linux; machine rebooted) or
is stopped ("stopped": `kill -STOP 3`; machine rebooted). A
line that takes more than --line-timeout seconds of host time (a simulated step has
no bound on host work) is cut off, listed as "timeout" and its machine rebooted: a
report, not a failure.

The failures file (tests/fuzz/record.py) holds each failure with its worker, seed,
line number and every line typed into that machine since it booted; --replay runs
that history and the line on a fresh machine and says whether the failure came back
(--alone: only the minimal line; --shrink: the fewest history lines it needs).

Prints progress (lines/s), each failure, and a final figure with every count, zero
or not. Exit status 1 if anything failed. Host time appears here only as the
campaign's length and its rate; the checks themselves count simulated steps.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import resource
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from queue import Empty
from typing import Any, TextIO, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fuzz.grammar import RandomChooser, gen_line
from tests.fuzz.harness import FuzzMachine, Outcome, rss_bytes
from tests.fuzz.record import Failure, read_failures, write_failure

T = TypeVar("T")
PROGRESS_EVERY = 200  # lines between a worker's reports
REPLAY = 20  # lines replayed for the determinism check


def _reproduces(line: str, want: Outcome, args: argparse.Namespace) -> bool:
    fm = _machine(args)
    o = _run_timed(fm, line, args)
    same_detail = o.detail == want.detail or want.kind in ("memory", "hang")
    return o.kind == want.kind and same_detail


def _machine(args: argparse.Namespace) -> FuzzMachine:
    return FuzzMachine(mem_bytes=args.mem << 20, rss_limit=args.rss_limit << 20)


def shrink(line: str, kind: Outcome, args: argparse.Namespace) -> str:
    """A smaller line that still fails the same way on a fresh machine: drop words,
    then characters, while it still fails (delta debugging, greedy)."""
    if kind.kind in ("memory", "hang") or not _reproduces(line, kind, args):
        # too costly to repeat dozens of times; or it needs the lines before it
        return line
    words = line.split(" ")
    i = 0
    while i < len(words) and len(words) > 1:
        cand = words[:i] + words[i + 1 :]
        if _reproduces(" ".join(cand), kind, args):
            words = cand
        else:
            i += 1
    line = " ".join(words)
    if len(line) <= 200:
        i = 0
        while i < len(line):
            shorter = line[:i] + line[i + 1 :]
            if shorter.strip() and _reproduces(shorter, kind, args):
                line = shorter
            else:
                i += 1
    return line


def _output_of(lines: list[str], args: argparse.Namespace) -> list[str] | None:
    """What lines show on a fresh machine; None if one was cut off (host time is
    not the machine's: that says nothing about determinism)."""
    fm = FuzzMachine(mem_bytes=args.mem << 20)
    outcomes = [_run_timed(fm, line, args) for line in lines]
    if any(o.kind == "timeout" for o in outcomes):
        return None
    return [f"{o.kind}:{o.output}" for o in outcomes]


class LineTimeout(BaseException):
    """A line took more host time than --line-timeout (BaseException: nothing in
    the machine catches it)."""


def _on_alarm(_signum: int, _frame: object) -> None:
    raise LineTimeout


def _run_timed(fm: FuzzMachine, line: str, args: argparse.Namespace) -> Outcome:
    """fm.run_line(line), cut off after --line-timeout seconds of host time: a
    simulated step has no bound on host work (one step of `wc -L /dev/urandom`
    takes seconds), and the campaign's rate is host time. The machine cut off
    is discarded."""
    signal.setitimer(signal.ITIMER_REAL, args.line_timeout)
    try:
        return fm.run_line(line)
    except LineTimeout:
        signal.setitimer(signal.ITIMER_REAL, 0)
        fm.reboot()
        return Outcome("timeout", f"over {args.line_timeout:g} s of host time")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def worker(wid: int, args: argparse.Namespace, q: Any, stop: Any) -> None:
    if args.host_mem_limit:
        lim = args.host_mem_limit << 20
        resource.setrlimit(resource.RLIMIT_AS, (lim, lim))
    signal.signal(signal.SIGALRM, _on_alarm)
    seed = args.seed * 1000 + wid
    chooser = RandomChooser(random.Random(seed))
    fm = _machine(args)
    kinds: Counter[str] = Counter()
    history: list[str] = []  # every line typed since the machine's last boot
    boot_line = 1  # the first of them
    recent: list[str] = []
    n = 0
    while not stop.is_set() and (args.per_worker is None or n < args.per_worker):
        line = gen_line(chooser, long_lines=True)
        boots = fm.boots
        t0 = time.monotonic()
        try:
            o = _run_timed(fm, line, args)  # (a MemoryError may come from its reboot)
        except MemoryError:
            o = Outcome("memory", "host MemoryError under the address-space limit")
            fm = _machine(args)
        dt = time.monotonic() - t0
        n += 1
        kinds[o.kind] += 1
        recent = ([*recent, line])[-REPLAY:]
        if o.failed:
            alone = shrink(line, o, args)
            where = (wid, seed, n, boot_line, args.mem, args.rss_limit)
            fl = Failure(0, o.kind, o.detail, *where, line, alone, list(history))
            q.put(("fail", fl))
        elif o.kind in ("overran", "timeout"):
            q.put((o.kind, wid, seed, n, o.steps, line))
        history.append(line)
        if o.kind == "memory":
            # a process's RSS does not shrink back: every later line would fail too,
            # so this worker retires and a fresh one (a new seed) takes its place
            q.put(("progress", wid, n % PROGRESS_EVERY, dict(kinds), rss_bytes()))
            q.put(("retired", wid))
            return
        if dt > args.slow:
            q.put(("slow", wid, round(dt, 1), line[:200]))
        if fm.boots != boots:
            history, boot_line = [], n + 1
        if args.determinism and n % args.determinism == 0:
            first = _output_of(recent, args)
            second = _output_of(recent, args) if first is not None else None
            if second is not None:
                q.put(("determinism", wid, first == second, list(recent)))
        if n % PROGRESS_EVERY == 0:
            q.put(("progress", wid, PROGRESS_EVERY, dict(kinds), rss_bytes()))
            kinds = Counter()
    q.put(("progress", wid, n % PROGRESS_EVERY, dict(kinds), rss_bytes()))
    q.put(("done", wid))


def _in_child(fn: Callable[..., T], *args: Any) -> T:
    """fn(*args) in a forked process: a fresh host RSS for each try, as the
    campaign's workers start with (a "memory" failure leaves the RSS high)."""
    ctx = mp.get_context("fork")
    with ctx.Pool(1) as pool:
        return pool.apply(fn, args)


def _replay_one(
    c: Failure, history: list[str], line: str, loud: bool, as_limit: int
) -> tuple[Outcome, int]:
    """c's history then line on a fresh machine; loud: say which history lines
    failed, overran or grew the host RSS by 32 MiB or more. Returns: the line's
    outcome and the host RSS after it."""
    if as_limit:  # the workers' RLIMIT_AS: a host MemoryError comes back the same
        resource.setrlimit(resource.RLIMIT_AS, (as_limit << 20, as_limit << 20))
    fm = FuzzMachine(mem_bytes=c.mem_mib << 20, rss_limit=c.rss_limit_mib << 20)
    for i, h in enumerate(history, c.boot_line):
        rss = rss_bytes()
        o = fm.run_line(h)
        grew = (rss_bytes() - rss) >> 20
        if loud and (o.failed or o.kind == "overran" or grew >= 32):
            print(f"  history line {i}: {o.kind} {o.detail[:120]!r} (+{grew} MiB RSS)")
            print(f"    {h[:200]!r}", flush=True)
    return fm.run_line(line), rss_bytes()


def _fails_again(c: Failure, history: list[str], line: str, as_limit: int) -> bool:
    return _in_child(_replay_one, c, history, line, False, as_limit)[0].kind == c.kind


def shrink_history(c: Failure, as_limit: int) -> list[str]:
    """The fewest history lines (ddmin: drop chunks, halving them when none can go)
    after which c's line still fails the same way on a fresh machine."""
    hist, n = list(c.history), 2
    while hist:
        size = -(-len(hist) // n)
        for i in range(0, len(hist), size):
            cand = hist[:i] + hist[i + size :]
            if _fails_again(c, cand, c.line, as_limit):
                hist, n = cand, max(n - 1, 2)
                break
        else:
            if size == 1:
                break
            n = min(len(hist), 2 * n)
    return hist


def replay(args: argparse.Namespace) -> int:
    """Replay recorded failures on fresh machines: the history, then the line (or
    the minimal line alone with --alone). Returns: 0 if every case reproduced."""
    with open(args.replay, encoding="utf-8", errors="surrogateescape") as f:
        cases = read_failures(f.read())
    if args.case is not None:
        cases = [c for c in cases if c.case == args.case]
    if not cases:
        print(f"{args.replay}: no such failure recorded", file=sys.stderr)
        return 2
    missed = 0
    for c in cases:
        history = [] if args.alone else c.history
        line = c.minimal if args.alone else c.line
        o, rss = _in_child(_replay_one, c, history, line, True, args.host_mem_limit)
        same = o.kind == c.kind
        missed += not same
        print(f"case {c.case}: recorded {c.kind}, replayed {o.kind} {o.detail[:200]!r}")
        print(f"  {'reproduced' if same else 'did NOT reproduce'}; host RSS {rss >> 20} MiB")
        if args.verbose:
            print(o.output[-4000:])
        if args.shrink and same and not args.alone:
            hist = shrink_history(c, args.host_mem_limit)
            print(f"  it needs {len(hist)} of the {len(c.history)} history lines:")
            print("".join(f"    {h!r}\n" for h in [*hist, c.line]), end="")
    return 1 if missed else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lines", type=int, default=None, help="stop after this many lines")
    ap.add_argument("--minutes", type=float, default=None, help="stop after this long")
    ap.add_argument("--jobs", type=int, default=max(1, (os.cpu_count() or 2) - 1))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--mem", type=int, default=256, help="simulated RAM, MiB")
    ap.add_argument("--rss-limit", type=int, default=None, help="host RSS bound, MiB")
    ap.add_argument("--host-mem-limit", type=int, default=4096, help="RLIMIT_AS, MiB")
    ap.add_argument("--determinism", type=int, default=2000, help="check every N lines")
    ap.add_argument("--slow", type=float, default=10.0, help="report lines slower (s)")
    ap.add_argument("--line-timeout", type=float, default=30.0, help="cut a line off (s)")
    ap.add_argument("--failures", default="fuzz-failures.txt")
    ap.add_argument("--replay", metavar="FILE", help="replay the failures recorded in FILE")
    ap.add_argument("--case", type=int, default=None, help="with --replay: only this one")
    ap.add_argument("--alone", action="store_true", help="with --replay: the minimal line")
    ap.add_argument("--verbose", action="store_true", help="with --replay: show the output")
    ap.add_argument("--shrink", action="store_true", help="with --replay: fewest history lines")
    args = ap.parse_args(argv)
    if args.replay:
        return replay(args)
    if args.lines is None and args.minutes is None:
        args.lines = 10_000
    if args.rss_limit is None:
        args.rss_limit = 2 * args.mem + 200  # issue #11's bound: 2x RAM + 200 MiB
    args.per_worker = None if args.lines is None else -(-args.lines // args.jobs)
    return _run(args)


# The final figure's rows: outcome kind -> its label, failures first.
FIGURE = [
    ("traceback", "tracebacks"),
    ("internal", 'internal errors ("internal error")'),
    ("hang", "hangs (not back at a prompt after ^C and ^D)"),
    ("panic", "panics Linux would not print"),
    ("memory", "host RSS over the bound"),
    ("harness", "harness errors (the Machine API raised)"),
    ("ok", "ok"),
    ("interrupted", "interrupted (endless by design, ^C brought the prompt back)"),
    ("overran", "overran (not in the endless catalogue, ended by ^C)"),
    ("incomplete", "incomplete (the shell asked for more with PS2, ^C cancelled it)"),
    ("elsewhere", "elsewhere (a shell reads another console, as on Linux), machine rebooted"),
    ("stopped", "stopped (a process of tty1's session waits for SIGCONT), machine rebooted"),
    ("panic-ok", "panics Linux prints (out of memory), machine rebooted"),
    ("timeout", "cut off after --line-timeout s of host time, machine rebooted"),
]
OVERRAN_SHOWN = 200  # overran lines written to the failures file


class _Tally:
    """What the workers have reported so far."""

    def __init__(self, fout: TextIO, path: str) -> None:
        self.fout, self.path = fout, path
        self.total, self.kinds, self.peak = 0, Counter[str](), 0
        self.fails: list[Failure] = []
        self.overran: set[str] = set()
        self.checks = self.nondet = 0
        self.done = 0

    def take(self, msg: tuple[Any, ...]) -> None:
        """One worker message: progress, fail, overran, slow, determinism or done."""
        if msg[0] == "progress":
            self.total += msg[2]
            self.kinds.update(msg[3])
            self.peak = max(self.peak, msg[4])
        elif msg[0] == "fail":
            self._fail(msg[1])
        elif msg[0] in ("overran", "timeout"):
            self._overran(*msg)
        elif msg[0] == "slow":
            print(f"slow ({msg[2]} s): {msg[3]!r}", flush=True)
        elif msg[0] == "determinism":
            self.checks += 1
            if not msg[2]:
                self.nondet += 1
                print(f"NONDETERMINISTIC replay of: {msg[3]!r}", flush=True)
                self.fout.write("== nondeterministic: two fresh machines differed on\n")
                self.fout.writelines(f"  {x!r}\n" for x in msg[3])
                self.fout.write("\n")
        elif msg[0] in ("done", "retired"):
            self.done += 1

    def _fail(self, fl: Failure) -> None:
        fl.case = len(self.fails) + 1
        self.fails.append(fl)
        print(f"FAIL {fl.kind}: {fl.detail[:160]!r}\n  line:    {fl.line[:300]!r}")
        print(f"  minimal: {fl.minimal[:300]!r}  (worker seed {fl.seed}, line {fl.line_no})")
        print(f"  replay:  --replay {self.path} --case {fl.case}", flush=True)
        write_failure(self.fout, fl, self.path)

    def _overran(self, kind: str, wid: int, seed: int, n: int, steps: int, line: str) -> None:
        if kind == "timeout":
            print(f"timeout: {line[:200]!r} (worker seed {seed}, line {n})", flush=True)
        if line in self.overran or len(self.overran) >= OVERRAN_SHOWN:
            return
        self.overran.add(line)
        where = f"worker {wid}, seed {seed}, line {n}"
        self.fout.write(f"== {kind}: {where}, {steps} steps\n")
        self.fout.write(f"  {line[:2000]!r}\n\n")

    def report(self, args: argparse.Namespace, elapsed: float, workers: int) -> int:
        """The final figure, every row printed even when zero. Returns: the exit status."""
        total = self.total
        distinct = len({fl.minimal for fl in self.fails})
        rate = total / max(elapsed, 1e-9)
        print("\n== fuzz campaign ==")
        per = f"{rate / args.jobs:.0f} per worker; {args.jobs} at a time, {workers} in all"
        print(f"lines run: {total} in {elapsed / 60:.1f} min ({rate:.0f} lines/s, {per})")
        for kind, label in FIGURE:
            print(f"{self.kinds[kind]:>10}  {label}")
        others = {k: v for k, v in self.kinds.items() if k not in dict(FIGURE)}
        if others:
            print(f"{'':>10}  other outcomes: {others}")
        checks = f"of {self.checks} checks, {REPLAY} lines each on two fresh machines"
        print(f"{self.nondet:>10}  nondeterministic replays ({checks})")
        print(f"host RSS peak (workers): {self.peak >> 20} MiB (bound {args.rss_limit} MiB)")
        where = f"written with their histories to {args.failures}"
        print(f"failures: {len(self.fails)} ({distinct} distinct minimal lines), {where}")
        return 1 if self.fails or self.nondet else 0


def _run(args: argparse.Namespace) -> int:
    ctx = mp.get_context("fork")
    q: Any = ctx.Queue()
    stop = ctx.Event()
    procs = [ctx.Process(target=worker, args=(w, args, q, stop)) for w in range(args.jobs)]
    for p in procs:
        p.start()
    start = last_print = time.monotonic()
    with open(args.failures, "w", encoding="utf-8", errors="surrogateescape") as fout:
        tally = _Tally(fout, args.failures)
        while tally.done < len(procs):
            if args.minutes is not None and time.monotonic() - start > args.minutes * 60:
                stop.set()
            try:
                msg = q.get(timeout=5)
            except Empty:
                if not any(p.is_alive() for p in procs):
                    break
                continue
            tally.take(msg)
            if msg[0] == "retired" and not stop.is_set():
                procs.append(ctx.Process(target=worker, args=(len(procs), args, q, stop)))
                procs[-1].start()
            now = time.monotonic()
            if now - last_print > 30:
                last_print = now
                rate = tally.total / (now - start)
                print(f"{tally.total} lines, {rate:.0f} lines/s, {len(tally.fails)} failures")
        for p in procs:
            p.join(timeout=30)
    return tally.report(args, time.monotonic() - start, len(procs))


if __name__ == "__main__":
    sys.exit(main())
