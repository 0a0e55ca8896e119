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
from dataclasses import dataclass

from swapsh.syscalls.abi import O_APPEND, O_CREAT, O_TRUNC, O_WRONLY
from swapsh.userland.getopt import GetoptError, getopt_long
from swapsh.userland.libc import WEXITSTATUS, WIFEXITED, WTERMSIG, Libc
from swapsh.userland.offtime import asctime, localtime
from swapsh.userland.registry import program

__all__ = ["ctime", "pan", "read_lines"]

USAGE = (
    "usage: pan [-e] [-S] [-p] [-q] [-a active-file] [-n tagname] -f command-file "
    "[-l logfile] [-o output-file]\n"
)


def ctime(t: int) -> str:
    """ctime() without its newline, in UTC."""
    return asctime(localtime(t)[0])


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


async def _close_quietly(libc: Libc, *fds: int) -> None:
    for fd in fds:
        with contextlib.suppress(OSError):
            await libc.close(fd)


async def _exec_test(c: Libc, panname: str, tag: str, cmd: str) -> tuple[str, int]:
    """The child's exec of a test (through `sh -c` if the command needs a shell).
    Returns only if the exec failed: (pan's message, errno)."""
    if any(ch in cmd for ch in "\"';|<>$\\"):
        arg_v, what, gap = ["sh", "-c", cmd], f"execlp of '{cmd}'", " "
    else:
        arg_v = cmd.split()
        what, gap = f"execvp of '{arg_v[0]}'", "  "  # sic: pan.c has two spaces
    try:
        await c.execvp(arg_v[0], arg_v)
    except OSError as e:
        msg = f"pan({panname}): {what} (tag {tag}) failed.  errno:{e.errno}{gap}{e.strerror}"
        return msg, e.errno or 1
    return "", 0  # a successful exec does not return


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
        await _close_quietly(c, r, er)
        try:
            await c.dup2(w, 1)
            await c.dup2(w, 2)
            await c.close(w)
        except OSError as e:
            return e.errno or 1
        errbuf, err = await _exec_test(c, panname, tag, cmd)
        with contextlib.suppress(OSError):
            await c.write_all(ew, errbuf.encode("utf-8", "surrogateescape"))
        return err

    try:
        pid = await libc.fork(child)
    finally:
        await _close_quietly(libc, w, ew)
    out = errbuf = b""
    try:
        while chunk := await libc.read(r, 8192):
            out += chunk
        while chunk := await libc.read(er, 1024):
            errbuf += chunk
    finally:
        await _close_quietly(libc, r, er)
    while True:
        try:
            _, status = await libc.waitpid(pid, 0)
            return out, status, errbuf.decode("utf-8", "surrogateescape")
        except OSError as e:
            if e.errno != 4:  # EINTR: wait again
                raise


@dataclass(slots=True)
class _Outputs:
    """Where pan writes: the rts report (OUTFILE, -o, else stdout; nothing with -q)
    and the log (-l; the -p "pretty" table or one line per test). fd -1 = not open."""

    libc: Libc
    quiet: bool
    pretty: bool
    out: int = -1
    log: int = -1

    async def report(self, text: str | bytes) -> None:
        """A report block (str, flushed so it stays in order) or a test's output."""
        if self.quiet:
            return
        if self.out >= 0:
            data = text.encode("utf-8", "surrogateescape") if isinstance(text, str) else text
            with contextlib.suppress(OSError):
                await self.libc.write_all(self.out, data)
            return
        await self.libc.out(text)
        if isinstance(text, str):
            await self.libc.flush()

    async def log_startup(self, startup: int) -> None:
        if self.log < 0:
            return
        if not self.pretty:
            await _write(self.libc, self.log, f"startup='{ctime(startup)}'\n")
            return
        await _write(
            self.libc,
            self.log,
            f"Test Start Time: {ctime(startup)}\n"
            "-----------------------------------------\n"
            f"{'Testcase':<30.20s} {'Result':<10.10s} "
            f"{'Exit Value':<10.10s}\n"
            f"{'--------':<30.20s} {'------':<10.10s} "
            f"{'----------':<10.10s}\n",
        )

    async def log_test(self, tag: str, stime: int, dur: int, term: str, term_id: int) -> None:
        if self.log < 0:
            return
        if self.pretty:
            result = "PASS" if term_id == 0 else "FAIL"
            line = f"{tag:<30.30s} {result:<10.10s} {term_id:<5d}\n"
        else:
            line = (
                f"tag={tag} stime={stime} dur={dur} exit={term} stat={term_id} core=no cu=0 cs=0\n"
            )
        await _write(self.libc, self.log, line)

    async def log_totals(self, tests: int, failures: int) -> None:
        if self.log < 0 or not self.pretty:
            return
        u = await self.libc.uname()
        await _write(
            self.libc,
            self.log,
            "\n-----------------------------------------------\n"
            f"Total Tests: {tests}\n"
            f"Total Failures: {failures}\n"
            f"Kernel Version: {u.release}\n"
            f"Machine Architecture: {u.machine}\n"
            f"Hostname: {u.nodename}\n\n",
        )

    async def close(self) -> None:
        for fd in (self.log, self.out):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    await self.libc.close(fd)


def _parse_cmdfile(lines: list[str]) -> list[tuple[str, str]]:
    """The (tag, command) pairs of a command file; blank lines and '#' comments go."""
    tests = []
    for line in lines:
        f = line.split(None, 1)
        if not f or f[0].startswith("#"):
            continue
        tests.append((f[0], f[1].strip() if len(f) > 1 else ""))
    return tests


async def _open_outputs(libc: Libc, o: dict[str, str | None]) -> _Outputs | None:
    """Open the log (-l, appending) and the OUTFILE (-o, truncated); None after
    reporting the one that could not be opened."""
    io = _Outputs(libc, quiet="q" in o, pretty="p" in o)
    logname, outname = o.get("l"), o.get("o")
    try:
        if logname:
            io.log = await libc.open(logname, O_WRONLY | O_CREAT | O_APPEND, 0o666)
        if outname:
            io.out = await libc.open(outname, O_WRONLY | O_CREAT | O_TRUNC, 0o666)
    except OSError as e:
        await libc.err(f"pan: could not open {logname if io.log < 0 else outname}: {e.strerror}\n")
        return None  # as pan.c, exit leaves the log to be closed by the kernel
    return io


async def _run_and_report(libc: Libc, io: _Outputs, panname: str, tag: str, cmd: str) -> int | None:
    """Run one test and write its report block and log line. Returns: its
    termination id (exit status or signal), or None if it never started (reported,
    but neither logged nor counted)."""
    stime = await _now(libc)
    output, status, errbuf = await _run_test(libc, panname, tag, cmd)
    dur = await _now(libc) - stime
    if WIFEXITED(status):
        term, term_id = "exited", WEXITSTATUS(status)
    else:
        term, term_id = "signaled", WTERMSIG(status)
    await io.report(
        f'<<<test_start>>>\ntag={tag} stime={stime}\ncmdline="{cmd}"\n'
        f'contacts=""\nanalysis=exit\ninitiation_status="{errbuf or "ok"}"\n'
        "<<<test_output>>>\n"
    )
    if not errbuf:
        await io.report(output)
    await io.report(
        f"<<<execution_status>>>\nduration={dur} termination_type={term} "
        f"termination_id={term_id} corefile=no\ncutime=0 cstime=0\n"
        "<<<test_end>>>\n"
    )
    if errbuf:
        return None
    await io.log_test(tag, stime, dur, term, term_id)
    return term_id


async def _pan(libc: Libc, argv: list[str]) -> int:
    try:
        opts, args = getopt_long(argv, "+ea:Sn:pqf:l:o:")
    except GetoptError as e:
        await libc.err(f"pan: {e.message}\n{USAGE}")
        return 1
    o = dict(opts)
    cmdfile = o.get("f")
    panname = o.get("n") or "pan"  # runltp passes its pid
    if args or not cmdfile:
        await libc.err(USAGE)
        return 1
    try:
        tests = _parse_cmdfile(await read_lines(libc, cmdfile))
    except OSError as e:
        await libc.err(f"pan: could not open command file {cmdfile}: {e.strerror}\n")
        return 1
    io = await _open_outputs(libc, o)
    if io is None:
        return 1
    await io.log_startup(await _now(libc))
    failures = 0
    for tag, cmd in tests:
        if await _run_and_report(libc, io, panname, tag, cmd):
            failures += 1
    await io.log_totals(len(tests), failures)
    await io.close()
    return 1 if "e" in o and failures else 0


@program("/opt/ltp/pan/pan")
async def pan(libc: Libc, argv: list[str]) -> int:
    """Linux: LTP 2008 pan/pan.c (sequential runs, rts report blocks, -l/-p logs)."""
    try:
        return await _pan(libc, argv)
    except OSError as e:
        await libc.err(f"pan: {e.strerror}\n")
        return 1
