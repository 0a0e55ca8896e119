"""head, tail, wc and sleep beyond the golden cases: big sparse files, tail's refused
follow mode, sleep on the simulated clock."""

from __future__ import annotations

import time

from tests.conftest import Session


def _big(sh: Session) -> None:
    sh.run("dd if=/dev/zero of=/big bs=1M count=512 status=none")
    sh.run("/bin/echo -ne '\\nEND' >> /big")


def test_tail_of_a_512_mib_file_reads_only_its_end(sh: Session) -> None:
    _big(sh)
    t = time.perf_counter()
    assert sh.run("tail -c 3 /big").out == "END"
    assert sh.run("tail -n 1 /big").out == "END"
    assert time.perf_counter() - t < 2.0


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


def test_sleep_spends_simulated_time(sh: Session) -> None:
    before = sh.kernel.sched.clock_ns
    t = time.perf_counter()
    assert sh.run("sleep 1m 0.5").status == 0
    assert sh.kernel.sched.clock_ns - before >= 60_500_000_000
    assert time.perf_counter() - t < 1.0


def test_sleep_bad_intervals(sh: Session) -> None:
    r = sh.run("sleep 1y")
    assert (r.err, r.status) == (
        "sleep: invalid time interval ‘1y’\nTry 'sleep --help' for more information.\n",
        1,
    )
    r = sh.run("sleep")
    assert r.err.startswith("sleep: missing operand\n") and r.status == 1
    assert sh.run("LC_ALL=C sleep x").err.startswith("sleep: invalid time interval 'x'\n")
