"""LTP 2008's swap tests (testcases/kernel/syscalls/swapon, swapoff @ 708907185a6c):
swapon01, swapon02, swapon03, swapoff01, swapoff02.

Each follows its 2008 source: root check, tst_tmpdir(), swap files made with
system("dd ... > tmpfile 2>&1") and system("mkswap ... > tmpfile 2>&1"), the calls
through the real swapon(2)/swapoff(2) (errno from the OSError), cleanup with
tst_rmdir(). Every verdict comes from what the kernel returns.

Not modelled (swapsh has no statfs(2)): the tmpfs/nfs TCONF checks and swapon01's
tst_cwd_has_free(65536); the machine's filesystems are ext3 (tmpfiles on / and /tmp),
where both checks pass, so the tests behave as they would there.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Sequence

from swapsh.userland.libc import Libc
from swapsh.userland.ltp.tst_res import (
    TBROK,
    TFAIL,
    TPASS,
    TWARN,
    Tst,
    run,
    system,
)
from swapsh.userland.registry import program

__all__ = ["swapoff01", "swapoff02", "swapon01", "swapon02", "swapon03"]

BIN = "/opt/ltp/testcases/bin/"
ENOENT, EPERM, EBUSY, EINVAL = 2, 1, 16, 22
O_RDONLY = 0
REBOOT = "System reboot after execution of LTP test suite is recommended."
DD_64M = "dd if=/dev/zero of=swapfile01 bs=1024  count=65536 > tmpfile 2>&1 "


_STRERROR: dict[int, str] = {0: "Success"}  # strerror() of the errnos seen so far


async def _swapon(libc: Libc, path: str) -> int:
    """syscall(__NR_swapon, path, 0) as TEST() sees it: 0, or the errno."""
    try:
        await libc.swapon(path, 0)
    except OSError as e:
        _STRERROR[e.errno or 0] = e.strerror or ""
        return e.errno or 0
    return 0


async def _swapoff(libc: Libc, path: str) -> int:
    try:
        await libc.swapoff(path)
    except OSError as e:
        _STRERROR[e.errno or 0] = e.strerror or ""
        return e.errno or 0
    return 0


async def _nobody_uid(t: Tst) -> int:
    """The uid of "nobody", or TBROK (both tests that drop privileges look it up)."""
    nobody = await t.getpwnam_uid("nobody")
    if nobody is None:
        await t.tst_brkm(TBROK, _cleanup(t), "\"nobody\" user not present")
    assert nobody is not None  # tst_brkm does not return
    return nobody


async def _common_setup(t: Tst) -> None:
    """The 2008 setup()s' shared start: root check, then tst_tmpdir()."""
    if await t.geteuid() != 0:
        await t.tst_brkm(TBROK, None, "Test must be run as root")
    await t.tst_tmpdir()


async def _make_64m_swapfile(t: Tst) -> None:
    """swapon01/swapoff01/swapoff02: a 64 MiB swapfile01 in TESTDIR."""
    if await system(t.libc, DD_64M) != 0:
        await t.tst_brkm(TBROK, _cleanup(t), "Failed to create file for swap")
    if await system(t.libc, "mkswap swapfile01 > tmpfile 2>&1") != 0:
        await t.tst_brkm(TBROK, _cleanup(t), "Failed to make swapfile")


Step = Callable[[], Awaitable[bool]]
ErrnoCase = tuple[str, int, str, str, Step | None, Step | None]


async def _expect_errnos(
    t: Tst, call_name: str, call: Callable[[str], Awaitable[int]], cases: Sequence[ErrnoCase],
    fail_msg: Callable[[int, str, int], str],
    on_success: Callable[[str], Awaitable[None]] | None = None,
) -> None:
    """The error-case loop swapon02 and swapoff02 share: per case (path, expected errno,
    its name as printed, description, setup, cleanup) set up, call, clean up, and
    report PASS or FAIL; on_success runs when a call that had to fail succeeded."""
    for i, (path, exp, exp_val, desc, setup, clean) in enumerate(cases):
        if setup is not None and not await setup():
            await t.tst_resm(TWARN, f"Failed to setup test {i}. Skipping test")
            continue
        err = await call(path)
        if clean is not None and not await clean():
            await t.tst_brkm(TBROK, _cleanup(t), "cleanup failed, quitting the test")
        if err == exp:
            await t.tst_resm(TPASS, f"{call_name}(2) expected failure; Got errno - "
                                    f"{exp_val} : {desc}")
        else:
            await t.tst_resm(TFAIL, fail_msg(exp, exp_val, err))
            if err == 0 and on_success is not None:
                await on_success(path)


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
        await _common_setup(t)
        await _make_64m_swapfile(t)
        if await _swapon(libc, "./swapfile01") != 0:
            await t.tst_resm(TFAIL, "swapon(2) Failed to turn on swapfile.")
        else:
            await t.tst_resm(TPASS, "swapon(2) passed and turned on swapfile")
            if await _swapoff(libc, "./swapfile01") != 0:
                await t.tst_brkm(TBROK, _cleanup(t), "Failed to turn off swapfile. system "
                                 "reboot after execution of LTP test suite is recommended.")
        await _cleanup(t)()

    return await run(libc, Tst(libc, "swapon01", 1), body)


# -- swapon02 ------------------------------------------------------------------------------
@program(BIN + "swapon02")
async def swapon02(libc: Libc, argv: list[str]) -> int:
    async def body(t: Tst) -> None:
        await _common_setup(t)
        nobody = await _nobody_uid(t)

        async def setup02() -> bool:  # an empty file: not a swap area
            try:
                await libc.close(await libc.creat("nofile", 0o777))
            except OSError as e:
                await t.tst_resm(TWARN, f"Failed to create file nofile: {e.strerror}")
                return False
            return True

        async def setup03() -> bool:  # a good swap file, tried as nobody
            if await system(libc, "dd if=/dev/zero of=swapfile01 bs=1048 count=40 "
                                  "> tmpfile 2>&1") != 0:
                await t.tst_resm(TWARN, "dd failed to create file via  command line")
                return False
            if await system(libc, "mkswap ./swapfile01 > tmpfile 2>&1") != 0:
                await t.tst_resm(TWARN, "Failed to make swapfile")
                return False
            if not await t.seteuid(nobody):
                await t.tst_resm(TWARN, f"seteuid failed to set the effective uid to {nobody}")
                return False
            return True

        async def cleanup03() -> bool:
            if not await t.seteuid(0):
                await t.tst_resm(TWARN, "seteuid failed to set uid to root")
                return False
            return True

        async def setup04() -> bool:  # a swap file already in use
            if await system(libc, "dd if=/dev/zero of=alreadyused bs=1048 count=40 "
                                  "> tmpfile 2>&1") != 0:
                await t.tst_resm(TWARN, "dd failed to create file via  command line")
                return False
            if await system(libc, "mkswap alreadyused > tmpfile 2>&1") != 0:
                await t.tst_resm(TWARN, "Failed to make swapfile")
                return False
            return await _swapon(libc, "alreadyused") == 0

        async def cleanup04() -> bool:
            return await _swapoff(libc, "alreadyused") == 0

        cases = [
            ("./abcd", ENOENT, "ENOENT", "Path does not exist", None, None),
            ("./nofile", EINVAL, "EINVAL", "Invalid path", setup02, None),
            ("./swapfile01", EPERM, "EPERM", "Permission denied", setup03, cleanup03),
            ("./alreadyused", EBUSY, "EBUSY",
             "The specified path is already being used as a swap area", setup04, cleanup04),
        ]
        async def turn_off_again(path: str) -> None:
            if await _swapoff(libc, path) != 0:
                await t.tst_resm(TWARN, f"Failed to turn off swapfile swapfile. {REBOOT}")

        await _expect_errnos(
            t, "swapon", lambda path: _swapon(libc, path), cases,
            lambda exp, exp_val, err: f"swapon(2) failed to produce expected error: {exp}, "
                                      f"errno: {exp_val} and got {err}. {REBOOT}",
            turn_off_again)
        await _cleanup(t)()

    return await run(libc, Tst(libc, "swapon02", 4), body)


# -- swapon03 ------------------------------------------------------------------------------
MAX_SWAPFILES = 30  # the test's own guess; it tries 32 when 30 is not the limit
TESTFILES = ("firstswapfile", "secondswapfile", "thirdswapfile")


async def _create_swapfile(libc: Libc, name: str) -> int:
    """create_swapfile(): a 41920-byte file made a swap area; 0 or -1."""
    if await system(libc, f"dd if=/dev/zero of={name} bs=1048 count=40 > tmpfile 2>&1") != 0:
        return -1
    if await system(libc, f"mkswap {name} > tmpfile 2>&1") != 0:
        return -1
    return 0


async def _count_swaps(libc: Libc) -> int | None:
    """Lines of /proc/swaps less the header."""
    try:
        fd = await libc.open("/proc/swaps", O_RDONLY)
    except OSError:
        return None
    data = b""
    try:
        while chunk := await libc.read(fd, 8192):
            data += chunk
    except OSError:
        return None
    finally:
        await libc.close(fd)
    n = data.count(b"\n")
    return n - 1 if n else 0


@program(BIN + "swapon03")
async def swapon03(libc: Libc, argv: list[str]) -> int:
    helper_files = 0

    async def check_and_swapoff(t: Tst, name: str) -> int:
        if (await system(libc, f"grep -q '{name}.*file' /proc/swaps") == 0
                and await _swapoff(libc, name) != 0):
            await t.tst_resm(TWARN, "Failed to turn off swap file. system reboot after "
                                    "execution of LTP test suite is recommended")
            return -1
        return 0

    async def clean_swap(t: Tst) -> int:
        for j in range(helper_files):
            name = f"swapfile{j + 2:02d}"
            if await check_and_swapoff(t, name) != 0:
                await t.tst_resm(TWARN, f"Failed to turn off swap file {name}.")
                return -1
        for name in TESTFILES:
            if await check_and_swapoff(t, name) != 0:
                await t.tst_resm(TWARN, f"Failed to turn off swap file {name}.")
                return -1
        return 0

    async def setup_swap(t: Tst) -> int:
        nonlocal helper_files
        used = await _count_swaps(libc)
        if used is None:
            await t.tst_brkm(TFAIL, _cleanup(t), "Failed to find out existing number of swap "
                                                  "files")
            return -1
        helper_files = min(MAX_SWAPFILES - used, MAX_SWAPFILES)

        async def helper(c: Libc) -> int:
            # the forked child: swapfile02.. made and turned on until 30 are active
            for j in range(helper_files):
                name = f"swapfile{j + 2:02d}"
                if await _create_swapfile(c, name) < 0:
                    await c.out("Failed to create swapfile for the test")
                    return 1
                try:
                    await c.swapon(name, 0)
                except OSError:
                    await c.out(f"Failed swapon for file {name} returned -1\n")
                    return 1
            return 0

        try:
            pid = await libc.fork(helper)
        except OSError:
            await t.tst_brkm(TBROK, _cleanup(t), "Failed to fork process")
            return -1
        with contextlib.suppress(OSError):  # 2008: waits, but ignores the helper's status
            await libc.waitpid(pid, 0)
        for name in TESTFILES:
            await _create_swapfile(libc, name)
        return 0

    async def body(t: Tst) -> None:
        await _common_setup(t)
        if await setup_swap(t) < 0:
            await clean_swap(t)
            await t.tst_brkm(TBROK, _cleanup(t), "Setup failed, quitting the test")
        err = await _swapon(libc, TESTFILES[0])
        if err == EPERM:
            await t.tst_resm(TPASS, f"swapon(2) got expected failure; Got errno - {EPERM}, "
                                    "probably your MAX_SWAPFILES is 30")
        elif err != 0:
            await t.tst_resm(TFAIL, f"swapon(2) got an unexpected failure; Got errno = {err} "
                                    f": {_strerror(err)}")
        else:  # more than 30 allowed: the 31st and 32nd succeed, the 33rd gets EPERM
            err = await _swapon(libc, TESTFILES[1])
            if err != 0:
                await t.tst_resm(TFAIL, f"swapon(2) got an unexpected failure; Got errno = "
                                        f"{err} : {_strerror(err)}")
            else:
                err = await _swapon(libc, TESTFILES[2])
                if err == EPERM:
                    await t.tst_resm(TPASS, f"swapon(2) got expected failure; Got errno - "
                                            f"{EPERM}, probably your MAX_SWAPFILES is 32")
                else:
                    await t.tst_resm(TFAIL, f"swapon(2) failed to produce expected error: "
                                            f"{EPERM}, got {err} ({_strerror(err)}). {REBOOT}")
        if await clean_swap(t) < 0:
            await t.tst_brkm(TBROK, _cleanup(t), "Cleanup failed, quitting the test")
        await _cleanup(t)()

    return await run(libc, Tst(libc, "swapon03", 1), body)


def _strerror(err: int) -> str:
    """glibc's text, as libc gave it with the OSError."""
    return _STRERROR.get(err, f"Unknown error {err}")


# -- swapoff01 -----------------------------------------------------------------------------
@program(BIN + "swapoff01")
async def swapoff01(libc: Libc, argv: list[str]) -> int:
    async def body(t: Tst) -> None:
        await _common_setup(t)
        await _make_64m_swapfile(t)
        if await _swapon(libc, "./swapfile01") != 0:
            await t.tst_resm(TWARN, "Failed to turn on the swap file, skipping test iteration")
        elif await _swapoff(libc, "./swapfile01") != 0:
            await t.tst_resm(TFAIL, f"swapoff(2) Failed to turn off swapfile. {REBOOT}")
            await t.tst_resm(TWARN, "It is recommended not to run swapon01 and swapon02")
        else:
            await t.tst_resm(TPASS, "swapoff(2) passed and turned off swapfile.")
        await _cleanup(t)()

    return await run(libc, Tst(libc, "swapoff01", 1), body)


# -- swapoff02 -----------------------------------------------------------------------------
@program(BIN + "swapoff02")
async def swapoff02(libc: Libc, argv: list[str]) -> int:
    async def body(t: Tst) -> None:
        await _common_setup(t)
        nobody = await _nobody_uid(t)
        await _make_64m_swapfile(t)
        if await _swapon(libc, "./swapfile01") != 0:
            await t.tst_brkm(TBROK, _cleanup(t), "Failed to turn on the swap file.")

        async def setup02() -> bool:
            try:
                await libc.close(await libc.creat("nofile", 0o777))
            except OSError as e:
                await t.tst_resm(TWARN, f"Failed to create file nofile: {e.strerror}")
                return False
            return True

        async def setup03() -> bool:
            if not await t.seteuid(nobody):
                await t.tst_resm(TWARN, f"seteuid failed to set the effective uid to {nobody}")
                return False
            return True

        async def cleanup03() -> bool:
            if not await t.seteuid(0):
                await t.tst_resm(TWARN, "seteuid failed to set uid to root")
                return False
            return True

        cases = [
            ("./abcd", ENOENT, "ENOENT", "path does not exist", None, None),
            ("./nofile", EINVAL, "EINVAL ", "Invalid path", setup02, None),
            ("./swapfile01", EPERM, "EPERM ", "Permission denied", setup03, cleanup03),
        ]
        await _expect_errnos(
            t, "swapoff", lambda path: _swapoff(libc, path), cases,
            lambda exp, exp_val, err: f"swapoff(2) failed to produce expected error; {exp}, "
                                      f"errno: {exp_val} and got {err}")
        if await _swapoff(libc, "./swapfile01") != 0:
            await t.tst_resm(TWARN, f"Failed to turn off swapfile. {REBOOT}")
        await _cleanup(t)()

    return await run(libc, Tst(libc, "swapoff02", 3), body)
