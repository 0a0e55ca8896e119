"""LTP 2008's swap tests at the console, in the init swap namespace and inside a child
namespace that already has its swap file: every verdict follows from the kernel's
answers (a child namespace's second swapon is EPERM before the path is looked at)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

import pytest

from swapsh.userland.libc import Libc
from swapsh.userland.ltp import swaponoff
from swapsh.userland.ltp.tst_res import system
from tests.conftest import Result, Session

pytestmark = pytest.mark.slow  # LTP test programs, each on its own machine

BIN = "/opt/ltp/testcases/bin/"
REBOOT = "System reboot after execution of LTP test suite is recommended."


def _run(sh: Session, name: str) -> Result:
    return sh.run(BIN + name)


def _in_namespace() -> Session:
    sh = Session()
    assert (
        sh.run(
            "dd if=/dev/zero of=/s1 bs=1M count=64 2>/dev/null; chmod 600 /s1; "
            "mkswap /s1 >/dev/null"
        ).status
        == 0
    )
    sh.type("clone64(CLONE_NEWSWAP|CLONE_NEWIPC)")
    assert sh.run("swapon /s1").status == 0
    return sh


def _clean(sh: Session) -> None:
    """The test left no swap area on and removed its directory."""
    assert sh.run("ls /tmp").out == ""
    assert "swapfile" not in sh.run("cat /proc/swaps").out


def test_format_and_runtest_file(sh: Session) -> None:
    r = _run(sh, "swapon01")
    assert r.out == "swapon01    1  PASS  :  swapon(2) passed and turned on swapfile\n"
    assert r.status == 0 and r.err == ""
    assert sh.run("cat /opt/ltp/runtest/syscalls").out == (
        "swapoff01 swapoff01\nswapoff02 swapoff02\nswapon01 swapon01\nswapon02 swapon02\n"
        "swapon03 swapon03\n"
    )
    _clean(sh)


def test_tmpdir_honours_TMPDIR(sh: Session) -> None:
    r = sh.run(f"TMPDIR=/nonexistent {BIN}swapon01")
    assert re.fullmatch(
        r"swapon01    1  BROK  :  tst_tmpdir\(\): mkdtemp\(/nonexistent/swa"
        r"[A-Za-z0-9]{6}\) failed; errno = 2: No such file or directory\n"
        r"swapon01    0  WARN  :  tst_tmpdir\(\): No user cleanup function "
        r"called before exiting\n",
        r.out,
    )
    assert r.status == 6


@pytest.mark.parametrize(
    "name,line",
    [
        ("swapon01", "swapon01    1  PASS  :  swapon(2) passed and turned on swapfile\n"),
        ("swapoff01", "swapoff01    1  PASS  :  swapoff(2) passed and turned off swapfile.\n"),
        (
            "swapon03",
            "swapon03    1  PASS  :  swapon(2) got expected failure; Got errno - 1, "
            "probably your MAX_SWAPFILES is 32\n",
        ),
    ],
)
def test_init_namespace_passes(sh: Session, name: str, line: str) -> None:
    r = _run(sh, name)
    assert (r.out, r.err, r.status) == (line, "", 0)
    _clean(sh)


def test_init_namespace_swapon02_passes(sh: Session) -> None:
    r = _run(sh, "swapon02")
    p = "swapon02 {}  PASS  :  swapon(2) expected failure; Got errno - {}\n"
    assert r.out == "".join(
        p.format(f"{i:4d}", m)
        for i, m in enumerate(
            [
                "ENOENT : Path does not exist",
                "EINVAL : Invalid path",
                "EPERM : Permission denied",
                "EBUSY : The specified path is already being used as a swap area",
            ],
            1,
        )
    )
    assert r.status == 0


def test_init_namespace_swapoff02_passes(sh: Session) -> None:
    r = _run(sh, "swapoff02")
    assert r.out == (
        "swapoff02    1  PASS  :  swapoff(2) expected failure; Got errno - ENOENT : path does "
        "not exist\n"
        "swapoff02    2  PASS  :  swapoff(2) expected failure; Got errno - EINVAL  : Invalid path\n"
        "swapoff02    3  PASS  :  swapoff(2) expected failure; Got errno - EPERM  : Permission "
        "denied\n"
    )
    assert r.status == 0


def test_init_namespace_swapoff02_cases_pass(sh: Session) -> None:
    """The three cases themselves pass today (only the cleanup meets the cred bug)."""
    lines = _run(sh, "swapoff02").out.splitlines()
    assert [ln[:23] for ln in lines[:3]] == [f"swapoff02 {i:4d}  PASS  :" for i in (1, 2, 3)]


def test_in_a_swap_namespace_only_swapon03_passes() -> None:
    sh = _in_namespace()
    r = _run(sh, "swapon01")
    assert (r.out, r.status) == (
        "swapon01    1  FAIL  :  swapon(2) Failed to turn on swapfile.\n",
        1,
    )
    r = _run(sh, "swapon02")
    assert r.out == (
        f"swapon02    1  FAIL  :  swapon(2) failed to produce expected error: 2, errno: ENOENT "
        f"and got 1.  {REBOOT}\n"
        f"swapon02    2  FAIL  :  swapon(2) failed to produce expected error: 22, errno: EINVAL "
        f"and got 1.  {REBOOT}\n"
        "swapon02    3  PASS  :  swapon(2) expected failure; Got errno - EPERM : "
        "Permission "
        "denied\n"
        "swapon02    0  WARN  :  Failed swapon for file alreadyused returned -1\n"
        "swapon02    0  WARN  :  Failed to setup test 3. Skipping test\n"
    )
    assert r.status == 1 | 4
    r = _run(sh, "swapon03")  # the helper child reports through tst_resm too
    assert r.out == (
        "swapon03    0  WARN  :  Failed swapon for file swapfile02 returned -1\n"
        "swapon03    1  PASS  :  swapon(2) got expected failure; Got errno - 1, "
        "probably your MAX_SWAPFILES is 30\n"
    )
    assert r.status == 0
    r = _run(sh, "swapoff01")
    assert (r.out, r.status) == (
        "swapoff01    0  WARN  :  Failed to turn on the swap file, skipping test iteration\n",
        4,
    )
    r = _run(sh, "swapoff02")
    assert r.out == (
        "swapoff02    1  BROK  :  Failed to turn on the swap file. skipping  the "
        "test iteration\n"
        "swapoff02    2  BROK  :  Remaining cases broken\n"
        "swapoff02    3  BROK  :  Remaining cases broken\n"
    )
    assert r.status == 2
    _clean(sh)
    assert sh.run("cat /proc/swaps").out.splitlines()[1].startswith("/s1 ")


def test_not_root_is_broken(sh: Session) -> None:
    r = sh.run(f"su nobody -s /bin/sh -c {BIN}swapon02")
    assert r.out == (
        "swapon02    1  BROK  :  Test must be run as root\n"
        "swapon02    2  BROK  :  Remaining cases broken\n"
        "swapon02    3  BROK  :  Remaining cases broken\n"
        "swapon02    4  BROK  :  Remaining cases broken\n"
    )
    assert r.status == 2


def _fail_system(monkeypatch: pytest.MonkeyPatch, fail: str = "", skip: str = "") -> None:
    """Fault injection: the tests' system(cmd) exits 1 for exactly `fail` and does
    nothing (status 0) for exactly `skip`; any other command runs. A step that is not
    reached, or a command spelt otherwise than the 2008 source, leaves the output as
    it would be without the fault."""

    async def fake(libc: Libc, cmd: str) -> int:
        if cmd == fail:
            return 1 << 8
        if cmd == skip:
            return 0
        return await system(libc, cmd)

    monkeypatch.setattr(swaponoff, "system", fake)


@pytest.mark.parametrize("name", ["swapon02", "swapoff02"])
def test_no_nobody_user_skips_only_the_eperm_case(sh: Session, name: str) -> None:
    """The "nobody" lookup is the EPERM case's own setup (setup01), a warning and a
    skipped case, not a broken test."""
    assert sh.run("grep -v '^nobody:' /etc/passwd > /p; cat /p > /etc/passwd; rm /p").status == 0
    r = _run(sh, name)
    call = name[:-2]
    p = name + " {:4d}  PASS  :  " + call + "(2) expected failure; Got errno - "
    warns = (
        f'{name}    0  WARN  :  "nobody" user not present. skipping test\n'
        f"{name}    0  WARN  :  Failed to setup test 2. Skipping test\n"
    )
    if call == "swapon":
        assert r.out == (
            p.format(1)
            + "ENOENT : Path does not exist\n"
            + p.format(2)
            + "EINVAL : Invalid path\n"
            + warns
            + p.format(3)
            + "EBUSY : The specified path is already being used "
            "as a swap area\n"
        )
    else:
        assert r.out == (
            p.format(1)
            + "ENOENT : path does not exist\n"
            + p.format(2)
            + "EINVAL  : Invalid path\n"
            + warns
        )
    assert (r.err, r.status) == ("", 4)
    _clean(sh)


@pytest.mark.parametrize(
    "name,cmd,out",
    [
        (
            "swapon01",
            "dd if=/dev/zero of=swapfile01 bs=1024  count=65536 > tmpfile 2>&1",
            "swapon01    1  BROK  :  Failed to create file for swap\n",
        ),
        (
            "swapoff01",
            "dd if=/dev/zero of=swapfile01 bs=1024  count=65536 > tmpfile 2>&1 ",
            "swapoff01    1  BROK  :  Failed to create file for swap\n",
        ),
        (
            "swapoff02",
            "mkswap ./swapfile01 > tmpfile 2>&1",
            "swapoff02    1  BROK  :  Failed to make swapfile\n"
            "swapoff02    2  BROK  :  Remaining cases broken\n"
            "swapoff02    3  BROK  :  Remaining cases broken\n",
        ),
        (
            "swapon02",
            "dd if=/dev/zero of=swapfile01 bs=1048  count=40 > tmpfile 2>&1",
            "swapon02    1  PASS  :  swapon(2) expected failure; Got errno - ENOENT : "
            "Path does not "
            "exist\n"
            "swapon02    2  PASS  :  swapon(2) expected failure; Got errno - EINVAL : "
            "Invalid path\n"
            "swapon02    3  BROK  :  Failed to create file for swap\n"
            "swapon02    4  BROK  :  Remaining cases broken\n",
        ),
        (
            "swapon02",
            "mkswap alreadyused > tmpfile 2>&1",
            "swapon02    1  PASS  :  swapon(2) expected failure; Got errno - ENOENT : "
            "Path does not "
            "exist\n"
            "swapon02    2  PASS  :  swapon(2) expected failure; Got errno - EINVAL : "
            "Invalid path\n"
            "swapon02    3  PASS  :  swapon(2) expected failure; Got errno - EPERM : "
            "Permission "
            "denied\n"
            "swapon02    4  BROK  :  Failed to make swapfile\n",
        ),
    ],
    ids=["swapon01-dd", "swapoff01-dd", "swapoff02-mkswap", "swapon02-dd", "swapon02-mkswap"],
)
def test_setup_commands_as_the_2008_sources_spell_them(
    sh: Session, monkeypatch: pytest.MonkeyPatch, name: str, cmd: str, out: str
) -> None:
    """Each setup's dd/mkswap string (double spaces, swapoff01's trailing blank,
    swapoff02's ./) and a failed one breaks the test from that case on."""
    _fail_system(monkeypatch, fail=cmd)
    r = _run(sh, name)
    assert (r.out, r.err, r.status) == (out, "", 2)
    _clean(sh)


@pytest.mark.parametrize(
    "fail,skip,out",
    [
        # a helper swap file not made: the child's warnings, then only 3 helpers are on,
        # so the 33rd swapon succeeds (errno 0 prints as "Success")
        (
            "mkswap swapfile05 > tmpfile 2>&1",
            "",
            "swapon03    0  WARN  :  failed to make swap file swapfile05\n"
            "swapon03    0  WARN  :  Failed to create swapfile for the test\n"
            f"swapon03    1  FAIL  :  swapon(2) failed to produce expected error: 1, got Success. "
            f"{REBOOT}\n",
        ),
        (
            "dd if=/dev/zero of=swapfile03 bs=1048 count=40 > tmpfile 2>&1",
            "",
            "swapon03    0  WARN  :  dd command failed to create file\n"
            "swapon03    0  WARN  :  Failed to create swapfile for the test\n"
            f"swapon03    1  FAIL  :  swapon(2) failed to produce expected error: 1, got Success. "
            f"{REBOOT}\n",
        ),
        # a test file left without a swap signature: EINVAL where EPERM or success was due
        (
            "",
            "mkswap firstswapfile > tmpfile 2>&1",
            "swapon03    1  FAIL  :  swapon(2) failed to produce expected error: 1, got 22 "
            "(Invalid "
            f"argument). {REBOOT}\n",
        ),
        (
            "",
            "mkswap secondswapfile > tmpfile 2>&1",
            "swapon03    1  FAIL  :  swapon(2) got an unexpected failure; Got errno = 22 : Invalid "
            "argument\n",
        ),
    ],
    ids=["helper-mkswap", "helper-dd", "first-no-signature", "second-no-signature"],
)
def test_swapon03_failures(
    sh: Session, monkeypatch: pytest.MonkeyPatch, fail: str, skip: str, out: str
) -> None:
    _fail_system(monkeypatch, fail=fail, skip=skip)
    r = _run(sh, "swapon03")
    assert (r.out, r.err, r.status) == (out, "", 1)
    _clean(sh)


def test_swapon03_test_file_not_made_exits_1_without_cleanup(
    sh: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """setup_swap() exit(1)s: no cleanup, so the helpers stay on and the tmpdir stays."""
    _fail_system(
        monkeypatch, fail="dd if=/dev/zero of=secondswapfile bs=1048 count=40 > tmpfile 2>&1"
    )
    r = _run(sh, "swapon03")
    assert r.out == (
        "swapon03    0  WARN  :  dd command failed to create file\n"
        "swapon03    0  WARN  :  Failed to create swapfiles for the test\n"
    )
    assert (r.err, r.status) == ("", 1)
    assert sh.run("ls /tmp").out.startswith("swa")
    assert len(sh.run("cat /proc/swaps").out.splitlines()) == 1 + 30


def test_swapoff02_cleanup_warns_when_its_swap_file_stays_on(
    sh: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fault injection: every swapoff of ./swapfile01 answers EBUSY; the EPERM case
    fails and cleanup()'s swapoff warns with the 2008 text (leading blank included)."""
    real: Callable[[Libc, str], Awaitable[int]] = swaponoff._swapoff

    async def fake(libc: Libc, path: str) -> int:
        return 16 if path == "./swapfile01" else await real(libc, path)

    monkeypatch.setattr(swaponoff, "_swapoff", fake)
    r = _run(sh, "swapoff02")
    assert r.out == (
        "swapoff02    1  PASS  :  swapoff(2) expected failure; Got errno - ENOENT : path does "
        "not exist\n"
        "swapoff02    2  PASS  :  swapoff(2) expected failure; Got errno - EINVAL  : Invalid path\n"
        "swapoff02    3  FAIL  :  swapoff(2) failed to produce expected error; 1, errno: EPERM  "
        "and got 16\n"
        f"swapoff02    0  WARN  :   Failed to turn off swap file. {REBOOT}\n"
    )
    assert (r.err, r.status) == ("", 1 | 4)
