"""Fuzz campaign: generated command lines through swapsh machines, for N lines or T
minutes, across processes (the generator and the per-line checks of tests/fuzz/).

    python scripts/fuzz_campaign.py --lines 1000000 --jobs 2
    python scripts/fuzz_campaign.py --minutes 60 --failures fuzz-failures.txt

Each worker types seeded random lines into a machine (rebooted when its login or
kernel ends) and checks every line: no traceback, no "internal error", no panic Linux
would not print, back at the prompt within the step budget (after ^C for endless
commands), host RSS under the bound. A worker whose RSS passed the bound retires
(a process's RSS does not shrink back) and a fresh one with a new seed takes over.
A failing line is shrunk to a minimal reproduction on a fresh machine. Every
--determinism lines a worker replays its last lines on two fresh machines and
compares their output byte for byte.

Prints progress (lines/s), each failure with its minimal reproduction, and a final
figure; writes the failing lines to --failures. Exit status 1 if anything failed.
Host time appears here only as the campaign's length and its rate; the checks
themselves count simulated steps.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import resource
import sys
import time
from collections import Counter
from pathlib import Path
from queue import Empty
from typing import Any, TextIO

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fuzz.grammar import RandomChooser, gen_line
from tests.fuzz.harness import FuzzMachine, Outcome, rss_bytes

PROGRESS_EVERY = 200  # lines between a worker's reports
REPLAY = 20  # lines replayed for the determinism check


def _reproduces(line: str, want: Outcome, args: argparse.Namespace) -> bool:
    fm = FuzzMachine(mem_bytes=args.mem << 20, rss_limit=args.rss_limit << 20)
    o = fm.run_line(line)
    same_detail = o.detail == want.detail or want.kind in ("memory", "hang")
    return o.kind == want.kind and same_detail


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
            cand = line[:i] + line[i + 1 :]
            if cand.strip() and _reproduces(cand, kind, args):
                line = cand
            else:
                i += 1
    return line


def _output_of(lines: list[str], args: argparse.Namespace) -> list[str]:
    fm = FuzzMachine(mem_bytes=args.mem << 20)
    return [f"{o.kind}:{o.output}" for o in map(fm.run_line, lines)]


def worker(wid: int, args: argparse.Namespace, q: Any, stop: Any) -> None:
    if args.host_mem_limit:
        lim = args.host_mem_limit << 20
        resource.setrlimit(resource.RLIMIT_AS, (lim, lim))
    seed = args.seed * 1000 + wid
    chooser = RandomChooser(random.Random(seed))
    fm = FuzzMachine(mem_bytes=args.mem << 20, rss_limit=args.rss_limit << 20)
    kinds: Counter[str] = Counter()
    history: list[str] = []  # lines typed since the machine's last boot
    recent: list[str] = []
    n = 0
    while not stop.is_set() and (args.per_worker is None or n < args.per_worker):
        line = gen_line(chooser, long_lines=True)
        boots = fm.boots
        t0 = time.monotonic()
        try:
            o = fm.run_line(line)  # (a MemoryError may also come from its reboot)
        except MemoryError:
            o = Outcome("memory", "host MemoryError under the address-space limit")
            fm = FuzzMachine(mem_bytes=args.mem << 20, rss_limit=args.rss_limit << 20)
        dt = time.monotonic() - t0
        n += 1
        kinds[o.kind] += 1
        history.append(line)
        recent = ([*recent, line])[-REPLAY:]
        if o.failed:
            alone = shrink(line, o, args)
            q.put(("fail", wid, seed, n, o.kind, o.detail, line, alone, list(history[-10:])))
        if o.kind == "memory":
            # a process's RSS does not shrink back: every later line would fail too,
            # so this worker retires and a fresh one (a new seed) takes its place
            q.put(("progress", wid, n % PROGRESS_EVERY, dict(kinds), rss_bytes()))
            q.put(("retired", wid))
            return
        if dt > args.slow:
            q.put(("slow", wid, round(dt, 1), line[:200]))
        if fm.boots != boots:
            history = []
        due = args.determinism and n % args.determinism == 0
        if due and _output_of(recent, args) != _output_of(recent, args):
            q.put(("nondet", wid, list(recent)))
        if n % PROGRESS_EVERY == 0:
            q.put(("progress", wid, PROGRESS_EVERY, dict(kinds), rss_bytes()))
            kinds = Counter()
    q.put(("progress", wid, n % PROGRESS_EVERY, dict(kinds), rss_bytes()))
    q.put(("done", wid))


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
    ap.add_argument("--failures", default="fuzz-failures.txt")
    args = ap.parse_args(argv)
    if args.lines is None and args.minutes is None:
        args.lines = 10_000
    if args.rss_limit is None:
        args.rss_limit = 2 * args.mem + 200  # issue #11's bound: 2x RAM + 200 MiB
    args.per_worker = None if args.lines is None else -(-args.lines // args.jobs)
    return _run(args)


class _Tally:
    """What the workers have reported so far."""

    def __init__(self, fout: TextIO) -> None:
        self.fout = fout
        self.total, self.kinds, self.peak = 0, Counter[str](), 0
        self.fails: list[tuple[str, str]] = []
        self.nondet = 0
        self.done = 0

    def take(self, msg: tuple[Any, ...]) -> None:
        """One worker message: progress, fail, slow, nondet or done."""
        if msg[0] == "progress":
            self.total += msg[2]
            self.kinds.update(msg[3])
            self.peak = max(self.peak, msg[4])
        elif msg[0] == "fail":
            self._fail(msg)
        elif msg[0] == "slow":
            print(f"slow ({msg[2]} s): {msg[3]!r}", flush=True)
        elif msg[0] == "nondet":
            self.nondet += 1
            print(f"NONDETERMINISTIC replay of: {msg[2]!r}", flush=True)
            self.fout.write("# nondeterministic:\n" + "".join(f"#   {x}\n" for x in msg[2]))
        elif msg[0] in ("done", "retired"):
            self.done += 1

    def _fail(self, msg: tuple[Any, ...]) -> None:
        _, _wid, seed, n, kind, detail, line, alone, hist = msg
        self.fails.append((kind, alone))
        print(f"FAIL {kind}: {detail[:160]!r}\n  line:    {line[:300]!r}")
        print(f"  minimal: {alone[:300]!r}  (worker seed {seed}, line {n})", flush=True)
        self.fout.write(f"# {kind}: {detail[:300]}\n# seed {seed} line {n}; history:\n")
        self.fout.writelines(f"#   {h[:2000]}\n" for h in hist[:-1])
        self.fout.write(f"{alone}\n")
        self.fout.flush()

    def report(self, args: argparse.Namespace, elapsed: float) -> int:
        """The final figure. Returns: the exit status."""
        total, fails = self.total, self.fails
        by_kind = Counter(k for k, _ in fails)
        distinct = len({line for _, line in fails})
        print("\n== fuzz campaign ==")
        print(
            f"lines: {total} in {elapsed / 60:.1f} min ({total / max(elapsed, 1e-9):.0f} lines/s)"
        )
        print(f"outcomes: {dict(self.kinds)}")
        print(f"failures: {len(fails)} ({distinct} distinct minimal lines) {dict(by_kind)}")
        print(f"nondeterministic replays: {self.nondet}")
        print(f"host RSS peak (workers): {self.peak >> 20} MiB (bound {args.rss_limit} MiB)")
        print(f"failing lines written to {args.failures}")
        return 1 if fails or self.nondet else 0


def _run(args: argparse.Namespace) -> int:
    ctx = mp.get_context("fork")
    q: Any = ctx.Queue()
    stop = ctx.Event()
    procs = [ctx.Process(target=worker, args=(w, args, q, stop)) for w in range(args.jobs)]
    for p in procs:
        p.start()
    start = last_print = time.monotonic()
    with open(args.failures, "w", encoding="utf-8", errors="surrogateescape") as fout:
        tally = _Tally(fout)
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
    return tally.report(args, time.monotonic() - start)


if __name__ == "__main__":
    sys.exit(main())
