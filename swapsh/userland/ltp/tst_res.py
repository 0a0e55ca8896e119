"""A model of LTP 2008's lib/ (tst_res.c, tst_tmpdir.c, system()).

Output: `"%-8s %4d  %s  :  %s\\n"` (TCID, tnum, type, message) on stdout, flushed at
once, with the 2008 type strings PASS FAIL BROK WARN INFO CONF RETR. INFO and WARN
lines carry tnum 0; the others carry Tst_count + 1 and advance it. The exit status is
the OR of every result type reported, masked with ~(TRETR|TINFO|TCONF).

tst_brkm() prints its message if cases remain and one "Remaining cases ..." line for
each case left, then runs the cleanup and tst_exit(): here TstExit, which `run()`
turns into the exit status. Given no cleanup it returns, as 2008's tst_brk does.
tst_rmdir() removes the directory with rmobj() (no rm process).

Not modelled: TOUTPUT (always VERBOSE).
"""

from __future__ import annotations

import contextlib
import re
import stat
from collections.abc import Awaitable, Callable

from swapsh.userland.getopt import GetoptError, getopt_long
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
TYPE_NAMES = {
    TPASS: "PASS",
    TFAIL: "FAIL",
    TBROK: "BROK",
    TWARN: "WARN",
    TRETR: "RETR",
    TINFO: "INFO",
    TCONF: "CONF",
}
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

    async def tst_brkm(
        self, ttype: int, cleanup: Callable[[], Awaitable[None]] | None, msg: str
    ) -> None:
        """tst_brkm() -> tst_brk(): report msg if cases remain, break the remaining
        cases, then run cleanup and tst_exit(). With no cleanup it returns to the
        caller, as 2008's does (callers that must stop pass tst_exit)."""
        ttype &= TTYPE_MASK
        if ttype not in (TFAIL, TBROK, TCONF, TRETR):
            await self.tst_resm(TWARN, f"tst_brk(): Invalid Type: {ttype}.  Using TBROK")
            ttype = TBROK
        if self.Tst_count < self.TST_TOTAL:
            await self.tst_resm(ttype, msg)
        rest = {
            TCONF: (TCONF, "Remaining cases not appropriate for configuration"),
            TRETR: (TRETR, "Remaining cases retired"),
        }.get(ttype, (TBROK, "Remaining cases broken"))
        while self.Tst_count < self.TST_TOTAL:
            await self.tst_resm(*rest)
        if cleanup is not None:
            await cleanup()
            self.tst_exit()

    async def exit_cleanup(self) -> None:
        """tst_exit passed as a cleanup function."""
        self.tst_exit()

    async def _tmpdir_cleanup(self) -> None:
        """tmpdir_cleanup(): what tst_tmpdir() runs when it cannot go on."""
        await self.tst_resm(TWARN, "tst_tmpdir(): No user cleanup function called before exiting")
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
                # glibc leaves its last try in the template
                await self.tst_brkm(
                    TBROK,
                    self._tmpdir_cleanup,
                    f"tst_tmpdir(): mkdtemp({path}) failed; errno = {e.errno}: {e.strerror}",
                )
            break
        else:
            await self.tst_brkm(
                TBROK,
                self._tmpdir_cleanup,
                f"tst_tmpdir(): mkdtemp({path}) failed; errno = {EEXIST}: File exists",
            )
        self.TESTDIR = path
        try:
            await self.libc.chmod(path, 0o777)
        except OSError as e:
            await self.tst_brkm(
                TBROK,
                self._tmpdir_cleanup,
                f"tst_tmpdir(): chmod({path},777) failed; errno {e.errno}: {e.strerror}",
            )
        try:
            await self.libc.chdir(path)
        except OSError as e:
            await self.tst_brkm(
                TBROK, None, f"tst_tmpdir(): chdir({path}) failed; errno = {e.errno}: {e.strerror}"
            )
            try:
                await self.libc.rmdir(path)
            except OSError as e2:
                await self.tst_resm(
                    TWARN, f"tst_tmpdir(): rmdir({path}) failed; errno = {e2.errno}: {e2.strerror}"
                )
            await self._tmpdir_cleanup()

    async def tst_rmdir(self) -> None:
        """chdir() to TESTDIR's parent, then rmobj(TESTDIR): the tree is removed by
        the test itself (lstat, readdir, unlink, rmdir), no process is started."""
        if self.TESTDIR is None:
            await self.tst_resm(TWARN, "tst_rmdir(): TESTDIR was NULL; no removal attempted")
            return
        parent = self.TESTDIR.rsplit("/", 1)[0] or "/"
        try:
            await self.libc.chdir(parent)
        except OSError as e:
            await self.tst_resm(
                TWARN,
                f"tst_rmdir(): chdir({parent}) failed; errno = "
                f"{e.errno}: {e.strerror}\nAttempting to remove temp "
                "dir anyway",
            )
        errmsg = await rmobj(self.libc, self.TESTDIR)
        if errmsg is not None:
            await self.tst_resm(TWARN, f"tst_rmdir(): rmobj({self.TESTDIR}) failed: {errmsg}")
        self.TESTDIR = None

    # -- small helpers the tests use ---------------------------------------------------------
    async def geteuid(self) -> int:
        return (await self.libc.getresuid())[1]

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


STD_OPTIONS = (
    ("c:", "  -c n    Run n copies concurrently\n"),
    ("e", "  -e      Turn on errno logging\n"),
    ("f", "  -f      Turn off functional testing\n"),
    ("h", "  -h      Show this help screen\n"),
    ("i:", "  -i n    Execute test n times\n"),
    ("I:", "  -I x    Execute test for x seconds\n"),
    ("p", "  -p      Pause for SIGUSR1 before starting\n"),
    ("P:", "  -P x    Pause for x seconds between iterations\n"),
    ("t", "  -t      Turn on syscall timing\n"),
)
MODELLED_STD = "hi"  # the standard options swapsh carries out


async def parse_opts(
    libc: Libc, argv: list[str], user: str = "", user_help: str = ""
) -> tuple[str | None, dict[str, str | None]]:
    """lib/parse_opts.c: getopt over the standard options plus the test's own.

    Returns: (None, {option: argument}) or (error message, {}). -i n sets the loop
    count (0: forever); -h prints the help and exits 0 (raises TstExit). The
    other standard options (copies, timing, pauses, errno logging) are not
    modelled: the message says so, and the test reports it as OPTION PARSING ERROR.
    """
    optstring = "".join(o for o, _ in STD_OPTIONS)
    for i, c in enumerate(user):
        if c != ":" and c not in optstring:
            optstring += c + (":" if user[i + 1 : i + 2] == ":" else "")
    try:
        opts, _args = getopt_long(argv, optstring)
    except GetoptError as e:
        await libc.err(f"{libc.progname}: {e.message}\n")
        return "Unknown option", {}
    out: dict[str, str | None] = {}
    for o, v in opts:
        if o == "h":
            await libc.out("".join(h for _, h in STD_OPTIONS) + user_help)
            await libc.flush()
            raise TstExit(0)  # exit(0)
        if o not in user and o not in MODELLED_STD:
            return f"option -{o} of parse_opts is not modelled by swapsh", {}
        out[o] = v
    return None, out


def loop_count(opts: dict[str, str | None]) -> int | None:
    """STD_LOOP_COUNT from -i (atoi): None means loop forever (-i 0)."""
    n = _atoi(opts.get("i") or "1")
    return None if n == 0 else n


def _atoi(text: str) -> int:
    """atoi(): leading blanks, a sign and the digits that follow; 0 if none."""
    m = re.match(r"\s*([+-]?\d+)", text)
    return int(m.group(1)) if m else 0


async def rmobj(libc: Libc, obj: str) -> str | None:
    """lib/rmobj.c: remove obj, recursively if a directory.
    Returns: None, or the message of the last failure."""
    try:
        st = await libc.lstat(obj)
    except OSError as e:
        return f"lstat({obj}) failed; errno={e.errno}: {e.strerror}"
    if stat.S_ISDIR(st.st_mode):
        if obj == "/":
            return "Cannot remove /"
        try:
            ents = await libc.listdir(obj)
        except OSError:
            ents = []
        failed: str | None = None
        for ent in ents:
            if ent.d_name not in (".", ".."):
                failed = await rmobj(libc, f"{obj}/{ent.d_name}") or failed
        if failed is not None:
            return failed
        try:
            await libc.rmdir(obj)  # remove() on a directory
        except OSError as e:
            return f"remove({obj}) failed; errno={e.errno}: {e.strerror}"
        return None
    try:
        await libc.unlink(obj)
    except OSError as e:
        return f"unlink({obj}) failed; errno={e.errno}: {e.strerror}"
    return None


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
