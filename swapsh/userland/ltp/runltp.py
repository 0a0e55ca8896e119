"""LTP 2008's runltp (LTP-20080430), the parts that drive pan:

    runltp [-l LOGFILE] [-p] [-q] [-f CMDFILES] [-s PATTERN] [-o OUTPUTFILE]

-f takes comma-separated runtest file names under /opt/ltp/runtest (default: those of
the 2008 default list that exist). runltp makes /tmp/runltp.<pid>, concatenates the
files into its alltests (comments and blank lines dropped; with -s only the lines
containing PATTERN), exports LTPROOT and PATH=$PATH:/opt/ltp/testcases/bin, and runs

    /opt/ltp/pan/pan [-q] -e -S -a <pid> -n <pid> [-p] -f <TMP>/alltests
                     [-l LOG] [-o OUT]

`-l F` logs to /opt/ltp/results/F and `-o F` to /opt/ltp/output/F unless F is
absolute (the directories are made if missing). Afterwards it prints
"INFO: pan reported all tests PASS" (pan exited 0) or "INFO: pan reported some tests
FAIL", then "LTP Version: LTP-20080430", removes its temporary directory and exits
0 or 1 accordingly.

Simplified: the 2008 script's other chatter (its INFO lines about directories, the
"Running tests......." banner, the pan command line echo) is not printed, since its
exact text is not in the reference; -s matches a fixed substring, not grep's regular
expression; the other 2008 options (-c/-m/-D/-i load generators, -t duration, -x
instances, -d TMPBASE, -r LTPROOT, -N, -n, -e, -v, -w/-b/-B, -g HTML, -C failcmdfile)
are not accepted; TMPDIR is not changed for the tests.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from swapsh.syscalls.abi import O_CREAT, O_TRUNC, O_WRONLY
from swapsh.userland.getopt import GetoptError, getopt_long
from swapsh.userland.libc import WEXITSTATUS, WIFEXITED, Libc
from swapsh.userland.ltp.pan import read_lines
from swapsh.userland.ltp.tst_res import system
from swapsh.userland.registry import program

__all__ = ["runltp"]

LTPROOT = "/opt/ltp"
VERSION = "LTP-20080430"
DEFAULT_SCENARIOS = [
    "syscalls",
    "fs",
    "fsx",
    "dio",
    "io",
    "mm",
    "ipc",
    "sched",
    "math",
    "nptl",
    "pty",
    "containers",
    "fs_bind",
    "controllers",
    "filecaps",
    "cap_bounds",
    "fcntl-locktests",
    "connectors",
    "admin_tools",
    "timers",
    "power_management_tests",
    "numa",
    "hugetlb",
    "commands",
]
USAGE = """\
usage: runltp [ -f CMDFILES ] [ -l LOGFILE ] [ -o OUTPUTFILE ] [ -p ] [ -q ] [ -s PATTERN ]

    -f CMDFILES     Execute user defined list of testcases (separate with ',')
    -l LOGFILE      Log results of test in a logfile.
    -o OUTPUTFILE   Redirect test output to a file.
    -p              Human readable format logfiles.
    -q              Print less verbose output to screen.
    -s PATTERN      Only run test cases which match PATTERN.
"""


async def _exists(libc: Libc, path: str) -> bool:
    try:
        await libc.stat(path)
    except OSError:
        return False
    return True


async def _in_dir(libc: Libc, sub: str, name: str) -> str:
    """name under LTPROOT/sub unless absolute; the directory is made if missing."""
    if name.startswith("/"):
        return name
    with contextlib.suppress(OSError):
        await libc.mkdir(f"{LTPROOT}/{sub}", 0o755)
    return f"{LTPROOT}/{sub}/{name}"


@dataclass(slots=True)
class _Options:
    log: str | None = None  # -l
    out: str | None = None  # -o
    pattern: str | None = None  # -s
    scenarios: list[str] | None = None  # -f; None: the default list
    pretty: bool = False  # -p
    quiet: bool = False  # -q


def _options(opts: list[tuple[str, str | None]]) -> _Options:
    o = _Options()
    for key, v in opts:
        if key == "l":
            o.log = v
        elif key == "o":
            o.out = v
        elif key == "s":
            o.pattern = v
        elif key == "p":
            o.pretty = True
        elif key == "q":
            o.quiet = True
        elif key == "f":
            o.scenarios = [s for s in (v or "").split(",") if s]
    return o


async def _runltp(libc: Libc, argv: list[str]) -> int:
    try:
        opts, args = getopt_long(argv, "+l:pqf:s:o:")
    except GetoptError as e:
        await libc.err(f"runltp: {e.message}\n{USAGE}")
        return 1
    if args:
        await libc.err(USAGE)
        return 1
    o = _options(opts)
    scenarios = o.scenarios
    if scenarios is None:
        scenarios = [s for s in DEFAULT_SCENARIOS if await _exists(libc, f"{LTPROOT}/runtest/{s}")]
    pid = await libc.getpid()
    tmp = f"/tmp/runltp.{pid}"
    try:
        await libc.mkdir(tmp, 0o777)
    except OSError as e:
        await libc.err(f"FATAL: Unable to make temporary directory {tmp}: {e.strerror}\n")
        return 1
    try:
        return await _with_tmp(libc, tmp, pid, scenarios, o)
    finally:
        await system(libc, f"rm -rf {tmp}")


async def _write_alltests(libc: Libc, path: str, scenarios: list[str], pattern: str | None) -> int:
    """Concatenate the runtest files into path, without comments and blank lines
    and, with -s, only the lines containing pattern. Returns: 0, or 1 when a runtest
    file is missing."""
    lines: list[str] = []
    for s in scenarios:
        try:
            lines += await read_lines(libc, f"{LTPROOT}/runtest/{s}")
        except OSError:
            await libc.err(
                f"FATAL: unable to create command file: {LTPROOT}/runtest/{s} not found\n"
            )
            return 1
    lines = [ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    if pattern is not None:
        lines = [ln for ln in lines if pattern in ln]
    fd = await libc.open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    try:
        await libc.write_all(
            fd, "".join(ln + "\n" for ln in lines).encode("utf-8", "surrogateescape")
        )
    finally:
        await libc.close(fd)
    return 0


async def _pan_argv(libc: Libc, o: _Options, pid: int, alltests: str) -> list[str]:
    pan_argv = ["pan"] + (["-q"] if o.quiet else []) + ["-e", "-S", "-a", str(pid), "-n", str(pid)]
    pan_argv += (["-p"] if o.pretty else []) + ["-f", alltests]
    if o.log is not None:
        pan_argv += ["-l", await _in_dir(libc, "results", o.log)]
    if o.out is not None:
        pan_argv += ["-o", await _in_dir(libc, "output", o.out)]
    return pan_argv


async def _run_pan(libc: Libc, pan_argv: list[str]) -> int:
    """Fork and exec pan with LTPROOT set and the testcases on PATH. Returns: its
    wait status."""
    env = dict(libc.environ)
    env["LTPROOT"] = LTPROOT
    env["PATH"] = f"{env.get('PATH', '/bin:/usr/bin')}:{LTPROOT}/testcases/bin"

    async def child(c: Libc) -> int:
        with contextlib.suppress(OSError):
            await c.execve(f"{LTPROOT}/pan/pan", pan_argv, env)
        return 127

    pan_pid = await libc.fork(child)
    while True:
        try:
            return (await libc.waitpid(pan_pid, 0))[1]
        except OSError as e:
            if e.errno != 4:  # EINTR: wait again
                raise


async def _with_tmp(libc: Libc, tmp: str, pid: int, scenarios: list[str], o: _Options) -> int:
    alltests = f"{tmp}/alltests"
    if await _write_alltests(libc, alltests, scenarios, o.pattern):
        return 1
    status = await _run_pan(libc, await _pan_argv(libc, o, pid, alltests))
    if WIFEXITED(status) and WEXITSTATUS(status) == 0:
        await libc.out("INFO: pan reported all tests PASS\n")
        value = 0
    else:
        await libc.out("INFO: pan reported some tests FAIL\n")
        value = 1
    await libc.out(f"LTP Version: {VERSION}\n")
    return value


@program("/opt/ltp/runltp")
async def runltp(libc: Libc, argv: list[str]) -> int:
    """Linux: LTP-20080430 runltp (alltests from runtest files, runs pan -e -S)."""
    try:
        return await _runltp(libc, argv)
    except OSError as e:
        await libc.err(f"runltp: {e.strerror}\n")
        return 1
