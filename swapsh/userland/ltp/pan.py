"""LTP 2008's test driver pan (pan/pan.c), as runltp runs it:

    pan [-e] [-S] [-p] [-q] [-a ACTIVE] [-n TAG] -f CMDFILE [-l LOGFILE] [-o OUTFILE]

Each CMDFILE line "tag command..." (blank lines and '#' comments skipped) is run in
turn (-S, sequential) through fork + /bin/sh -c; the test's stdout and stderr go into a
pipe, and pan writes the "rts" report block to its stdout (or OUTFILE, -o):
<<<test_start>>> (tag, stime, cmdline, contacts, analysis, initiation_status),
<<<test_output>>> (what the test wrote), <<<execution_status>>> (duration,
termination_type exited/signaled, termination_id, corefile=no, cutime/cstime),
<<<test_end>>>; -q leaves the blocks out.

The log (-l, opened for appending): without -p, `startup='<ctime>'` and one
`tag=... stime=... dur=... exit=... stat=... core=... cu=... cs=...` line per test;
with -p the "Test Start Time" table (header "%-30.20s %-10.10s %-10.10s", rows
"%-30.30s %-10.10s %-5d", a result is PASS iff the exit/termination id is 0) and the
Total Tests / Total Failures / Kernel Version / Machine Architecture / Hostname footer
from uname(). With -e pan exits 1 when any test failed, else 0.

Times come from the machine's clock: stime = CLOCK_REALTIME seconds, dur = the
difference in those seconds, ctime in UTC ("Wed Apr 30 12:00:00 2008").

Simplified: swapsh has no times(2) and wait4() gives no rusage, so cutime and cstime
(and the log's cu/cs) are always 0. Not modelled: the -a active ("zoo") file, -n's
use of the tag, parallel runs (-x), -t/-s limits, -O/-C files, the RUNNING/stopped
cases, and core files (corefile/core always "no").
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime

from swapsh.syscalls.abi import O_APPEND, O_CREAT, O_TRUNC, O_WRONLY
from swapsh.userland.getopt import GetoptError, getopt_long
from swapsh.userland.libc import WEXITSTATUS, WIFEXITED, WTERMSIG, Libc
from swapsh.userland.registry import program

__all__ = ["ctime", "pan", "read_lines"]

USAGE = (
    "usage: pan [-e] [-S] [-p] [-q] [-a active-file] [-n tagname] -f command-file "
    "[-l logfile] [-o output-file]\n"
)


def ctime(t: int) -> str:
    """ctime() without its newline, in UTC."""
    d = datetime.fromtimestamp(t, tz=UTC)
    return f"{d:%a %b} {d.day:2d} {d:%H:%M:%S %Y}"


async def read_lines(libc: Libc, path: str) -> list[str]:
    """The lines of a file (OSError if it cannot be read)."""
    fd = await libc.open(path)
    data = b""
    try:
        while chunk := await libc.read(fd, 8192):
            data += chunk
    finally:
        with contextlib.suppress(OSError):
            await libc.close(fd)
    return data.decode("utf-8", "surrogateescape").splitlines()


async def _now(libc: Libc) -> int:
    return await libc.clock_gettime(0) // 10**9


async def _write(libc: Libc, fd: int, text: str) -> None:
    with contextlib.suppress(OSError):
        await libc.write_all(fd, text.encode("utf-8", "surrogateescape"))


async def _run_test(
    libc: Libc,
    panname: str,
    tag: str,
    cmd: str,
) -> tuple[bytes, int, str]:
    """run_child(): fork, stdout+stderr into a pipe, exec the command: through
    `sh -c` if it has any of the characters "';|<>$\\ , else split at blanks and
    execvp'd directly (so a test killed by a signal shows that signal, not a shell's
    128+n). A child that cannot exec writes why into the error pipe and exits with
    the errno. Returns: (output, wait status, exec error or "")."""
    r, w = await libc.pipe()
    er, ew = await libc.pipe()

    async def child(c: Libc) -> int:
        for fd in (r, er):
            with contextlib.suppress(OSError):
                await c.close(fd)
        try:
            await c.dup2(w, 1)
            await c.dup2(w, 2)
            await c.close(w)
        except OSError as e:
            return e.errno or 1
        errbuf, err = "", 0  # set below if the exec fails (success never returns)
        if any(ch in cmd for ch in "\"';|<>$\\"):
            try:
                await c.execvp("sh", ["sh", "-c", cmd])
            except OSError as e:
                errbuf = (
                    f"pan({panname}): execlp of '{cmd}' (tag {tag}) failed.  "
                    f"errno:{e.errno} {e.strerror}"
                )
                err = e.errno or 1
        else:
            arg_v = cmd.split()
            try:
                await c.execvp(arg_v[0], arg_v)
            except OSError as e:
                errbuf = (
                    f"pan({panname}): execvp of '{arg_v[0]}' (tag {tag}) failed.  "
                    f"errno:{e.errno}  {e.strerror}"
                )
                err = e.errno or 1
        with contextlib.suppress(OSError):
            await c.write_all(ew, errbuf.encode("utf-8", "surrogateescape"))
        return err

    try:
        pid = await libc.fork(child)
    finally:
        for fd in (w, ew):
            with contextlib.suppress(OSError):
                await libc.close(fd)
    out = errbuf = b""
    try:
        while chunk := await libc.read(r, 8192):
            out += chunk
        while chunk := await libc.read(er, 1024):
            errbuf += chunk
    finally:
        for fd in (r, er):
            with contextlib.suppress(OSError):
                await libc.close(fd)
    while True:
        try:
            _, status = await libc.waitpid(pid, 0)
            return out, status, errbuf.decode("utf-8", "surrogateescape")
        except OSError as e:
            if e.errno != 4:  # EINTR: wait again
                raise


async def _pan(libc: Libc, argv: list[str]) -> int:
    try:
        opts, args = getopt_long(argv, "+ea:Sn:pqf:l:o:")
    except GetoptError as e:
        await libc.err(f"pan: {e.message}\n{USAGE}")
        return 1
    o = dict(opts)
    cmdfile, logname, outname = o.get("f"), o.get("l"), o.get("o")
    pretty, quiet, track = "p" in o, "q" in o, "e" in o
    panname = o.get("n") or "pan"  # runltp passes its pid
    if args or not cmdfile:
        await libc.err(USAGE)
        return 1
    try:
        lines = await read_lines(libc, cmdfile)
    except OSError as e:
        await libc.err(f"pan: could not open command file {cmdfile}: {e.strerror}\n")
        return 1
    tests = []
    for line in lines:
        f = line.split(None, 1)
        if not f or f[0].startswith("#"):
            continue
        tests.append((f[0], f[1].strip() if len(f) > 1 else ""))

    log = out = -1
    try:
        if logname:
            log = await libc.open(logname, O_WRONLY | O_CREAT | O_APPEND, 0o666)
        if outname:
            out = await libc.open(outname, O_WRONLY | O_CREAT | O_TRUNC, 0o666)
    except OSError as e:
        await libc.err(f"pan: could not open {logname if log < 0 else outname}: {e.strerror}\n")
        return 1

    async def report(text: str) -> None:
        if quiet:
            return
        if out >= 0:
            await _write(libc, out, text)
        else:
            await libc.out(text)
            await libc.flush()

    startup = await _now(libc)
    if log >= 0:
        if pretty:
            await _write(
                libc,
                log,
                f"Test Start Time: {ctime(startup)}\n"
                "-----------------------------------------\n"
                f"{'Testcase':<30.20s} {'Result':<10.10s} "
                f"{'Exit Value':<10.10s}\n"
                f"{'--------':<30.20s} {'------':<10.10s} "
                f"{'----------':<10.10s}\n",
            )
        else:
            await _write(libc, log, f"startup='{ctime(startup)}'\n")

    failures = 0
    for tag, cmd in tests:
        stime = await _now(libc)
        output, status, errbuf = await _run_test(libc, panname, tag, cmd)
        dur = await _now(libc) - stime
        if WIFEXITED(status):
            term, term_id = "exited", WEXITSTATUS(status)
        else:
            term, term_id = "signaled", WTERMSIG(status)
        await report(
            f'<<<test_start>>>\ntag={tag} stime={stime}\ncmdline="{cmd}"\n'
            f'contacts=""\nanalysis=exit\ninitiation_status="{errbuf or "ok"}"\n'
            "<<<test_output>>>\n"
        )
        if errbuf:  # never started: reported, but neither logged nor counted
            await report(
                f"<<<execution_status>>>\nduration={dur} termination_type={term} "
                f"termination_id={term_id} corefile=no\ncutime=0 cstime=0\n"
                "<<<test_end>>>\n"
            )
            continue
        if term_id != 0:
            failures += 1
        if not quiet:
            if out >= 0:
                with contextlib.suppress(OSError):
                    await libc.write_all(out, output)
            else:
                await libc.out(output)
        await report(
            f"<<<execution_status>>>\nduration={dur} termination_type={term} "
            f"termination_id={term_id} corefile=no\ncutime=0 cstime=0\n"
            "<<<test_end>>>\n"
        )
        if log >= 0:
            if pretty:
                result = "PASS" if term_id == 0 else "FAIL"
                await _write(libc, log, f"{tag:<30.30s} {result:<10.10s} {term_id:<5d}\n")
            else:
                await _write(
                    libc,
                    log,
                    f"tag={tag} stime={stime} dur={dur} exit={term} "
                    f"stat={term_id} core=no cu=0 cs=0\n",
                )

    if log >= 0:
        if pretty:
            u = await libc.uname()
            await _write(
                libc,
                log,
                "\n-----------------------------------------------\n"
                f"Total Tests: {len(tests)}\n"
                f"Total Failures: {failures}\n"
                f"Kernel Version: {u.release}\n"
                f"Machine Architecture: {u.machine}\n"
                f"Hostname: {u.nodename}\n\n",
            )
        with contextlib.suppress(OSError):
            await libc.close(log)
    if out >= 0:
        with contextlib.suppress(OSError):
            await libc.close(out)
    return 1 if track and failures else 0


@program("/opt/ltp/pan/pan")
async def pan(libc: Libc, argv: list[str]) -> int:
    """Linux: LTP 2008 pan/pan.c (sequential runs, rts report blocks, -l/-p logs)."""
    try:
        return await _pan(libc, argv)
    except OSError as e:
        await libc.err(f"pan: {e.strerror}\n")
        return 1
