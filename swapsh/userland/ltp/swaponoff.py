"""LTP 2008's swap tests (testcases/kernel/syscalls/swapon, swapoff @ 708907185a6c):
swapon01, swapon02, swapon03, swapoff01, swapoff02.

Each follows its 2008 source, checked line by line against that commit: root check,
tst_tmpdir(), swap files made with system("dd ... > tmpfile 2>&1") and
system("mkswap ... > tmpfile 2>&1") (the command strings as the C spells them, double
spaces and all), the calls through the real swapon(2)/swapoff(2) (errno from the
OSError), cleanup with tst_rmdir(). Every verdict comes from what the kernel returns.

Not modelled (swapsh has no statfs(2)): the tmpfs/nfs TCONF checks and the
tst_cwd_has_free(65536) of swapon01/swapoff01/swapoff02; the machine's filesystems are
ext3 (tmpfiles on / and /tmp), where those checks pass, so the tests behave as they
would there. Nor are parse_opts() (argv is ignored: one iteration, as with no
options), tst_sig()'s handlers, TEST_PAUSE or the -e errno log modelled.
getpagesize() is the x86_64 4096; swapon02/03 still pick their dd sizes from uname's
machine as the C does.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Sequence

from swapsh.userland.errlist import strerror
from swapsh.userland.libc import Libc
from swapsh.userland.ltp.tst_res import (
    TBROK,
    TFAIL,
    TPASS,
    TWARN,
    Tst,
    TstExit,
    run,
    system,
)
from swapsh.userland.registry import program

__all__ = ["swapoff01", "swapoff02", "swapon01", "swapon02", "swapon03"]

BIN = "/opt/ltp/testcases/bin/"
ENOENT, EPERM, EBUSY, EINVAL = 2, 1, 16, 22
O_RDONLY = 0
S_IRWXU = 0o700
PAGESIZE = 4096  # getpagesize() on x86_64
REBOOT = "System reboot after execution of LTP test suite is recommended."

Step = Callable[[], Awaitable[bool]]  # a case's setup or cleanup; False is the C's -1


async def _swapon(libc: Libc, path: str) -> int:
    """TEST(swapon(path, 0)): 0, or the errno (TEST clears errno first)."""
    try:
        await libc.swapon(path, 0)
    except OSError as e:
        return e.errno or 0
    return 0


async def _swapoff(libc: Libc, path: str) -> int:
    try:
        await libc.swapoff(path)
    except OSError as e:
        return e.errno or 0
    return 0


async def _seteuid(libc: Libc, uid: int) -> int:
    """glibc's seteuid(): setresuid(-1, uid, -1); 0, or the errno (for perror)."""
    try:
        await libc.setresuid(-1, uid, -1)
    except OSError as e:
        return e.errno or 0
    return 0


async def _common_setup(t: Tst) -> None:
    """The 2008 setup()s' shared start: root check (tst_brkm with tst_exit, so no
    tmpdir to remove yet), then tst_tmpdir()."""
    if await t.geteuid() != 0:
        await t.tst_brkm(TBROK, t.exit_cleanup, "Test must be run as root")
    await t.tst_tmpdir()


async def _make_swapfile(
    t: Tst, cleanup: Callable[[], Awaitable[None]], dd_cmd: str, mkswap_cmd: str
) -> None:
    """The setup()s' "create file" and "make above file a swap file" steps."""
    if await system(t.libc, dd_cmd) != 0:
        await t.tst_brkm(TBROK, cleanup, "Failed to create file for swap")
    if await system(t.libc, mkswap_cmd) != 0:
        await t.tst_brkm(TBROK, cleanup, "Failed to make swapfile")


async def _setup_nobody(t: Tst) -> bool:
    """swapon02/swapoff02 setup01()'s user switch: euid to "nobody"; False is -1."""
    nobody = await t.getpwnam_uid("nobody")
    if nobody is None:
        await t.tst_resm(TWARN, '"nobody" user not present. skipping test')
        return False
    err = await _seteuid(t.libc, nobody)
    if err:
        # "to to": the 2008 format string's own doubling
        await t.tst_resm(TWARN, f"seteuid failed to to set the effective uid to {nobody}")
        await t.libc.err(f"seteuid: {strerror(err)}\n")  # perror("seteuid")
        return False
    return True


def _cleanup01(t: Tst, cleanup: Callable[[], Awaitable[None]]) -> Step:
    """cleanup01(): back to euid root, or tst_brkm (so it never returns -1)."""

    async def cleanup01() -> bool:
        if await _seteuid(t.libc, 0):
            await t.tst_brkm(TBROK, cleanup, "seteuid failed to set uid to root")
        return True

    return cleanup01


async def _creat_nofile(t: Tst) -> int:
    """setup02(): creat("nofile", S_IRWXU); a failure is only warned about (the
    setup still returns 0). The fd, or -1."""
    try:
        return await t.libc.creat("nofile", S_IRWXU)
    except OSError:
        await t.tst_resm(TWARN, "Failed to create temporary file")
        return -1


ErrnoCase = tuple[str, int, str, str, Step | None, Step | None]


async def _expect_errnos(
    t: Tst,
    call_name: str,
    call: Callable[[str], Awaitable[int]],
    cases: Sequence[ErrnoCase],
    fail_msg: Callable[[int, str, int], str],
    cleanup: Callable[[], Awaitable[None]],
    cleanup_failed: str,
    on_success: Callable[[int, str], Awaitable[None]],
) -> None:
    """The error-case loop swapon02 and swapoff02 share: per case (path, expected errno,
    its name as printed, description, setup, cleanup) set up, call, clean up, and
    report PASS or FAIL; on_success(i, path) runs when a call that had to fail
    succeeded. The skip warning numbers cases from 0, as the C's loop index does."""
    for i, (path, exp, exp_val, desc, setup, clean) in enumerate(cases):
        if setup is not None and not await setup():
            await t.tst_resm(TWARN, f"Failed to setup test {i}. Skipping test")
            continue
        err = await call(path)
        if clean is not None and not await clean():
            await t.tst_brkm(TBROK, cleanup, cleanup_failed)
        if err == exp:
            await t.tst_resm(
                TPASS, f"{call_name}(2) expected failure; Got errno - {exp_val} : {desc}"
            )
        else:
            await t.tst_resm(TFAIL, fail_msg(exp, exp_val, err))
            if err == 0:
                await on_success(i, path)


def _cleanup(t: Tst) -> Callable[[], Awaitable[None]]:
    """cleanup(): tst_rmdir(), then tst_exit()."""

    async def cleanup() -> None:
        await t.tst_rmdir()
        t.tst_exit()

    return cleanup


# -- swapon01 ------------------------------------------------------------------------------
@program(BIN + "swapon01")
async def swapon01(libc: Libc, argv: list[str]) -> int:
    async def body(t: Tst) -> None:
        cleanup = _cleanup(t)
        await _common_setup(t)
        await _make_swapfile(
            t,
            cleanup,
            "dd if=/dev/zero of=swapfile01 bs=1024  count=65536 > tmpfile 2>&1",
            "mkswap swapfile01 > tmpfile 2>&1",
        )
        if await _swapon(libc, "./swapfile01") != 0:
            await t.tst_resm(TFAIL, "swapon(2) Failed to turn on swapfile.")
        else:
            await t.tst_resm(TPASS, "swapon(2) passed and turned on swapfile")
            if await _swapoff(libc, "./swapfile01") != 0:
                await t.tst_brkm(
                    TBROK,
                    cleanup,
                    "Failed to turn off swapfile. system "
                    "reboot after execution of LTP test suite is recommended.",
                )
        await cleanup()

    return await run(libc, Tst(libc, "swapon01", 1), body)


# -- swapon02 ------------------------------------------------------------------------------
def _dd_size(kmachine: str, ia64: tuple[int, int]) -> tuple[int, int]:
    """swapon02/03's dd bs and count: their own ia64 size, 1048 x 655 with 64 KiB
    pages, else 1048 x 40 (a 41920-byte file)."""
    if kmachine.startswith("ia64"):
        return ia64
    return (1048, 655) if PAGESIZE == 65536 else (1048, 40)


@program(BIN + "swapon02")
async def swapon02(libc: Libc, argv: list[str]) -> int:
    async def body(t: Tst) -> None:
        cleanup = _cleanup(t)
        kmachine = (await libc.uname()).machine  # main() reads it before setup()
        bs, count = _dd_size(kmachine, (1024, 65536))
        await _common_setup(t)

        async def make(name: str) -> None:
            await _make_swapfile(
                t,
                cleanup,
                f"dd if=/dev/zero of={name} bs={bs}  count={count} > tmpfile 2>&1",
                f"mkswap {name} > tmpfile 2>&1",
            )

        async def setup01() -> bool:  # a good swap file, tried as nobody
            await make("swapfile01")
            return await _setup_nobody(t)

        async def setup02() -> bool:  # an empty file: not a swap area
            fd = await _creat_nofile(t)
            if fd >= 0:
                await libc.close(fd)
            return True

        async def setup03() -> bool:  # a swap file already in use
            await make("alreadyused")
            if await _swapon(libc, "alreadyused") != 0:
                await t.tst_resm(TWARN, "Failed swapon for file alreadyused returned -1")
                return False
            return True

        async def cleanup03() -> bool:
            if await _swapoff(libc, "alreadyused") != 0:
                await t.tst_resm(
                    TWARN,
                    "Failed to turn off swap files. system reboot after "
                    "execution of LTP test suite is recommended",
                )
                return False
            return True

        cases = [
            ("./abcd", ENOENT, "ENOENT", "Path does not exist", None, None),
            ("./nofile", EINVAL, "EINVAL", "Invalid path", setup02, None),
            ("./swapfile01", EPERM, "EPERM", "Permission denied", setup01, _cleanup01(t, cleanup)),
            (
                "./alreadyused",
                EBUSY,
                "EBUSY",
                "The specified path is already being used as a swap area",
                setup03,
                cleanup03,
            ),
        ]

        async def turn_off_again(i: int, path: str) -> None:
            if await _swapoff(libc, path) != 0:
                await t.tst_resm(TWARN, f"Failed to turn off swapfile swapfile. {REBOOT}")

        # the FAIL text's two spaces: ". " and " System" joined in the C
        await _expect_errnos(
            t,
            "swapon",
            lambda path: _swapon(libc, path),
            cases,
            lambda exp, exp_val, err: (
                f"swapon(2) failed to produce expected error: {exp}, "
                f"errno: {exp_val} and got {err}.  {REBOOT}"
            ),
            cleanup,
            "Cleanup failed, quitting the test",
            turn_off_again,
        )
        await cleanup()

    return await run(libc, Tst(libc, "swapon02", 4), body)


# -- swapon03 ------------------------------------------------------------------------------
TEST_MAX_SWAPFILES = 30  # the test's own guess; it tries 32 when 30 is not the limit
TESTFILES = ("firstswapfile", "secondswapfile", "thirdswapfile")
BUFSZ = 1023


async def _create_swapfile(t: Tst, name: str, bs: int, count: int) -> int:
    """create_swapfile(): dd then mkswap; 0, or -1 after a warning."""
    if await system(t.libc, f"dd if=/dev/zero of={name} bs={bs} count={count} > tmpfile 2>&1") != 0:
        await t.tst_resm(TWARN, "dd command failed to create file")
        return -1
    if await system(t.libc, f"mkswap {name} > tmpfile 2>&1") != 0:
        await t.tst_resm(TWARN, f"failed to make swap file {name}")
        return -1
    return 0


async def _count_swaps(libc: Libc) -> int | None:
    """Newlines of /proc/swaps, read BUFSZ at a time until a short read (as the C
    loop does), less the header; None when open or read fails."""
    try:
        fd = await libc.open("/proc/swaps", O_RDONLY)
    except OSError:
        return None
    lines = 0
    try:
        while True:
            chunk = await libc.read(fd, BUFSZ)
            lines += chunk.count(b"\n")
            if len(chunk) < BUFSZ:
                break
    except OSError:
        return None  # the C exits without closing
    await libc.close(fd)
    return lines - 1 if lines else 0


def _helper_name(j: int) -> str:
    return f"swapfile{j + 2:02d}"


async def _check_and_swapoff(t: Tst, name: str) -> int:
    """check_and_swapoff(): swapoff the file if grep finds it in /proc/swaps."""
    if (
        await system(t.libc, f"grep -q '{name}.*file' /proc/swaps") == 0
        and await _swapoff(t.libc, name) != 0
    ):
        await t.tst_resm(
            TWARN,
            "Failed to turn off swap file. system reboot after "
            "execution of LTP test suite is recommended",
        )
        return -1
    return 0


async def _clean_swap(t: Tst, swapfiles: int) -> int:
    """clean_swap(): swapoff the helper files and the three test files."""
    for name in [_helper_name(j) for j in range(swapfiles)] + list(TESTFILES):
        if await _check_and_swapoff(t, name) != 0:
            await t.tst_resm(TWARN, f"Failed to turn off swap file {name}.")
            return -1
    return 0


async def _swapon_helpers(c: Libc, t: Tst, swapfiles: int, bs: int, count: int) -> int:
    """setup_swap()'s child: make and swapon swapfile02.. until swapfiles are on."""
    ct = Tst(c, t.TCID, t.TST_TOTAL)  # the forked copy of the lib's state
    ct.Tst_count, ct.T_exitval, ct.TESTDIR = t.Tst_count, t.T_exitval, t.TESTDIR

    async def child(ct: Tst) -> None:
        for j in range(swapfiles):
            name = _helper_name(j)
            if await _create_swapfile(ct, name, bs, count) < 0:
                await ct.tst_resm(TWARN, "Failed to create swapfile for the test")
                raise TstExit(1)
            if await _swapon(c, name) != 0:
                await ct.tst_resm(TWARN, f"Failed swapon for file {name} returned -1")
                await _clean_swap(ct, swapfiles)
                raise TstExit(1)
        ct.tst_exit()

    return await run(c, ct, child)


async def _setup_swap(t: Tst, bs: int, count: int) -> int:
    """setup_swap(): turn on swap files (in a child) until 30 are on, then make the
    three test files. Every failure here warns and exit(1)s: no cleanup, the tmpdir
    stays. Returns: how many helper files it meant to turn on."""
    libc = t.libc
    used = await _count_swaps(libc)
    if used is None:
        await t.tst_resm(TWARN, "Failed to find out existing number of swap files")
        raise TstExit(1)
    swapfiles = min(TEST_MAX_SWAPFILES - used, TEST_MAX_SWAPFILES)
    try:
        pid = await libc.fork(lambda c: _swapon_helpers(c, t, swapfiles, bs, count))
    except OSError:
        pid = -1  # 2008 goes on: its waitpid(-1) has no child to reap
    if pid > 0:
        with contextlib.suppress(OSError):  # the helper's status is not looked at
            await libc.waitpid(pid, 0)
    for name in TESTFILES:
        if await _create_swapfile(t, name, bs, count) < 0:
            await t.tst_resm(TWARN, "Failed to create swapfiles for the test")
            raise TstExit(1)
    return swapfiles


async def _swapon_beyond_30(t: Tst) -> None:
    """The 31st swapon succeeded, so MAX_SWAPFILES is more than 30: the 32nd must
    succeed too and the 33rd get EPERM."""
    err = await _swapon(t.libc, TESTFILES[1])
    if err != 0:
        await t.tst_resm(
            TFAIL,
            f"swapon(2) got an unexpected failure; Got errno = {err} : {strerror(err)}",
        )
        return
    err = await _swapon(t.libc, TESTFILES[2])
    if err == EPERM:
        await t.tst_resm(
            TPASS,
            f"swapon(2) got expected failure; Got errno - "
            f"{EPERM}, probably your MAX_SWAPFILES is 32",
        )
    else:
        await t.tst_resm(
            TFAIL,
            f"swapon(2) failed to produce expected error: {EPERM}, got {strerror(err)}. {REBOOT}",
        )


@program(BIN + "swapon03")
async def swapon03(libc: Libc, argv: list[str]) -> int:
    async def body(t: Tst) -> None:
        cleanup = _cleanup(t)
        kmachine = (await libc.uname()).machine
        bs, count = _dd_size(kmachine, (1024, 1024))
        await _common_setup(t)
        swapfiles = await _setup_swap(t, bs, count)  # it exits itself on failure
        err = await _swapon(libc, TESTFILES[0])
        if err == EPERM:
            await t.tst_resm(
                TPASS,
                f"swapon(2) got expected failure; Got errno - {EPERM}, "
                "probably your MAX_SWAPFILES is 30",
            )
        elif err != 0:
            await t.tst_resm(
                TFAIL,
                f"swapon(2) failed to produce expected error: {EPERM}, "
                f"got {err} ({strerror(err)}). {REBOOT}",
            )
        else:
            await _swapon_beyond_30(t)
        if await _clean_swap(t, swapfiles) < 0:
            await t.tst_brkm(TBROK, cleanup, "Cleanup failed, quitting the test")
        await cleanup()

    return await run(libc, Tst(libc, "swapon03", 1), body)


# -- swapoff01 -----------------------------------------------------------------------------
@program(BIN + "swapoff01")
async def swapoff01(libc: Libc, argv: list[str]) -> int:
    async def body(t: Tst) -> None:
        cleanup = _cleanup(t)
        await _common_setup(t)
        await _make_swapfile(  # this one's dd string ends in a space
            t,
            cleanup,
            "dd if=/dev/zero of=swapfile01 bs=1024  count=65536 > tmpfile 2>&1 ",
            "mkswap swapfile01 > tmpfile 2>&1",
        )
        if await _swapon(libc, "./swapfile01") != 0:
            await t.tst_resm(TWARN, "Failed to turn on the swap file, skipping test iteration")
        elif await _swapoff(libc, "./swapfile01") != 0:
            await t.tst_resm(TFAIL, f"swapoff(2) Failed to turn off swapfile. {REBOOT}")
            await t.tst_resm(TWARN, "It is recommended not to run swapon01 and swapon02")
        else:
            await t.tst_resm(TPASS, "swapoff(2) passed and turned off swapfile.")
        await cleanup()

    return await run(libc, Tst(libc, "swapoff01", 1), body)


# -- swapoff02 -----------------------------------------------------------------------------
@program(BIN + "swapoff02")
async def swapoff02(libc: Libc, argv: list[str]) -> int:
    need_swapfile_cleanup = False  # set once setup() has the swap file on

    async def body(t: Tst) -> None:
        async def cleanup() -> None:
            """cleanup(): swapoff the setup's file if it was turned on, tst_rmdir(),
            tst_exit()."""
            if need_swapfile_cleanup and await _swapoff(libc, "./swapfile01") != 0:
                await t.tst_resm(TWARN, f" Failed to turn off swap file. {REBOOT}")
            await t.tst_rmdir()
            t.tst_exit()

        nonlocal need_swapfile_cleanup
        await _common_setup(t)
        await _make_swapfile(
            t,
            cleanup,
            "dd if=/dev/zero of=swapfile01 bs=1024  count=65536 > tmpfile 2>&1",
            "mkswap ./swapfile01 > tmpfile 2>&1",
        )
        if await _swapon(libc, "./swapfile01") != 0:
            await t.tst_brkm(
                TBROK, cleanup, "Failed to turn on the swap file. skipping  the test iteration"
            )
        need_swapfile_cleanup = True

        async def setup01() -> bool:
            return await _setup_nobody(t)

        async def setup02() -> bool:
            await _creat_nofile(t)  # this one never closes the fd
            return True

        cases = [
            ("./abcd", ENOENT, "ENOENT", "path does not exist", None, None),
            ("./nofile", EINVAL, "EINVAL ", "Invalid path", setup02, None),
            ("./swapfile01", EPERM, "EPERM ", "Permission denied", setup01, _cleanup01(t, cleanup)),
        ]

        async def turn_on_again(i: int, path: str) -> None:
            # only the EPERM case's file is put back on (the setup's swap area)
            if i == 2 and await _swapon(libc, "./swapfile01") != 0:
                await t.tst_brkm(TBROK, cleanup, " Failed to turn on swap file")

        await _expect_errnos(
            t,
            "swapoff",
            lambda path: _swapoff(libc, path),
            cases,
            lambda exp, exp_val, err: (
                f"swapoff(2) failed to produce expected error; {exp}, "
                f"errno: {exp_val} and got {err}"
            ),
            cleanup,
            "cleanup failed, quitting the test",
            turn_on_again,
        )
        await cleanup()

    return await run(libc, Tst(libc, "swapoff02", 3), body)
