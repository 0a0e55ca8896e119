"""LTP 2008's shmt tests (runtest/mm) at the console: each passes on the 2.6.25 shm
model and leaves no segment behind; their failure paths print the 2008 texts (blank
line after a message that ends in "\\n", perror on stderr) with the kernel's own
errors where a real situation gives one, and fault injection at the C library's
calls where none does. shmt04 and shmt06 (sigprocmask + sigwait) are not installed."""

from __future__ import annotations

from typing import Any

import pytest

from swapsh.kernel.ipc.shm import sys_shmget
from swapsh.syscalls.abi import IPC_CREAT
from swapsh.userland.errlist import strerror
from swapsh.userland.libc import Libc
from tests.conftest import Result, Session

pytestmark = pytest.mark.slow  # LTP test programs

BIN = "/opt/ltp/testcases/bin/"
EPERM, EINVAL = 1, 22


def _run(sh: Session, line: str) -> Result:
    return sh.run(BIN + line)


def _segments(sh: Session) -> list[tuple[int, int, int]]:
    """(id, key, nattch) of every segment in the init ipc namespace."""
    ns = sh.kernel.tasks[1].nsproxy.ipc_ns
    return sorted((s.id, s.key, s.nattch) for s in ns.shm_ids.values())


def _lines(tcid: str, *results: tuple[int, str, str]) -> str:
    return "".join(f"{tcid:<8s} {n:4d}  {kind}  :  {msg}\n" for n, kind, msg in results)


PASSES = {
    "shmt02": _lines(
        "shmt02",
        (1, "PASS", "shmget"),
        (2, "PASS", "shmat"),
        (3, "PASS", "Correct shared memory contents"),
    ),
    "shmt03": _lines(
        "shmt03",
        (1, "PASS", "shmget"),
        (2, "PASS", "1st shmat"),
        (3, "PASS", "2nd shmat"),
        (4, "PASS", "Correct shared memory contents"),
    ),
    "shmt05": _lines("shmt05", (1, "PASS", "shmget & shmat"), (2, "PASS", "2nd shmget & shmat")),
    "shmt07": _lines("shmt07", (1, "PASS", "shmget,shmat"), (2, "PASS", "cp & cp+1 correct")),
    "shmt08": _lines("shmt08", (1, "PASS", "shmget,shmat"), (2, "PASS", "shmdt")),
    "shmt09": _lines(
        "shmt09",
        (1, "PASS", "sbrk, sbrk, shmget, shmat"),
        (2, "PASS", "sbrk, shmat"),
        (3, "PASS", "sbrk, shmat"),
        (4, "PASS", "sbrk"),
    ),
    "shmt10": _lines("shmt10", (1, "PASS", "shmat,shmdt")),
}


@pytest.mark.parametrize("name", sorted(PASSES))
def test_passes_and_removes_its_segments(sh: Session, name: str) -> None:
    r = _run(sh, name)
    assert (r.out, r.err, r.status) == (PASSES[name], "", 0)
    assert _segments(sh) == []


def test_every_one_passes_as_nobody_too(sh: Session) -> None:
    """0666 segments, removed by their creator: no privilege is needed."""
    for name in sorted(PASSES):
        r = sh.run(f"su nobody -s /bin/sh -c {BIN}{name}")
        assert (r.out, r.err, r.status) == (PASSES[name], "", 0)
    assert _segments(sh) == []


def test_only_the_modelled_tests_are_installed(sh: Session) -> None:
    names = sh.run(f"ls -1 {BIN}").out.split()
    assert [n for n in names if n.startswith("shmt")] == sorted(PASSES)


# -- a segment already holds the test's key (its pid) and is too small: EINVAL -------------
@pytest.mark.parametrize(
    "name,out,err",
    [
        (
            "shmt02",
            _lines("shmt02", (1, "FAIL", "shmget Failed: shmid = -1, errno = 22\n")),
            "shmget: Invalid argument\n",
        ),
        (
            "shmt03",
            _lines("shmt03", (1, "FAIL", "shmget Failed: shmid = -1, errno = 22\n")),
            "shmget: Invalid argument\n",
        ),
        (
            "shmt07",
            _lines("shmt07", (1, "FAIL", "Error: shmget: shmid = -1, errno = 22\n")),
            "shmget: Invalid argument\n",
        ),
        (
            "shmt08",
            _lines("shmt08", (1, "FAIL", "Error: shmget: shmid = -1, errno = 22\n")),
            "shmget: Invalid argument\n",
        ),
        (
            "shmt09",
            _lines("shmt09", (1, "FAIL", "Error: shmget Failed, shmid = -1, errno = 22\n")),
            "shmget: Invalid argument\n",
        ),
        ("shmt10", _lines("shmt10", (1, "FAIL", "shmget"), (2, "FAIL", "Error: shmid = -1\n")), ""),
    ],
)
def test_key_taken_by_a_smaller_segment(sh: Session, name: str, out: str, err: str) -> None:
    k = sh.kernel
    pid = k.last_pid + 1  # the shell's next child runs the test
    assert sys_shmget(k, k.tasks[1], pid, 1024, IPC_CREAT | 0o666) == 0
    r = _run(sh, name)
    assert (r.out, r.err, r.status) == (out, err, 1)
    assert _segments(sh) == [(0, pid, 0)]  # the other one, untouched


# -- fault injection at the C library ---------------------------------------------------------
def _fail(monkeypatch: pytest.MonkeyPatch, call: str, when: Any, err: int) -> None:
    """Libc.<call> raises err whenever when(*args) is true; otherwise it runs."""
    real = getattr(Libc, call)

    async def fake(self: Libc, *args: Any) -> Any:
        if when(*args):
            raise OSError(err, strerror(err))
        return await real(self, *args)

    monkeypatch.setattr(Libc, call, fake)


def test_shmt02_attach_fails(sh: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    _fail(monkeypatch, "shmat", lambda shmid, addr, flags: addr == 0x80000, EINVAL)
    r = _run(sh, "shmt02")
    assert r.out == _lines(
        "shmt02", (1, "PASS", "shmget"), (2, "FAIL", "shmat Failed: shmid = 0, errno = 22\n")
    )
    assert (r.err, r.status) == ("shmat: Invalid argument\n", 1)
    assert _segments(sh) == []  # rm_shm() before tst_exit()


def test_rm_shm_fails(sh: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    _fail(monkeypatch, "shmctl", lambda shmid, cmd: True, EPERM)
    r = _run(sh, "shmt08")
    assert r.out == _lines(
        "shmt08",
        (1, "PASS", "shmget,shmat"),
        (2, "PASS", "shmdt"),
        (3, "FAIL", "shmctl Failed to remove: shmid = 0, errno = 1\n"),
    )
    assert (r.err, r.status) == ("shmctl: Operation not permitted\n", 1)
    assert len(_segments(sh)) == 1


def test_shmt05_first_attach_fails_and_the_id_is_removed_twice(
    sh: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The failed attach removes the first segment; the second takes its slot with the
    next sequence number (32768), so the final rm_shm(0) is EIDRM, and tst_exit()
    leaves the second segment behind, as the C does."""
    _fail(monkeypatch, "shmat", lambda shmid, addr, flags: addr == 0x80000, EINVAL)
    r = _run(sh, "shmt05")
    assert r.out == _lines(
        "shmt05",
        (1, "FAIL", "shmat"),
        (2, "PASS", "shmget & shmat"),
        (3, "PASS", "2nd shmget & shmat"),
        (4, "FAIL", "shmctl Failed to remove: shmid = 0, errno = 43\n"),
    )
    assert (r.err, r.status) == ("shmctl: Identifier removed\n", 1)
    assert [(i, n) for i, _key, n in _segments(sh)] == [(32768, 0)]


def test_shmt05_second_attach_succeeds(sh: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the unaligned attach succeeded (here: moved to where the kernel finds room),
    %#x shows the pointer's low 32 bits and perror the untouched errno."""
    real = Libc.shmat
    got: list[int] = []

    async def anywhere(self: Libc, shmid: int, addr: int = 0, flags: int = 0) -> int:
        if addr != 0x80010:
            return await real(self, shmid, addr, flags)
        got.append(await real(self, shmid, 0, flags))
        return got[-1]

    monkeypatch.setattr(Libc, "shmat", anywhere)
    r = _run(sh, "shmt05")
    assert len(got) == 1 and got[0] >> 32 == 0x2AAA  # above TASK_UNMAPPED_BASE
    assert r.out == _lines(
        "shmt05",
        (1, "PASS", "shmget & shmat"),
        (2, "FAIL", f"Error: shmat: shmid1 = 32769, addr= {got[0] & 0xFFFFFFFF:#x}, errno = 0\n"),
        (3, "PASS", "2nd shmget & shmat"),
    )
    assert (r.err, r.status) == ("shmat: Success\n", 1)
    assert _segments(sh) == []


def test_shmt07_child_failures_count_on_from_the_parent(
    sh: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child (the only one that reads) numbers its lines from the parent's count
    at fork; the parent does not look at its status."""

    async def zeros(self: Libc, addr: int, length: int) -> bytes:
        return bytes(length)

    monkeypatch.setattr(Libc, "load", zeros)
    r = _run(sh, "shmt07")
    assert r.out == _lines(
        "shmt07",
        (1, "PASS", "shmget,shmat"),
        (2, "FAIL", "Error: not 1\n"),
        (3, "FAIL", "Error: not 2\n"),
        (2, "PASS", "cp & cp+1 correct"),
    )
    assert (r.err, r.status) == ("", 0)


def test_shmt02_contents_lost_after_removal(sh: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    async def zeros(self: Libc, addr: int, length: int) -> bytes:
        return bytes(length)

    monkeypatch.setattr(Libc, "load", zeros)
    r = _run(sh, "shmt02")
    assert r.out == _lines(
        "shmt02",
        (1, "PASS", "shmget"),
        (2, "PASS", "shmat"),
        (3, "FAIL", "Error in shared memory contents: shmid = 0\n"),
        (4, "PASS", "Correct shared memory contents"),
    )
    assert (r.err, r.status) == ("", 1)


def test_shmt09_heap_grows_when_the_attach_is_elsewhere(
    sh: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the SHM_RND attach moved away, the kernel lets the heap grow a page: the
    FAIL line (no newline of its own) shows sbrk's old break and the new one, low 32
    bits: the heap starts at 0x601000 and the test leaves its break at +0x717f."""
    real = Libc.shmat

    async def away(self: Libc, shmid: int, addr: int = 0, flags: int = 0) -> int:
        return await real(self, shmid, 0 if flags else addr, flags)

    monkeypatch.setattr(Libc, "shmat", away)
    r = _run(sh, "shmt09")
    assert r.out == _lines(
        "shmt09",
        (1, "PASS", "sbrk, sbrk, shmget, shmat"),
        (2, "PASS", "sbrk, shmat"),
        (3, "PASS", "sbrk, shmat"),
        (4, "FAIL", "Error: sbrk succeeded!  ret = 0x0060817f, curbrk = 0x0060917f, "),
    )
    assert (r.err, r.status) == ("", 1)
    assert _segments(sh) == []


def test_shmt09_brk_refused(sh: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """A break the kernel will not move: glibc's sbrk() reports ENOMEM."""
    real = Libc.brk
    calls: list[int] = []

    async def stuck(self: Libc, addr: int) -> int:
        calls.append(addr)
        return await real(self, 0)

    monkeypatch.setattr(Libc, "brk", stuck)
    r = _run(sh, "shmt09")
    assert r.out == _lines("shmt09", (1, "FAIL", "Error: sbrk failed, errno = 12\n"))
    assert (r.err, r.status) == ("sbrk: Cannot allocate memory\n", 1)
    assert calls == [0, 0x601000 + 16384]  # __curbrk from brk(0), then the first sbrk


# -- shmt10's options -------------------------------------------------------------------------
USAGE = _lines("shmt10", (1, "CONF", f"usage: {BIN}shmt10 [-i <# iterations>]"))


@pytest.mark.parametrize(
    "args,out,err",
    [
        ("-i 3", PASSES["shmt10"], ""),
        ("-i0", PASSES["shmt10"], ""),
        ("-i -5", PASSES["shmt10"], ""),
        ("operand -i 2", PASSES["shmt10"], ""),
        ("-- -x", PASSES["shmt10"], ""),
        ("-x", USAGE, f"{BIN}shmt10: invalid option -- 'x'\n"),
        ("-i 2 -i", USAGE, f"{BIN}shmt10: option requires an argument -- 'i'\n"),
        ("--iter=3", USAGE, f"{BIN}shmt10: invalid option -- '-'\n"),
    ],
)
def test_shmt10_options(sh: Session, args: str, out: str, err: str) -> None:
    """getopt(argc, argv, "i:"); a bad option is TCONF, which tst_exit() leaves out of
    the status. The usage line comes before any segment is made."""
    r = _run(sh, f"shmt10 {args}")
    assert (r.out, r.err, r.status) == (out, err, 0)
    assert _segments(sh) == []


def test_shmt10_every_attach_fails(sh: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both loops stop at their first failure: the parent's line (it runs on after
    fork), then the child's, each numbered 1 (the child's count is a copy); the parent
    still passes its case and exits 1, the child's status is not looked at."""
    _fail(monkeypatch, "shmat", lambda shmid, addr, flags: True, EINVAL)
    r = _run(sh, "shmt10")
    assert r.out == _lines(
        "shmt10",
        (1, "FAIL", "Error shmat: iter 0, shmid = 0\n"),
        (1, "FAIL", "Error:child proc: shmat: iter 0, shmid = 0\n"),
        (2, "PASS", "shmat,shmdt"),
    )
    assert (r.err, r.status) == ("", 1)
    assert _segments(sh) == []
