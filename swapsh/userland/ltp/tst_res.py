"""A model of LTP 2008's lib/ (tst_res.c, tst_tmpdir.c, system()).

Output: `"%-8s %4d  %s  :  %s\\n"` (TCID, tnum, type, message) on stdout, flushed at
once, with the 2008 type strings PASS FAIL BROK WARN INFO CONF RETR. INFO and WARN
lines carry tnum 0; the others carry Tst_count + 1 and advance it. The exit status is
the OR of every result type reported, masked with ~(TRETR|TINFO|TCONF).

tst_brkm() prints its message for the current case and one "Remaining cases ..." line
for each case left, runs the cleanup (which ends in tst_exit) and so never returns:
here it raises TstExit, which `run()` turns into the exit status.

Not modelled: TOUTPUT (always VERBOSE), the -i/-c/-e option parser (one iteration).
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable

from swapsh.userland.libc import Libc

__all__ = [
    "TBROK",
    "TCONF",
    "TFAIL",
    "TINFO",
    "TPASS",
    "TRETR",
    "TWARN",
    "Tst",
    "TstExit",
    "run",
]

TPASS, TFAIL, TBROK, TWARN, TRETR, TINFO, TCONF = 0, 1, 2, 4, 8, 16, 32
TTYPE_MASK = 0o77
TYPE_NAMES = {TPASS: "PASS", TFAIL: "FAIL", TBROK: "BROK", TWARN: "WARN", TRETR: "RETR",
              TINFO: "INFO", TCONF: "CONF"}
O_RDONLY = 0
EEXIST = 17
_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


class TstExit(BaseException):
    """tst_exit(): unwinds the test to run(), which returns the status."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class Tst:
    """One test program's lib state: TCID, TST_TOTAL, Tst_count, T_exitval, TESTDIR."""

    def __init__(self, libc: Libc, tcid: str, total: int) -> None:
        self.libc, self.TCID, self.TST_TOTAL = libc, tcid, total
        self.Tst_count = 0
        self.T_exitval = 0
        self.TESTDIR: str | None = None

    # -- tst_res.c ------------------------------------------------------------------------
    async def tst_resm(self, ttype: int, msg: str) -> None:
        """tst_resm(): one result line; the type joins the exit status."""
        ttype &= TTYPE_MASK
        self.T_exitval |= ttype
        if ttype in (TINFO, TWARN):
            tnum = 0
        else:
            self.Tst_count += 1
            tnum = self.Tst_count
        await self.libc.out(f"{self.TCID:<8s} {tnum:4d}  {TYPE_NAMES[ttype]}  :  {msg}\n")
        await self.libc.flush()

    async def tst_brkm(self, ttype: int, cleanup: Callable[[], Awaitable[None]] | None,
                       msg: str) -> None:
        """tst_brkm(): report msg, break the remaining cases, clean up, exit."""
        ttype &= TTYPE_MASK
        if ttype not in (TFAIL, TBROK, TCONF, TRETR):  # only these are allowed
            ttype = TBROK
        await self.tst_resm(ttype, msg)
        rest = {TCONF: (TCONF, "Remaining cases not appropriate for configuration"),
                TRETR: (TRETR, "Remaining cases retired")}.get(
                    ttype, (TBROK, "Remaining cases broken"))
        while self.Tst_count < self.TST_TOTAL:
            await self.tst_resm(*rest)
        if cleanup is not None:
            await cleanup()
        self.tst_exit()

    def tst_exit(self) -> None:
        raise TstExit(self.T_exitval & ~(TRETR | TINFO | TCONF))

    # -- tst_tmpdir.c -----------------------------------------------------------------------
    async def tst_tmpdir(self) -> None:
        """mkdtemp("$TMPDIR/<TCID:3>XXXXXX") (or /tmp), chmod 0777, chdir into it."""
        base = self.libc.getenv("TMPDIR") or "/tmp"
        prefix = f"{base}/{self.TCID[:3]}"
        pid = await self.libc.getpid()
        for _ in range(100):
            path = prefix + await _suffix(self.libc, pid)
            try:
                await self.libc.mkdir(path, 0o700)
            except OSError as e:
                if e.errno == EEXIST:
                    continue
                await self.tst_brkm(TBROK, None, f"tst_tmpdir: mkdtemp({prefix}XXXXXX) failed; "
                                                 f"errno = {e.errno}: {e.strerror}")
            break
        else:
            await self.tst_brkm(TBROK, None, f"tst_tmpdir: mkdtemp({prefix}XXXXXX) failed; "
                                             f"errno = {EEXIST}: File exists")
        self.TESTDIR = path
        try:
            await self.libc.chmod(path, 0o777)
            await self.libc.chdir(path)
        except OSError as e:
            await self.tst_brkm(TBROK, None, f"tst_tmpdir: chdir({path}) failed; "
                                             f"errno = {e.errno}: {e.strerror}")

    async def tst_rmdir(self) -> None:
        """chdir("/tmp") out of TESTDIR, then system("rm -rf TESTDIR")."""
        if self.TESTDIR is None:
            return
        with contextlib.suppress(OSError):
            await self.libc.chdir("/tmp")
        if await system(self.libc, f"rm -rf {self.TESTDIR}") != 0:
            await self.tst_resm(TWARN, f"tst_rmdir(): system(rm -rf {self.TESTDIR}) failed")
        self.TESTDIR = None

    # -- small helpers the tests use ---------------------------------------------------------
    async def geteuid(self) -> int:
        return (await self.libc.getresuid())[1]

    async def seteuid(self, uid: int) -> bool:
        """glibc's seteuid(): setresuid(-1, uid, -1); False on failure."""
        try:
            await self.libc.setresuid(-1, uid, -1)
        except OSError:
            return False
        return True

    async def getpwnam_uid(self, name: str) -> int | None:
        """getpwnam(name)->pw_uid from /etc/passwd."""
        try:
            fd = await self.libc.open("/etc/passwd", O_RDONLY)
        except OSError:
            return None
        data = b""
        try:
            while chunk := await self.libc.read(fd, 4096):
                data += chunk
        except OSError:
            return None
        finally:
            with contextlib.suppress(OSError):
                await self.libc.close(fd)
        for line in data.decode("utf-8", "replace").splitlines():
            f = line.split(":")
            if len(f) >= 3 and f[0] == name and f[2].isdigit():
                return int(f[2])
        return None


async def _suffix(libc: Libc, pid: int) -> str:
    """Six letters as glibc's __gen_tempname makes them: random bits (the machine's
    /dev/urandom, never the host's) mixed with the pid."""
    raw = b""
    with contextlib.suppress(OSError):
        fd = await libc.open("/dev/urandom", O_RDONLY)
        try:
            raw = await libc.read(fd, 8)
        finally:
            await libc.close(fd)
    v = int.from_bytes(raw.ljust(8, b"\0"), "little") ^ pid
    out = []
    for _ in range(6):
        v, r = divmod(v, len(_LETTERS))
        out.append(_LETTERS[r])
    return "".join(out)


async def system(libc: Libc, cmd: str) -> int:
    """system(cmd): fork, exec /bin/sh -c cmd, wait; the wait status (-1 if fork
    fails, 127 << 8 if the shell cannot be run)."""

    async def child(c: Libc) -> int:
        with contextlib.suppress(OSError):  # exec failed: _exit(127)
            await c.execve("/bin/sh", ["sh", "-c", cmd], dict(c.environ))
        return 127

    try:
        pid = await libc.fork(child)
    except OSError:
        return -1
    while True:
        try:
            _, status = await libc.waitpid(pid, 0)
            return status
        except OSError as e:
            if e.errno != 4:  # EINTR: wait again
                return -1


async def run(libc: Libc, tst: Tst, body: Callable[[Tst], Awaitable[None]]) -> int:
    """main(): run the test body; tst_exit()/tst_brkm() end it with the status."""
    try:
        await body(tst)
        tst.tst_exit()
    except TstExit as e:
        return e.status
    return tst.T_exitval & ~(TRETR | TINFO | TCONF)
