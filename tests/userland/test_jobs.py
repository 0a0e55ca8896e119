"""Job control in the machine's bash: `&`, the job table, jobs/fg/bg/wait/disown,
bash's kill builtin, ^Z (Machine.suspend) and the notices, against bash 5.2.15.

Expected texts were recorded from the host's bash 5.2.15 run interactively on a pty
(`bash --norc --noprofile -i`, PS1='$ ', lines typed as shown) or as scripts; only
the process ids differ (the machine's are its own). A `sleep N` ends as soon as the
machine has nothing else to run (simulated time jumps to its timer), so the jobs
that must stay are `sleep inf`.
"""

from __future__ import annotations

import pytest

from tests.conftest import Session
from tests.userland.terminal import session, settle, typed


def test_a_background_job_says_its_number_and_pid_and_done_later(sh: Session) -> None:
    """bash: $ sleep 1 & / [1] 589 / $ echo hi / hi / [1]+  Done   sleep 1. The
    machine's clock jumps to the sleep's end while the shell waits for the next
    line, so the notice follows the first command after it."""
    assert session(sh, "sleep 1 &", "echo $!", "echo hi") == (
        "$ sleep 1 &\n[1] 9\n$ echo $!\n9\n[1]+  Done                    sleep 1\n$ echo hi\nhi\n"
    )


def test_jobs_lists_as_bash_does(sh: Session) -> None:
    # recorded: jobs, jobs -l (a pipeline's processes one per line), jobs -p
    assert session(sh, "sleep inf &", "sleep inf | cat &", "jobs", "jobs -l", "jobs -p") == (
        "$ sleep inf &\n[1] 9\n"
        "$ sleep inf | cat &\n[2] 11\n"
        "$ jobs\n"
        "[1]-  Running                 sleep inf &\n"
        "[2]+  Running                 sleep inf | cat &\n"
        "$ jobs -l\n"
        "[1]-     9 Running                 sleep inf &\n"
        "[2]+    10 Running                 sleep inf\n"
        "        11                       | cat &\n"
        "$ jobs -p\n9\n10\n"
    )


def test_job_specs_and_their_errors(sh: Session) -> None:
    text = session(
        sh,
        "sleep inf 100 &",
        "sleep inf 200 &",
        "sleep inf 300 &",
        "jobs %%",
        "jobs %-",
        "jobs %sleep",
        "jobs %?200",
        "jobs %?zz",
        "jobs -r",
        "kill -STOP %2",
        "jobs -s",
        "jobs -x echo %1",
        "disown %1",
        "jobs",
        "fg %7",
    )
    assert text.split("$ jobs %%\n", 1)[1] == (
        "[3]+  Running                 sleep inf 300 &\n"
        "$ jobs %-\n[2]-  Running                 sleep inf 200 &\n"
        "$ jobs %sleep\n"
        "bash: jobs: sleep: ambiguous job spec\n"
        "bash: jobs: %sleep: no such job\n"
        "$ jobs %?200\n[2]-  Running                 sleep inf 200 &\n"
        "$ jobs %?zz\nbash: jobs: %?zz: no such job\n"
        "$ jobs -r\n"
        "[1]   Running                 sleep inf 100 &\n"
        "[2]-  Running                 sleep inf 200 &\n"
        "[3]+  Running                 sleep inf 300 &\n"
        "$ kill -STOP %2\n"
        "$ jobs -s\n[2]+  Stopped                 sleep inf 200\n"
        "$ jobs -x echo %1\n9\n"
        "$ disown %1\n"
        "$ jobs\n"
        "[2]+  Stopped                 sleep inf 200\n"
        "[3]-  Running                 sleep inf 300 &\n"
        "$ fg %7\nbash: fg: %7: no such job\n"
    )


def test_ctrl_z_stops_the_job_then_bg_fg_and_kill(sh: Session) -> None:
    """bash: ^Z / [1]+  Stopped   sleep 100 ... bg: "[1]+ sleep 100 &"; fg echoes the
    job. bash tells of the job that `kill -9` ended at the prompt right after it; the
    machine's scheduler has no wake-up preemption, so the killed task dies after the
    shell's prompt and the notice comes a command later (docs/ARCHITECTURE.md)."""
    assert session(
        sh, "&sleep inf", "^Z", "jobs", "bg", "jobs", "&fg", "^Z", "kill -9 %1", "jobs"
    ) == (
        "$ sleep inf\n^Z\n[1]+  Stopped                 sleep inf\n"
        "$ jobs\n[1]+  Stopped                 sleep inf\n"
        "$ bg\n[1]+ sleep inf &\n"
        "$ jobs\n[1]+  Running                 sleep inf &\n"
        "$ fg\nsleep inf\n^Z\n[1]+  Stopped                 sleep inf\n"
        "$ kill -9 %1\n"
        "$ jobs\n[1]+  Killed                  sleep inf\n"
    )


def test_a_stopped_pipeline_and_the_rest_of_the_line(sh: Session) -> None:
    """^Z stops the job; the line goes on with the next command (bash's wait_for
    returns 128+SIGTSTP), the notice comes first."""
    assert session(sh, "&cat /dev/zero | sleep inf; echo after $?", "^Z", "jobs -l") == (
        "$ cat /dev/zero | sleep inf; echo after $?\n"
        "^Z\n[1]+  Stopped                 cat /dev/zero | sleep inf\nafter 148\n"
        "$ jobs -l\n"
        "[1]+     9 Stopped                 cat /dev/zero\n"
        "        10                       | sleep inf\n"
    )


def test_ctrl_c_ends_a_job_brought_to_the_foreground(sh: Session) -> None:
    assert session(sh, "sleep inf &", "&fg %1", "^C", "echo $?", "jobs") == (
        "$ sleep inf &\n[1] 9\n$ fg %1\nsleep inf\n^C\n$ echo $?\n130\n$ jobs\n"
    )


def test_kill_of_a_job_is_told_at_the_next_prompt(sh: Session) -> None:
    # bash: $ kill %2 / $ echo x / x / [2]+  Terminated   sleep 200 | cat
    assert session(sh, "sleep inf | cat &", "kill %1", "echo x", "kill -INT %1") == (
        "$ sleep inf | cat &\n[1] 10\n"
        "$ kill %1\n"
        "$ echo x\nx\n[1]+  Terminated              sleep inf | cat\n"
        "$ kill -INT %1\nbash: kill: %1: no such job\n"
    )


def test_exit_with_a_stopped_job_warns_once(sh: Session) -> None:
    # bash: $ exit / exit / There are stopped jobs. / $ exit / exit (and it leaves)
    assert session(sh, "&sleep inf", "^Z", "exit", "jobs") == (
        "$ sleep inf\n^Z\n[1]+  Stopped                 sleep inf\n"
        "$ exit\nThere are stopped jobs.\n"
        "$ jobs\n[1]+  Stopped                 sleep inf\n"
    )
    assert session(sh, "exit") == "$ exit\nThere are stopped jobs.\n"
    typed(sh, "exit")
    assert sh.m.logged_out


def test_wait_and_its_statuses(sh: Session) -> None:
    assert session(
        sh,
        "false &",
        "wait $!",
        "echo $?",
        "sleep 3 & wait %1; echo $?",
        "wait 123",
        "echo $?",
        "wait %4",
        "(exit 7) & wait -n; echo $?",
        "wait -n; echo $?",
        "wait; echo $?",
    ) == (
        "$ false &\n[1] 9\n"
        "$ wait $!\n$ echo $?\n1\n"
        "$ sleep 3 & wait %1; echo $?\n[1] 10\n0\n"
        "$ wait 123\nbash: wait: pid 123 is not a child of this shell\n"
        "$ echo $?\n127\n"
        "$ wait %4\nbash: wait: %4: no such job\n"
        "$ (exit 7) & wait -n; echo $?\n[1] 11\n7\n"
        "$ wait -n; echo $?\n127\n"
        "$ wait; echo $?\n0\n"
    )


def test_ctrl_c_interrupts_wait(sh: Session) -> None:
    assert session(sh, "sleep inf &", "&wait", "^C", "echo $?", "jobs") == (
        "$ sleep inf &\n[1] 9\n$ wait\n^C$ echo $?\n130\n"  # (its "\n": the prompt's)
        "$ jobs\n[1]+  Running                 sleep inf &\n"
    )


def test_and_or_lists_and_groups_run_as_one_job(sh: Session) -> None:
    text = session(sh, "sleep inf && echo b &", "{ sleep inf; echo a; } &", "jobs")
    assert text.endswith(
        "$ jobs\n"
        "[1]-  Running                 sleep inf && echo b &\n"
        "[2]+  Running                 { sleep inf; echo a; } &\n"
    )


def test_the_directory_a_job_started_in_is_shown_when_it_differs(sh: Session) -> None:
    # bash: [1]   Running   sleep 10 > /dev/null 2>&1 &  (wd: /work/jc); (wd now: /)
    assert session(
        sh, "cd /tmp", "sleep inf > /dev/null 2>&1 &", "cd /", "jobs", "kill %1", ":"
    ) == (
        "$ cd /tmp\n$ sleep inf > /dev/null 2>&1 &\n[1] 9\n$ cd /\n"
        "$ jobs\n[1]+  Running                 sleep inf > /dev/null 2>&1 &  (wd: /tmp)\n"
        "$ kill %1\n"
        "$ :\n[1]+  Terminated              sleep inf > /dev/null 2>&1  (wd: /tmp)\n"
        "(wd now: /)\n"
    )


KILL_L = (
    " 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 4) SIGILL\t 5) SIGTRAP\n"
    " 6) SIGABRT\t 7) SIGBUS\t 8) SIGFPE\t 9) SIGKILL\t10) SIGUSR1\n"
    "11) SIGSEGV\t12) SIGUSR2\t13) SIGPIPE\t14) SIGALRM\t15) SIGTERM\n"
    "16) SIGSTKFLT\t17) SIGCHLD\t18) SIGCONT\t19) SIGSTOP\t20) SIGTSTP\n"
    "21) SIGTTIN\t22) SIGTTOU\t23) SIGURG\t24) SIGXCPU\t25) SIGXFSZ\n"
    "26) SIGVTALRM\t27) SIGPROF\t28) SIGWINCH\t29) SIGIO\t30) SIGPWR\n"
    "31) SIGSYS\t34) SIGRTMIN\t35) SIGRTMIN+1\t36) SIGRTMIN+2\t37) SIGRTMIN+3\n"
    "38) SIGRTMIN+4\t39) SIGRTMIN+5\t40) SIGRTMIN+6\t41) SIGRTMIN+7\t42) SIGRTMIN+8\n"
    "43) SIGRTMIN+9\t44) SIGRTMIN+10\t45) SIGRTMIN+11\t46) SIGRTMIN+12\t47) SIGRTMIN+13\n"
    "48) SIGRTMIN+14\t49) SIGRTMIN+15\t50) SIGRTMAX-14\t51) SIGRTMAX-13\t52) SIGRTMAX-12\n"
    "53) SIGRTMAX-11\t54) SIGRTMAX-10\t55) SIGRTMAX-9\t56) SIGRTMAX-8\t57) SIGRTMAX-7\n"
    "58) SIGRTMAX-6\t59) SIGRTMAX-5\t60) SIGRTMAX-4\t61) SIGRTMAX-3\t62) SIGRTMAX-2\n"
    "63) SIGRTMAX-1\t64) SIGRTMAX\t\n"
)


@pytest.mark.parametrize(
    ("line", "out", "err", "status"),
    [  # bash --norc -c '...; echo $?' (the -c form has no "line 1:" for these)
        ("kill -l", KILL_L, "", 0),
        ("kill -l 2 9 64 130 HUP sigint", "INT\nKILL\nRTMAX\nINT\n1\n2\n", "", 0),
        ("kill -l 200", "", "bash: kill: 200: invalid signal specification\n", 1),
        ("kill -l 0", "EXIT\n", "", 0),
        (
            "kill",
            "",
            "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... "
            "or kill -l [sigspec]\n",
            2,
        ),
        ("kill -s", "", "bash: kill: -s: option requires an argument\n", 1),
        ("kill -xyz 1", "", "bash: kill: xyz: invalid signal specification\n", 1),
        ("kill abc", "", "bash: kill: abc: arguments must be process or job IDs\n", 1),
        ("kill 99999", "", "bash: kill: (99999) - No such process\n", 1),
        ("kill %1", "", "bash: kill: %1: no such job\n", 1),
        ("kill -0 $$", "", "", 0),
    ],
)
def test_the_kill_builtin(sh: Session, line: str, out: str, err: str, status: int) -> None:
    r = sh.run(line)
    assert (r.out, r.err, r.status) == (out, err, status)


def test_a_script_has_no_job_control(sh: Session) -> None:
    """Recorded: bash FILE with these lines. Background jobs of a script: no [N] PID
    lines, `jobs` shows them, fg and bg say there is no job control, a job that a
    signal other than SIGINT, SIGTERM and SIGPIPE kills is told of with the line."""
    sh.run(
        "printf '%s\\n' 'sleep 1 &' 'jobs' 'false &' 'sleep 2' 'jobs' 'fg' 'bg' "
        "'sleep inf & kill -9 $!' 'sleep 1' 'cat & wait $!; echo cat=$?' > /s"
    )
    r = sh.run("bash /s")
    assert r.out == (
        "[1]+  Running                 sleep 1 &\n"
        "[1]-  Done                    sleep 1\n"
        "[2]+  Exit 1                  false\n"
        "cat=0\n"
    )
    assert r.err == (
        "/s: line 6: fg: no job control\n"
        "/s: line 7: bg: no job control\n"
        "/s: line 9:    13 Killed                  sleep inf\n"
    )


def test_a_foreground_job_killed_in_a_script_is_told_with_its_line(sh: Session) -> None:
    # bash /tmp/f.sh: "/tmp/f.sh: line 2:  8820 Killed   sh -c "kill -9 \$\$""; a
    # pipeline's status is its last process's: nothing for `... | cat`
    sh.run("printf '%s\\n' 'echo a' 'sleep inf | cat & kill -9 $!' > /k")
    sh.run("printf '%s\\n' 'bash -c \"kill -9 \\$\\$\"' 'bash -c \"kill -9 \\$\\$\" | cat' >> /k")
    r = sh.run("bash /k")
    assert r.out == "a\n"
    assert r.err == '/k: line 3:    12 Killed                  bash -c "kill -9 \\$\\$"\n'


@pytest.mark.slow
def test_a_background_job_swaps_while_the_shell_samples_meminfo() -> None:
    """The issue's example, smaller: memtouch in the background goes on in simulated
    time while a loop sleeps and samples /proc/meminfo; swap use grows, then the job
    ends and its slots are freed."""
    sh = Session(mem_bytes=32 << 20)
    typed(sh, "dd if=/dev/zero of=/sw bs=1M count=64 2>/dev/null; chmod 600 /sw")
    typed(sh, "mkswap /sw >/dev/null; swapon /sw")
    sh.m.type_line("memtouch 40M 2 > /dev/null &")
    while not sh.m.waiting_for_input:  # type the next line as soon as bash reads:
        sh.m.run(max_steps=1)  # the job is still at its start
    assert settle(sh, 1) == "[1] 13\n"
    text = typed(
        sh,
        "i=0; while sleep 1 && [ $i -lt 10 ]; do grep SwapFree /proc/meminfo; i=$((i+1)); done",
    )
    free = [int(line.split()[1]) for line in text.splitlines() if line.startswith("SwapFree")]
    done = text.index("[1]+  Done                    memtouch 40M 2 > /dev/null\n")
    after = [int(x.split()[1]) for x in text[done:].splitlines()[1:] if x.startswith("Swap")]
    total = 65528  # kB: the 64 MiB file less its header page
    assert min(free) < total - 16384, free  # more than 16 MiB went out to swap
    assert after and after[-1] > total - 1024, free  # and was freed when the job ended


def test_suspend_stops_a_nested_shell_and_fg_resumes_it(sh: Session) -> None:
    # bash 5.2.15: "bash: suspend: cannot suspend a login shell"; a nested bash's
    # suspend stops it as a job of the shell it was started from
    assert session(
        sh, "suspend", "suspend -x", "bash", "suspend", "jobs", "fg", "echo $$; exit", "jobs"
    ) == (
        "$ suspend\nbash: suspend: cannot suspend a login shell\n"
        "$ suspend -x\nbash: suspend: -x: invalid option\nsuspend: usage: suspend [-f]\n"
        "$ bash\n$ suspend\n\n[1]+  Stopped                 bash\n"
        "$ jobs\n[1]+  Stopped                 bash\n"
        "$ fg\nbash\n$ echo $$; exit\n9\n$ jobs\n"
    )
    assert (
        sh.run("bash -c suspend").err == "bash: line 1: suspend: cannot suspend: no job control\n"
    )


def test_compound_jobs_are_listed_as_bash_prints_them(sh: Session) -> None:
    # bash 5.2.15: [7]+  Running   for i in 1;\ndo\n    sleep 16;\ndone &
    text = session(sh, "for i in 1; do sleep inf; done &", "(sleep inf) &", "jobs")
    assert text.endswith(
        "$ jobs\n"
        "[1]-  Running                 for i in 1;\ndo\n    sleep inf;\ndone &\n"
        "[2]+  Running                 ( sleep inf ) &\n"
    )


def test_subshells_and_command_substitutions(sh: Session) -> None:
    """bash 5.2.15 (`bash -c`): a ( ) job is one process running its whole list; a
    command substitution lists the shell's jobs, a ( ) subshell has none; $(< f)."""
    r = sh.run("bash -c '( sleep 1; exit 4 ) & wait %%; echo $?'")
    assert r.out == "4\n"
    r = sh.run("bash -c 'sleep 5 & echo $(jobs); (jobs; echo in)'")
    assert r.out == "[1]+ Running sleep 5 &\nin\n"
    r = sh.run("echo hi > /f; bash -c 'x=$(< /f); echo \"[$x]\"; y=$(< /none); echo st=$?'")
    assert (r.out, r.err) == ("[hi]\nst=1\n", "bash: line 1: /none: No such file or directory\n")
