"""runltp and pan of LTP 2008 running the swap tests: the -p log table, the per-test
report blocks, the INFO summary, in the init swap namespace and in a child one."""

from __future__ import annotations

import pytest

from tests.conftest import Session

pytestmark = pytest.mark.slow  # whole runltp runs

RUN = "cd $LTPDIR; ./runltp -p -l out1 -f syscalls > txt1 2>&1"
TAGS = ["swapoff01", "swapoff02", "swapon01", "swapon02", "swapon03"]


def _table(rows: list[tuple[str, str, int]], uname_release: str = "2.6.25-swapns") -> str:
    fails = sum(1 for _, r, _ in rows if r == "FAIL")
    return (
        "Test Start Time: Wed Apr 30 12:00:00 2008\n"
        "-----------------------------------------\n"
        "Testcase                       Result     Exit Value\n"
        "--------                       ------     ----------\n"
        + "".join(f"{t:<30} {r:<10} {e:<5d}\n" for t, r, e in rows)
        + "\n-----------------------------------------------\n"
        f"Total Tests: {len(rows)}\nTotal Failures: {fails}\n"
        f"Kernel Version: {uname_release}\nMachine Architecture: x86_64\n"
        "Hostname: swapsh\n\n"
    )


def _release(sh: Session) -> str:
    return sh.run("uname -r").out.strip()


def test_runltp_all_pass_in_the_init_namespace(sh: Session) -> None:
    r = sh.run(RUN)
    assert r.status == 0
    log = sh.run("cat /opt/ltp/results/out1").out
    assert log == _table([(t, "PASS", 0) for t in TAGS], _release(sh))
    txt = sh.run("cat /opt/ltp/txt1").out
    assert txt.endswith("INFO: pan reported all tests PASS\nLTP Version: LTP-20080430\n")
    assert txt.startswith(
        '<<<test_start>>>\ntag=swapoff01 stime=1209556800\ncmdline="swapoff01"\n'
        'contacts=""\nanalysis=exit\ninitiation_status="ok"\n<<<test_output>>>\n'
        "swapoff01    1  PASS  :  swapoff(2) passed and turned off swapfile.\n"
        "<<<execution_status>>>\nduration=0 termination_type=exited termination_id=0 "
        "corefile=no\ncutime=0 cstime=0\n<<<test_end>>>\n<<<test_start>>>\n"
    )
    assert txt.count("<<<test_end>>>") == 5
    assert sh.run("ls /tmp").out == ""  # runltp removed its directory, the tests theirs


def test_runltp_in_a_swap_namespace_only_swapon03_passes() -> None:
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
    r = sh.run(RUN)
    assert r.status == 1
    log = sh.run("cat /opt/ltp/results/out1").out
    assert log == _table(
        [
            ("swapoff01", "FAIL", 4),
            ("swapoff02", "FAIL", 2),
            ("swapon01", "FAIL", 1),
            ("swapon02", "FAIL", 5),
            ("swapon03", "PASS", 0),
        ],
        _release(sh),
    )
    txt = sh.run("cat /opt/ltp/txt1").out
    assert txt.endswith("INFO: pan reported some tests FAIL\nLTP Version: LTP-20080430\n")
    assert (
        "<<<test_output>>>\nswapon01    1  FAIL  :  swapon(2) Failed to turn on swapfile.\n"
        "<<<execution_status>>>\nduration=0 termination_type=exited termination_id=1 "
        "corefile=no\n"
    ) in txt


def test_plain_log_quiet_and_pattern(sh: Session) -> None:
    r = sh.run("cd /; /opt/ltp/runltp -q -s swapon0 -f syscalls -l /plain.log")
    assert r.out == "INFO: pan reported all tests PASS\nLTP Version: LTP-20080430\n"
    assert r.status == 0
    assert sh.run("cat /plain.log").out == (
        "startup='Wed Apr 30 12:00:00 2008'\n"
        + "".join(
            f"tag={t} stime=1209556800 dur=0 exit=exited stat=0 core=no cu=0 cs=0\n"
            for t in TAGS[2:]
        )
    )


def test_pan_output_file_and_bad_usage(sh: Session) -> None:
    assert (
        sh.run(
            "echo '# c' > /cf; echo >> /cf; echo 't1 echo hi' >> /cf; "
            "echo 't2 sh -c \"exit 3\"' >> /cf; echo 't3 nosuch' >> /cf"
        ).status
        == 0
    )
    r = sh.run("/opt/ltp/pan/pan -e -S -f /cf -o /o1")
    assert (r.out, r.status) == ("", 1)
    o = sh.run("cat /o1").out
    assert "<<<test_output>>>\nhi\n<<<execution_status>>>" in o
    assert "termination_type=exited termination_id=3 corefile=no" in o
    # no shell characters: execvp'd directly; a command that is not there never starts
    assert (
        "initiation_status=\"pan(pan): execvp of 'nosuch' (tag t3) failed.  errno:2  "
        'No such file or directory"\n<<<test_output>>>\n<<<execution_status>>>\n'
        "duration=0 termination_type=exited termination_id=2 "
    ) in o
    assert sh.run("/opt/ltp/pan/pan -Z").status == 1
    assert sh.run("/opt/ltp/runltp -f nosuch").status == 1
    assert sh.run("ls /tmp").out == ""


def test_the_seeds_runltp_line_runs_as_typed(sh: Session) -> None:
    """The seed types `runltp -l out1 > txt1 2>&1` after `cd $LTPDIR`: runltp is on
    root's PATH (and ./runltp works the same)."""
    for runltp in ("runltp", "./runltp"):
        r = sh.run(f"cd $LTPDIR; {runltp} -f nosuch -l out1 > txt1 2>&1; cat txt1")
        assert r.out == "FATAL: unable to create command file: /opt/ltp/runtest/nosuch not found\n"
