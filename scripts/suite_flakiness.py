"""Run the whole test suite N times beside a CPU hog and count the tests that failed
in any run: the suite must not depend on host speed (issue #10: zero flaky tests in
20 runs under a loaded host).

    python scripts/suite_flakiness.py --runs 20
    python scripts/suite_flakiness.py --hog-cmd 'python scripts/fuzz_campaign.py --minutes 90'

The hog is --hogs busy-looping processes (default: one per CPU), or --hog-cmd, a
command left running for all the runs (the fuzz campaign is a fine hog). Each run is
the README's test command (`python3 -m pytest`) with a JUnit XML report; the script
prints one line per run (passed, failed, seconds, host load) and, at the end, every
test that failed with the runs it failed in. Exit status 1 if any test failed.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import shlex
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _spin() -> None:
    while True:
        pass


def _failed_tests(junit: Path) -> tuple[int, list[str]]:
    """(tests run, ids of the failed or errored ones) from a JUnit XML report."""
    tree = ET.parse(junit)
    run, failed = 0, []
    for case in tree.iter("testcase"):
        run += 1
        if case.find("failure") is not None or case.find("error") is not None:
            failed.append(f"{case.get('classname')}::{case.get('name')}")
    return run, failed


def one_run(extra: list[str], junit: Path) -> tuple[int, int, list[str], float]:
    """One run of the suite. Returns: (exit status, tests run, failed ids, seconds)."""
    cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", f"--junitxml={junit}"]
    t0 = time.monotonic()
    proc = subprocess.run([*cmd, *extra], cwd=ROOT, capture_output=True, text=True, check=False)
    secs = time.monotonic() - t0
    if not junit.exists():  # pytest could not even collect: show why
        sys.stdout.write(proc.stdout[-3000:] + proc.stderr[-3000:])
        return proc.returncode, 0, ["<no report>"], secs
    run, failed = _failed_tests(junit)
    return proc.returncode, run, failed, secs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--hogs", type=int, default=os.cpu_count() or 2, help="busy processes")
    ap.add_argument("--hog-cmd", default=None, help="a command to run as the hog instead")
    ap.add_argument("pytest_args", nargs="*", help="extra arguments for pytest")
    args = ap.parse_args(argv)
    hogs: list[mp.Process] = []
    hog_proc = None
    if args.hog_cmd:
        hog_proc = subprocess.Popen(shlex.split(args.hog_cmd), cwd=ROOT, stdout=subprocess.DEVNULL)
    else:
        hogs = [mp.Process(target=_spin, daemon=True) for _ in range(args.hogs)]
        for h in hogs:
            h.start()
    fails: dict[str, list[int]] = defaultdict(list)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for i in range(1, args.runs + 1):
                junit = Path(tmp) / f"run{i}.xml"
                rc, run, failed, secs = one_run(args.pytest_args, junit)
                for tid in failed:
                    fails[tid].append(i)
                load = os.getloadavg()[0]
                print(
                    f"run {i:2}: rc {rc}, {run} tests, {len(failed)} failed, "
                    f"{secs:.0f} s, load {load:.1f}",
                    flush=True,
                )
    finally:
        for h in hogs:
            h.terminate()
        if hog_proc is not None:
            hog_proc.terminate()
            hog_proc.wait()
    print(f"\n== {args.runs} runs: {len(fails)} tests failed in some run ==")
    for tid, runs in sorted(fails.items()):
        print(f"{tid}: runs {runs}")
    return 1 if fails else 0


if __name__ == "__main__":
    raise SystemExit(main())
