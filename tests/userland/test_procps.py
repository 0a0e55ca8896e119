"""free, ps and kill (procps-ng 4.0.2) on the simulated machine."""

from __future__ import annotations

import pytest

from swapsh.userland.procps.free import (
    FREE_HUMAN,
    FREE_SI,
    FREE_TOTAL,
    FREE_WIDE,
    report,
    usleep_useconds,
)
from swapsh.userland.procps.meminfo import parse_meminfo
from tests.conftest import Session

HOST = (
    "MemTotal:       24684084 kB\nMemFree:        24339076 kB\nMemAvailable:   24338164 kB\n"
    "Buffers:            3304 kB\nCached:           218048 kB\nSwapCached:            0 kB\n"
    "SwapTotal:             0 kB\nSwapFree:              0 kB\nShmem:              8872 kB\n"
    "SReclaimable:      14896 kB\n"
)


def test_free_layout_matches_procps_4_0_2() -> None:
    """The columns of the real `free` on the recording host, from its meminfo."""
    m = parse_meminfo(HOST)
    assert report(m, 0, 0) == (
        "               total        used        free      shared  buff/cache   available\n"
        "Mem:        24684084      345920    24339076        8872      236248    24338164\n"
        "Swap:              0           0           0\n"
    )
    assert report(m, FREE_HUMAN, 0).split("\n")[1] == (
        "Mem:            23Gi       337Mi        23Gi       8.7Mi       230Mi        23Gi"
    )
    assert report(m, FREE_TOTAL, 1).split("\n")[3] == (
        "Total:   25276502016   354222080 24923213824"
    )
    assert "     buffers       cache" in report(m, FREE_WIDE, 0)
    assert report(m, FREE_SI, 3).split("\n")[1] == (
        "Mem:           25276         354       24923           9         241       24922"
    )


def test_free_without_memavailable_falls_back_to_memfree() -> None:
    m = parse_meminfo("MemTotal: 1000 kB\nMemFree: 600 kB\nCached: 100 kB\n")
    assert (m["MemAvailable"], m["derived_mem_used"]) == (600, 400)
    m = parse_meminfo("MemTotal: 1000 kB\n")  # a key the computation needs is missing: 0
    assert (m["MemAvailable"], m["derived_mem_used"]) == (0, 1000)


def test_free_on_the_machine_reads_proc_meminfo(sh: Session) -> None:
    r = sh.run("free")
    head, mem, swap = r.out.split("\n")[:3]
    assert head.split() == ["total", "used", "free", "shared", "buff/cache", "available"]
    assert head.startswith(" " * 15 + "total")
    assert mem.startswith("Mem:") and swap.startswith("Swap:")
    total = int(sh.run("grep MemTotal /proc/meminfo").out.split()[1])
    assert int(mem.split()[1]) == total
    r = sh.run("free -g -k")
    assert (r.err, r.status) == ("free: Multiple unit options don't make sense.\n", 1)
    r = sh.run("free -x")
    assert r.status == 1 and r.err.startswith("free: invalid option -- 'x'\n\nUsage:\n")


# The real free (procps-ng 4.0.2) on the recording host, run with env -i (a locale left
# a stale errno behind the empty arguments' messages).
FREE_ARG_ERRORS = [
    ("-s inf -c 1", "seconds argument failed: 'inf': Invalid argument"),
    ("-sinf -c 1", "seconds argument failed: 'inf': Invalid argument"),
    ("-s nan -c 1", "seconds argument failed: 'nan': Invalid argument"),
    ("-s 1e400 -c 1", "seconds argument failed: '1e400': Invalid argument"),
    ("-s 0x10", "seconds argument failed: '0x10': Invalid argument"),
    ("-s '1 '", "seconds argument failed: '1 ': Invalid argument"),
    ("-s 1.x", "seconds argument failed: '1.x'"),
    ("-s 1..2", "seconds argument failed: '1..2'"),
    ("-s ''", "seconds argument failed: ''"),
    ("-s -1", "seconds argument `-1' is not positive number"),
    ("-s 0", "seconds argument `0' is not positive number"),
    ("-s -", "seconds argument `-' is not positive number"),
    ("-s ' '", "seconds argument ` ' is not positive number"),
    ("-s 0.0000009", "seconds argument `0.0000009' is not positive number"),
    ("-c ''", "failed to parse count argument: ''"),
    ("-c '5 '", "failed to parse count argument: '5 '"),
    ("-c 1_0", "failed to parse count argument: '1_0'"),
    ("-c 0", "failed to parse count argument: '0': Numerical result out of range"),
    (
        "-c 99999999999999999999",
        "failed to parse count argument: '99999999999999999999': Numerical result out of range",
    ),
    (
        "-c 2147483648",
        "failed to parse count argument: '2147483648': Numerical result out of range",
    ),
]


@pytest.mark.parametrize(("args", "message"), FREE_ARG_ERRORS)
def test_free_rejects_arguments_as_procps_does(sh: Session, args: str, message: str) -> None:
    r = sh.run(f"free {args}")
    assert (r.out, r.err, r.status) == ("", f"free: {message}\n", 1)


def test_free_accepts_what_procps_accepts(sh: Session) -> None:
    for args in ["-s 1,5", "-s ' 1.'", "-s +1", "-s 0.000001", "-c 4294967297", "-s 1" + "0" * 400]:
        r = sh.run(f"free -c 1 {args}")
        assert (r.err, r.status, r.out.count("Mem:")) == ("", 0, 1), args


def test_free_sleeps_the_microseconds_x86_64_usleep_gets() -> None:
    """usleep() takes 32 bits: 4295 s became 32768 us on the host (61 tables in 2 s)."""
    assert usleep_useconds(1e6) == 1000000
    assert usleep_useconds(4295000064.0) == 32768  # 4295e6 as a C float, less 2^32
    assert usleep_useconds(float("inf")) == usleep_useconds(float("nan")) == 0


def test_ps_default_shows_this_terminal(sh: Session) -> None:
    lines = sh.run("ps").out.split("\n")
    assert lines[0] == "  PID TTY          TIME CMD"
    assert any(ln.endswith(" tty1     00:00:00 bash") for ln in lines)
    assert any(ln.endswith(" tty1     00:00:00 ps") for ln in lines)
    assert not any(ln.endswith(" init") for ln in lines)


def test_ps_all_full_and_bsd(sh: Session) -> None:
    ef = sh.run("ps -ef").out.split("\n")
    assert ef[0] == "UID        PID  PPID  C STIME TTY          TIME CMD"
    assert ef[1].startswith("root         1     0  0 ") and ef[1].endswith(" /sbin/init")
    # a login shell on each console
    assert [ln.split()[5] for ln in ef if ln.endswith(" -bash")] == [f"tty{n}" for n in range(1, 7)]
    aux = sh.run("ps aux").out.split("\n")
    assert aux[0] == ("USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND")
    assert any(" R+ " in ln and ln.endswith("ps aux") for ln in aux)
    assert sh.run("ps -p 1 -o pid=,comm=").out == "    1 init\n"
    r = sh.run("ps -p 99999")
    assert (r.out, r.status) == ("  PID TTY          TIME CMD\n", 1)
    r = sh.run("ps -o foo")
    assert r.status == 1 and r.err.startswith(
        'error: unknown user-defined format specifier "foo"\n\nUsage:\n ps [options]\n'
    )


# /bin/kill: at the shell, `kill` is bash's builtin (tests/userland/test_jobs.py).
@pytest.mark.parametrize(
    ("cmd", "err", "status"),
    [
        ("/bin/kill 99999", "/bin/kill: (99999): No such process\n", 1),
        ("/bin/kill abc", "/bin/kill: failed to parse argument: 'abc'\n", 1),
        ("/bin/kill -s FOO 1", "/bin/kill: (1): Invalid argument\n", 1),
        ("/bin/kill -l 99", "/bin/kill: unknown signal name 99\n", 0),
    ],
)
def test_kill_messages(sh: Session, cmd: str, err: str, status: int) -> None:
    r = sh.run(cmd)
    assert (r.err, r.status) == (err, status)


def test_kill_lists_and_signals(sh: Session) -> None:
    assert sh.run("/bin/kill -l 9").out == "KILL\n"
    assert sh.run("/bin/kill -l SIGTERM").out == "15\n"
    assert sh.run("/bin/kill -l").out.startswith("HUP INT QUIT ILL TRAP ABRT BUS FPE KILL ")
    assert sh.run("/bin/kill -L").out.split("\n")[0].startswith(" 1 HUP      2 INT ")
    assert sh.run("/bin/kill -0 1").status == 0
    assert sh.run("/bin/kill -s 0 $$").status == 0


def test_a_command_name_that_is_not_utf8_reads_back_as_its_bytes(sh: Session) -> None:
    """comm is bytes in Linux: /proc shows them as they are (found by the fuzzer: a
    non-UTF-8 name was an oops in the proc file's encoding)."""
    sh.kernel.tasks[3].comm = "b\udcffsh"  # the login shell, as exec of a raw name sets it
    r = sh.run("cat /proc/3/status; ps")
    assert r.status == 0, r.err
    assert "Name:\tb\udcffsh\n" in r.out
    assert "Call Trace" not in r.console
