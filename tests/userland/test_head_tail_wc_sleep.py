"""head, tail, wc and sleep beyond the golden cases: big sparse files, tail's refused
follow mode, sleep on the simulated clock."""

from __future__ import annotations

from swapsh.userland.coreutils.textin import BACK_BLOCK as BLOCK
from tests.conftest import Session
from tests.opcount import count_calls, syscalls


def _big(sh: Session) -> None:
    sh.run("dd if=/dev/zero of=/big bs=1M count=512 status=none")
    sh.run("/bin/echo -ne '\\nEND' >> /big")


def test_tail_of_a_512_mib_file_reads_only_its_end(sh: Session) -> None:
    _big(sh)
    with syscalls(sh.m.gate) as log:
        assert sh.run("tail -c 3 /big").out == "END"
        assert sh.run("tail -n 1 /big").out == "END"
    read = sum(len(ret) for name, _, ret in log if name == "read" and isinstance(ret, bytes))
    assert read < 2 * BLOCK, read  # 3 bytes, then one block back from the end


def test_wc_c_of_a_big_file_uses_its_size(sh: Session) -> None:
    _big(sh)
    assert sh.run("wc -c /big").out == "536870916 /big\n"


def test_tail_follow_is_refused_with_a_message(sh: Session) -> None:
    for opt in ("-f", "-F", "--follow", "--follow=name"):
        r = sh.run(f"tail {opt} /etc/passwd")
        assert r.status == 1
        assert r.err.startswith("tail: following files (-f, -F, --follow) is not supported")
        assert r.out == ""


def test_head_and_tail_zero_terminated(sh: Session) -> None:
    sh.run("/bin/echo -ne 'a\\0b\\0c\\0' > /z")
    assert sh.run("head -z -n 2 /z").out == "a\0b\0"
    assert sh.run("tail -z -n 1 /z").out == "c\0"


def test_wc_counts_words_and_widths_like_gnu(sh: Session) -> None:
    sh.run("/bin/echo -ne 'a\\vb c\\fd\\re\\n' > /w")
    assert sh.run("wc -wL /w").out == " 5  4 /w\n"
    sh.run("/bin/echo -ne 'a\\0b \\001\\002 c\\n' > /n")
    assert sh.run("wc -w < /n").out == "2\n"
    assert sh.run("/bin/echo 日本語 | wc -L").out == "6\n"
    assert sh.run("cat /etc/passwd | wc -l").out == "4\n"
    assert sh.run("cat /etc/passwd | wc -lw").out == "      4       4\n"


def test_sleep_spends_simulated_time_not_host_work(sh: Session) -> None:
    """A minute of sleep is one timer: the clock jumps to it, nothing runs meanwhile."""
    sh.run("sleep 0")  # sleep's module imported
    before, switches = sh.kernel.sched.clock_ns, sh.kernel.sched.switches
    with count_calls() as short:
        assert sh.run("sleep 0.5").status == 0
    with count_calls() as long:
        assert sh.run("sleep 1m 0.5").status == 0
    assert sh.kernel.sched.clock_ns - before >= 61_000_000_000
    assert sh.kernel.sched.switches - switches < 20
    assert long.n < 2 * short.n + 1000, (short.n, long.n)


def test_sleep_bad_intervals(sh: Session) -> None:
    r = sh.run("sleep 1y")
    assert (r.err, r.status) == (
        "sleep: invalid time interval ‘1y’\nTry 'sleep --help' for more information.\n",
        1,
    )
    r = sh.run("sleep")
    assert r.err.startswith("sleep: missing operand\n") and r.status == 1
    assert sh.run("LC_ALL=C sleep x").err.startswith("sleep: invalid time interval 'x'\n")
