"""The shell's jobs (models bash 5.2's jobs.c): the job table, `&`, waiting for a
job in the foreground, the "Done"/"Stopped" notices, and the builtins jobs, fg, bg,
wait, disown and kill.

An interactive shell on its terminal has job control: each job is a process group
of its own, the foreground one owns the terminal (^C and ^Z reach it), and a job
that ^Z stops stays in the table until `fg`/`bg` continue it. Any other shell (a
script, `bash -c`, a subshell) runs background jobs in its own process group with
SIGINT and SIGQUIT ignored and stdin from /dev/null, as bash does without job
control, and says nothing when they end unless a signal killed them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from swapsh.syscalls.abi import O_RDONLY, O_RDWR, SIG_IGN, WCONTINUED, WNOHANG, WUNTRACED, Sig
from swapsh.userland.libc import (
    WCOREDUMP,
    WEXITSTATUS,
    WIFCONTINUED,
    WIFSIGNALED,
    WIFSTOPPED,
    WSTOPSIG,
    WTERMSIG,
    Libc,
)
from swapsh.userland.sh.ast import Lit, SimpleCommand, Word
from swapsh.userland.sh.builtins import builtin
from swapsh.userland.sh.execute import Interrupted
from swapsh.userland.sh.signames import SIGNAL_NAMES, decode_signal, signal_list
from swapsh.userland.siglist import strsignal

if TYPE_CHECKING:
    from swapsh.userland.sh.shell import Shell

__all__ = [
    "Job",
    "JobTable",
    "Process",
    "notify",
    "reap",
    "set_job_control",
    "stopped_jobs_hold_exit",
    "wait_foreground",
]

TTY_FD = 255  # bash keeps its own descriptor on the terminal here
STATUS_WIDTH = 24  # bash's LONGEST_SIGNAL_DESC: the status column of a job listing
BGPIDS_MAX = 1024  # statuses of ended background processes kept for `wait PID`
RUNNING, STOPPED, DEAD = "running", "stopped", "dead"
STANDARD, LONG, PIDS, NONINTERACTIVE = 0, 1, 2, 3  # bash's JLIST_* listing formats


def exit_status(status: int) -> int:
    """$? for a wait status: the exit code, or 128 + the signal that ended or
    stopped the process."""
    if WIFSTOPPED(status):
        return 128 + WSTOPSIG(status)
    if WIFSIGNALED(status):
        return 128 + WTERMSIG(status)
    return WEXITSTATUS(status)


@dataclass(slots=True)
class Process:
    pid: int
    command: str  # its text, as bash prints it in a listing
    status: int = 0  # the last wait status
    state: str = RUNNING


@dataclass(slots=True)
class Job:
    number: int
    pgid: int
    procs: list[Process]
    wd: str  # the shell's directory when it started
    foreground: bool
    notified: bool = True  # the person has seen its current state
    stamp: int = 0  # when it was last started, stopped or continued (for %+ and %-)
    job_control: bool = True  # started with job control: a process group of its own

    @property
    def state(self) -> str:
        """bash's JOBSTATE: running while any process runs, stopped while any is
        stopped and none runs, else dead."""
        states = {p.state for p in self.procs}
        return RUNNING if RUNNING in states else STOPPED if STOPPED in states else DEAD

    @property
    def status(self) -> int:
        """raw_job_exit_status: the last process's wait status."""
        return self.procs[-1].status

    @property
    def text(self) -> str:
        return " | ".join(p.command for p in self.procs)


@dataclass
class JobTable:
    jobs: dict[int, Job] = field(default_factory=dict)
    clock: int = 0
    bgpids: OrderedDict[int, int] = field(default_factory=OrderedDict)  # pid -> $?
    last_async: int = 0  # $!

    def add(
        self, pgid: int, procs: list[Process], wd: str, foreground: bool, job_control: bool
    ) -> Job:
        """A new job, numbered one past the highest in use (bash reuses numbers)."""
        number = max(self.jobs, default=0) + 1
        self.clock += 1
        job = Job(number, pgid, procs, wd, foreground, stamp=self.clock, job_control=job_control)
        self.jobs[number] = job
        return job

    def touch(self, job: Job) -> None:
        self.clock += 1
        job.stamp = self.clock

    def cleanup_dead(self) -> None:
        """cleanup_dead_jobs(): the ended jobs that have been told of leave."""
        for job in [j for j in self.jobs.values() if j.state == DEAD and j.notified]:
            self.remove(job)

    def remove(self, job: Job) -> None:
        if not job.foreground:
            for p in job.procs:
                if p.state == DEAD:
                    self.remember(p.pid, exit_status(p.status))
        self.jobs.pop(job.number, None)

    def remember(self, pid: int, status: int) -> None:
        self.bgpids[pid] = status
        self.bgpids.move_to_end(pid)
        while len(self.bgpids) > BGPIDS_MAX:
            self.bgpids.popitem(last=False)

    def listing_copy(self) -> JobTable:
        """The table a command substitution inherits: bash's $(jobs) lists the
        shell's jobs (its subshell waits for none of them)."""
        copy = JobTable(clock=self.clock, last_async=self.last_async)
        copy.jobs = {n: dataclasses.replace(j, procs=list(j.procs)) for n, j in self.jobs.items()}
        return copy

    def ranked(self) -> list[Job]:
        """The jobs, the current one (%+) first and the previous (%-) second: a
        stopped job before a running one, then the one most lately started,
        stopped or continued."""
        return sorted(self.jobs.values(), key=lambda j: (j.state == STOPPED, j.stamp), reverse=True)

    def mark(self, job: Job) -> str:
        ranked = self.ranked()
        if ranked and ranked[0] is job:
            return "+"
        if len(ranked) > 1 and ranked[1] is job:
            return "-"
        return " "

    def by_pid(self, pid: int) -> tuple[Job, Process] | None:
        for job in self.jobs.values():
            for p in job.procs:
                if p.pid == pid:
                    return job, p
        return None

    def update(self, pid: int, status: int) -> Job | None:
        """A wait status for pid (waitchld): its process's new state; a job whose
        state changes is to be told of again."""
        found = self.by_pid(pid)
        if found is None:
            return None
        job, p = found
        before = job.state
        p.status = status if not WIFCONTINUED(status) else p.status
        p.state = RUNNING if WIFCONTINUED(status) else STOPPED if WIFSTOPPED(status) else DEAD
        if job.state != before:
            job.notified = False
            if job.state == STOPPED:
                job.foreground = False
                self.touch(job)
        return job

    def find(self, spec: str) -> Job | None:
        """A job spec: %N, %+ / %% / %, %-, %string (a command starting so) or
        %?string (containing it). Raises: ValueError("ambiguous") for a string
        that several jobs match."""
        body = spec[1:] if spec.startswith("%") else spec
        ranked = self.ranked()
        if body in ("", "%", "+"):
            return ranked[0] if ranked else None
        if body == "-":
            return ranked[1] if len(ranked) > 1 else ranked[0] if ranked else None
        if body.isdigit():
            return self.jobs.get(int(body))
        if body.startswith("?"):
            hits = [j for j in self.jobs.values() if body[1:] in j.text]
        else:
            hits = [j for j in self.jobs.values() if j.text.startswith(body)]
        if len(hits) > 1:
            raise ValueError("ambiguous")
        return hits[0] if hits else None


# -- listing ---------------------------------------------------------------------------------
def _printable_status(job: Job, p: Process, fmt: int) -> str:
    """printable_job_status()."""
    state = job.state
    if state == STOPPED and fmt == STANDARD:
        return "Stopped"
    if state == RUNNING:
        return "Running"
    if WIFSTOPPED(p.status):
        return strsignal(WSTOPSIG(p.status))
    if WIFSIGNALED(p.status):
        return strsignal(WTERMSIG(p.status))
    code = WEXITSTATUS(p.status)
    return "Done" if code == 0 else f"Exit {code}"


def _polite(sh: Shell, path: str) -> str:
    """polite_directory_format(): $HOME shown as ~."""
    home = sh.vars.get("HOME", "")
    if home and home != "/" and (path == home or path.startswith(home + "/")):
        return "~" + path[len(home) :]
    return path


def job_listing(sh: Shell, job: Job, fmt: int, cwd: str) -> str:
    """pretty_print_job() and print_pipeline(): one job as `jobs` lists it."""
    out = [] if fmt == NONINTERACTIVE else [f"[{job.number}]{sh.jobs.mark(job)} "]
    fmt = LONG if fmt == NONINTERACTIVE else fmt
    first, last = job.procs[0], job.procs[-1]
    for p in job.procs:
        if p is not first:
            out.append("     " if fmt else " |")
        if fmt != STANDARD:
            out.append(f"{p.pid:5d}")
        out.append(" ")
        temp: str | None = _printable_status(job, p if fmt else last, fmt)
        if p is not first:
            same = p.state == first.state and p.status == first.status
            temp = ("" if same else temp) if fmt else None
        if temp is not None:
            out.append(temp + " " * max(0, STATUS_WIDTH - (len(temp) or 2)))
            shown = p if fmt else last
            if not WIFSTOPPED(shown.status) and WCOREDUMP(shown.status):
                out.append("(core dumped) ")
        if p is not first and fmt:
            out.append("| ")
        out.append(p.command)
        if p is last:
            if job.state == RUNNING and not job.foreground:
                out.append(" &")
            if cwd != job.wd:
                out.append(f"  (wd: {_polite(sh, job.wd)})")
        if fmt or p is last:
            out.append("\n")
    return "".join(out)


# -- waiting ---------------------------------------------------------------------------------
async def reap(sh: Shell) -> None:
    """waitchld() without blocking: every child that ended, stopped or continued
    since the last look updates its job."""
    while sh.jobs.jobs:
        try:
            pid, status = await sh.libc.waitpid(-1, WNOHANG | WUNTRACED | WCONTINUED)
        except OSError:
            return  # ECHILD: none left (or EINTR: the next look gets them)
        if pid <= 0:
            return
        sh.jobs.update(pid, status)


async def notify(sh: Shell) -> None:
    """notify_and_cleanup(): reap, tell of jobs that changed (an interactive shell
    tells of every ended or stopped background job; any other shell only of one a
    signal other than SIGINT, SIGTERM and SIGPIPE killed), forget the dead ones."""
    await reap(sh)
    cwd: str | None = None
    for job in sorted(sh.jobs.jobs.values(), key=lambda j: j.number):
        if job.notified:
            continue
        state = job.state
        if state == RUNNING:
            continue
        if sh.job_control:
            job.notified = True
            cwd = cwd or await sh.libc.getcwd()
            lead = "\n" if state == STOPPED else ""
            text = lead + job_listing(sh, job, STANDARD, cwd)
            if cwd != job.wd:
                text += f"(wd now: {_polite(sh, cwd)})\n"
            await sh.libc.err(text)
        elif state == DEAD and reported_in_scripts(job.status):
            job.notified = True
            name = sh.source_name or sh.name
            cwd = cwd or await sh.libc.getcwd()
            listing = job_listing(sh, job, NONINTERACTIVE, cwd)
            await sh.libc.err(f"{name}: line {max(1, sh.lineno)}: {listing}")
    sh.jobs.cleanup_dead()  # a script's untold ones stay until `jobs` or `wait`


def reported_in_scripts(status: int) -> bool:
    return WIFSIGNALED(status) and WTERMSIG(status) not in (Sig.SIGINT, Sig.SIGTERM, Sig.SIGPIPE)


async def wait_foreground(sh: Shell, job: Job) -> list[int]:
    """wait_for(): give the terminal to the job (with job control), wait until none
    of its processes runs, take the terminal back. Returns the wait statuses of its
    processes. A job that stopped stays in the table, to be told of; one that
    ended leaves it (its status is $?'s to tell)."""
    libc = sh.libc
    if sh.job_control:
        with contextlib.suppress(OSError):
            await libc.tcsetpgrp(TTY_FD, job.pgid)
    try:
        for p in job.procs:
            while p.state == RUNNING:
                try:
                    pid, status = await libc.waitpid(p.pid, WUNTRACED if sh.job_control else 0)
                except OSError as e:
                    if e.errno == errno.EINTR:
                        continue
                    p.state = DEAD  # ECHILD: reaped elsewhere (bash assumes status 0)
                    break
                sh.jobs.update(pid, status)
    finally:
        if sh.job_control:
            with contextlib.suppress(OSError):
                await libc.tcsetpgrp(TTY_FD, sh.pgrp)
    if job.state == DEAD:
        sh.jobs.jobs.pop(job.number, None)
    return [p.status for p in job.procs]


async def continue_job(sh: Shell, job: Job, foreground: bool) -> None:
    """start_job(): the job runs again, in the foreground or the background."""
    job.foreground = foreground
    sh.jobs.touch(job)
    was_stopped = job.state == STOPPED
    for p in job.procs:
        if p.state == STOPPED:
            p.state = RUNNING
    job.notified = True
    if was_stopped:
        with contextlib.suppress(OSError):
            await sh.libc.kill(-job.pgid if sh.job_control else job.procs[-1].pid, Sig.SIGCONT)


async def background_child_setup(sh: Shell, c: Libc) -> None:
    """A background job's process in a shell without job control: SIGINT and
    SIGQUIT ignored, stdin from /dev/null (the job's own redirections come after)."""
    await c.signal(Sig.SIGINT, SIG_IGN)
    await c.signal(Sig.SIGQUIT, SIG_IGN)
    with contextlib.suppress(OSError):
        fd = await c.open("/dev/null", O_RDONLY)
        if fd != 0:
            await c.dup2(fd, 0)
            await c.close(fd)


async def open_terminal(libc: Libc) -> None:
    """The shell's own descriptor on its terminal, at TTY_FD (its own open of
    /dev/tty, so its own stream mark). Raises: OSError without a terminal."""
    fd = await libc.open("/dev/tty", O_RDWR)
    if fd != TTY_FD:
        await libc.dup2(fd, TTY_FD)
        await libc.close(fd)


async def set_job_control(sh: Shell, on: bool) -> None:
    """`set -m` / `set +m` (bash's set_job_control): on, the shell takes its
    terminal as an interactive one does -- its own descriptor on /dev/tty, a
    process group of its own in the terminal's foreground; jobs started from then
    on are process groups of their own. Without a terminal it stays off."""
    if not on:
        sh.job_control = False
        return
    libc = sh.libc
    try:
        if not sh.tty:
            await open_terminal(libc)
            sh.tty = True
        with contextlib.suppress(OSError):  # EPERM: a session leader leads its group
            await libc.setpgid(0, 0)
        sh.pgrp = await libc.getpgrp()
        await libc.tcsetpgrp(TTY_FD, sh.pgrp)
    except OSError:
        return
    sh.job_control = True


async def stopped_jobs_hold_exit(sh: Shell) -> bool:
    """exit_or_logout(): with a job stopped, the first `exit` (or ^D) only says so;
    a second one in a row leaves (the stopped jobs then get SIGHUP and SIGCONT from
    the kernel, their process groups orphaned)."""
    if not sh.job_control or sh.last_builtin == "exit":
        return False
    await reap(sh)
    if not any(j.state == STOPPED for j in sh.jobs.jobs.values()):
        return False
    await sh.libc.err("There are stopped jobs.\n")
    sh.last_builtin = sh.this_builtin = "exit"
    return True


# -- builtins --------------------------------------------------------------------------------
async def _job_arg(sh: Shell, who: str, spec: str) -> Job | None:
    """The job a builtin's argument names, or None after bash's message."""
    try:
        job = sh.jobs.find(spec)
    except ValueError:
        await sh.error(f"{who}: {spec.lstrip('%')}: ambiguous job spec")
        job = None
    if job is None:
        await sh.error(f"{who}: {spec}: no such job")
    return job


@builtin("jobs")
async def jobs_(sh: Shell, argv: list[str]) -> int:
    """jobs [-lnprs] [jobspec ...]; jobs -x command [args]."""
    opts = await _jobs_options(sh, argv[1:])
    if isinstance(opts, int):
        return opts
    fmt, only, changed, args = opts
    if fmt == -1:
        return await _jobs_x(sh, args)
    await reap(sh)
    cwd = await sh.libc.getcwd()
    status, chosen = 0, []
    for spec in args:
        job = await _job_arg(sh, "jobs", spec)
        status = 1 if job is None else status
        chosen += [job] if job is not None else []
    if not args:
        chosen = sorted(sh.jobs.jobs.values(), key=lambda j: j.number)
    for job in chosen:
        if (only and job.state != only) or (changed and job.notified):
            continue
        text = f"{job.procs[0].pid}\n" if fmt == PIDS else job_listing(sh, job, fmt, cwd)
        await sh.libc.out(text)
        job.notified = True
    sh.jobs.cleanup_dead()
    return status


async def _jobs_options(
    sh: Shell, args: list[str]
) -> tuple[int, str | None, bool, list[str]] | int:
    """(format, state wanted, only changed ones, the rest); format -1 for -x; or
    the exit status after a bad option."""
    fmt, only, changed = STANDARD, None, False
    while args and args[0].startswith("-") and args[0] != "-":
        opt, args = args[0], args[1:]
        if opt == "--":
            break
        for c in opt[1:]:
            if c not in "lpnrsx":
                await sh.error(f"jobs: -{c}: invalid option")
                await sh.libc.err(
                    "jobs: usage: jobs [-lnprs] [jobspec ...] or jobs -x command [args]\n"
                )
                return 2
            if c == "x":
                return -1, None, False, args
            fmt = {"l": LONG, "p": PIDS}.get(c, fmt)
            changed = changed or c == "n"
            only = {"r": RUNNING, "s": STOPPED}.get(c, only)
    return fmt, only, changed, args


async def _jobs_x(sh: Shell, args: list[str]) -> int:
    """jobs -x: the command run with each job spec replaced by its group's pid."""
    words = []
    for a in args:
        job = sh.jobs.find(a) if a.startswith("%") else None
        words.append(str(job.pgid) if job else a)
    if not words:
        return 0
    quoted = tuple(Word((Lit(w, True),), w) for w in words)
    return await sh.run_command(SimpleCommand((), quoted, ()))


async def _fg_bg_job(sh: Shell, who: str, argv: list[str]) -> Job | None:
    args = argv[1:]
    if args and args[0] == "--":
        args = args[1:]
    elif args and args[0].startswith("-") and args[0] != "-":
        await sh.error(f"{who}: {args[0][:2]}: invalid option")
        usage = "fg [job_spec]" if who == "fg" else "bg [job_spec ...]"
        await sh.libc.err(f"{who}: usage: {usage}\n")
        return None
    if not sh.job_control:
        await sh.error(f"{who}: no job control")
        return None
    argv = [who, *args]
    spec = argv[1] if len(argv) > 1 else "%+"
    await reap(sh)
    job = _find_quietly(sh, spec)
    if job is None:
        await sh.error(f"{who}: {argv[1] if len(argv) > 1 else 'current'}: no such job")
        return None
    if job.state == DEAD:
        await sh.error(f"{who}: job has terminated")
        return None
    if not job.job_control:
        await sh.error(f"{who}: job {job.number} started without job control")
        return None
    return job


@builtin("fg")
async def fg(sh: Shell, argv: list[str]) -> int:
    job = await _fg_bg_job(sh, "fg", argv)
    if job is None:
        return 1
    await sh.libc.out(job.text + "\n")
    await continue_job(sh, job, foreground=True)
    statuses = await wait_foreground(sh, job)
    return await sh.finish_foreground(job, statuses)


@builtin("bg")
async def bg(sh: Shell, argv: list[str]) -> int:
    job = await _fg_bg_job(sh, "bg", argv)
    if job is None:
        return 1
    if job.state == RUNNING and not job.foreground:
        await sh.error(f"bg: job {job.number} already in background")
        return 0
    await continue_job(sh, job, foreground=False)
    await sh.libc.out(f"[{job.number}]{sh.jobs.mark(job)} {job.text} &\n")
    return 0


@builtin("disown")
async def disown(sh: Shell, argv: list[str]) -> int:
    """disown [-h] [-ar] [jobspec ... | pid ...]: the jobs leave the table (-a every
    job, -r the running ones). -h keeps them and marks them not to get SIGHUP from
    the shell, which sends none here (it does not relay a hangup to its jobs)."""
    args, flags = argv[1:], ""
    while args and args[0].startswith("-") and args[0] != "-":
        opt = args.pop(0)
        if opt == "--":
            break
        bad = set(opt[1:]) - set("ahr")
        if bad:
            await sh.error(f"disown: -{sorted(bad)[0]}: invalid option")
            await sh.libc.err("disown: usage: disown [-h] [-ar] [jobspec ... | pid ...]\n")
            return 2
        flags += opt[1:]
    if "a" in flags or ("r" in flags and not args):
        chosen = [j for j in sh.jobs.jobs.values() if "r" not in flags or j.state == RUNNING]
        if "h" not in flags:
            for each in chosen:
                sh.jobs.jobs.pop(each.number, None)
        return 0
    status = 0
    for spec in args or ["%+"]:
        found = _by_pid(sh, int(spec)) if spec.isdigit() else _find_quietly(sh, spec)
        if found is None:
            await sh.error(f"disown: {spec if args else 'current'}: no such job")
            status = 1
        elif "h" not in flags:
            sh.jobs.jobs.pop(found.number, None)
    return status


def _find_quietly(sh: Shell, spec: str) -> Job | None:
    """The job spec's job; None for none or an ambiguous one (no message)."""
    try:
        return sh.jobs.find(spec)
    except ValueError:
        return None


def _by_pid(sh: Shell, pid: int) -> Job | None:
    found = sh.jobs.by_pid(pid)
    return found[0] if found else None


@builtin("wait")
async def wait(sh: Shell, argv: list[str]) -> int:
    """wait [-n] [id ...]: each id a pid or a job spec; none: every background job.
    Returns the status of the last one waited for (127 for one not known)."""
    args = argv[1:]
    any_one, var = False, None
    while args and args[0].startswith("-") and args[0] != "-":
        opt = args.pop(0)
        if opt == "--":
            break
        if opt in ("-n", "-f", "-nf", "-fn"):  # -f: until it ends (what every wait here does)
            any_one = any_one or "n" in opt
            continue
        if opt == "-p" and args:
            var = args.pop(0)
            continue
        await sh.error(f"wait: {opt}: invalid option")
        await sh.libc.err("wait: usage: wait [-fn] [-p var] [id ...]\n")
        return 2
    if var is not None:
        sh.vars.pop(var, None)  # bash unsets it first
    if any_one:
        status, pid = await _wait_any(sh, args)
    elif not args:
        return await _wait_all(sh)
    else:
        status, pid = 0, 0
        for arg in args:
            status, pid = await _wait_one(sh, arg)
    if var is not None and pid:
        sh.vars[var] = str(pid)
    return status


async def _wait_all(sh: Shell) -> int:
    while True:
        await reap(sh)
        for job in sorted(sh.jobs.jobs.values(), key=lambda j: j.number):
            if job.state == STOPPED:
                await sh.error(f"wait: warning: job {job.number}[{job.procs[-1].pid}] stopped")
        running = [j for j in sh.jobs.jobs.values() if j.state == RUNNING and not j.foreground]
        if not running:  # POSIX: `wait` may forget every ended job
            for job in [j for j in sh.jobs.jobs.values() if j.state == DEAD]:
                sh.jobs.remove(job)
            return 0
        await _block_on(sh, running[0].procs[-1].pid)


async def _block_on(sh: Shell, pid: int) -> None:
    """Wait for one child to change. Raises: Interrupted when ^C interrupts the wait
    of an interactive shell (the line ends, $? is 130)."""
    try:
        got, status = await sh.libc.waitpid(pid, WUNTRACED if sh.job_control else 0)
    except OSError as e:
        if e.errno == errno.EINTR:
            raise Interrupted from None
        if e.errno == errno.ECHILD:
            found = sh.jobs.by_pid(pid)
            if found:
                found[1].state = DEAD
            return
        raise
    sh.jobs.update(got, status)


async def _wait_one(sh: Shell, arg: str) -> tuple[int, int]:
    """wait ID: (its status, its pid)."""
    if arg.startswith("%"):
        job = await _job_arg(sh, "wait", arg)
        if job is None:
            return 127, 0
        pid = job.procs[-1].pid
    elif arg.isdigit():
        pid = int(arg)
        found = sh.jobs.by_pid(pid)
        if found is None:
            if pid in sh.jobs.bgpids:
                return sh.jobs.bgpids[pid], pid
            await sh.error(f"wait: pid {pid} is not a child of this shell")
            return 127, 0
        job = found[0]
    else:
        await sh.error(f"wait: `{arg}': not a pid or valid job spec")
        return 2, 0
    while job.state == RUNNING:
        await _block_on(sh, job.procs[-1].pid if job.procs[-1].state == RUNNING else pid)
        await reap(sh)
    status = exit_status(_process(job, pid).status)
    if job.state == DEAD:
        job.notified = True
        sh.jobs.remove(job)
    return status, pid


def _process(job: Job, pid: int) -> Process:
    return next((p for p in job.procs if p.pid == pid), job.procs[-1])


async def _wait_any(sh: Shell, args: list[str]) -> tuple[int, int]:
    """wait -n: the next job (of those named, or any) to end: (status, pid)."""
    while True:
        await reap(sh)
        pool = [j for j in sh.jobs.jobs.values() if not j.foreground]
        if args:
            pool = [j for j in pool if any(_names(sh, a, j) for a in args)]
        for job in sorted(pool, key=lambda j: j.number):
            if job.state == DEAD and not job.notified:
                status = exit_status(job.status)
                job.notified = True
                sh.jobs.remove(job)
                return status, job.procs[-1].pid
        running = [j for j in pool if j.state == RUNNING]
        if not running:
            return 127, 0
        try:
            pid, status = await sh.libc.waitpid(-1, 0)
        except OSError as e:
            if e.errno == errno.EINTR:
                raise Interrupted from None
            return 127, 0
        sh.jobs.update(pid, status)


def _names(sh: Shell, arg: str, job: Job) -> bool:
    if arg.startswith("%"):
        return _find_quietly(sh, arg) is job
    return arg.isdigit() and any(p.pid == int(arg) for p in job.procs)


KILL_USAGE = (
    "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n"
)


@builtin("kill")
async def kill(sh: Shell, argv: list[str]) -> int:
    """bash's kill builtin (kill.def): -s NAME, -n NUM, -NAME/-NUM, -l/-L [sigspec];
    a job spec signals the job's process group (and continues a stopped one)."""
    args, sig = argv[1:], int(Sig.SIGTERM)
    if not args:
        await sh.libc.err(KILL_USAGE)
        return 2
    while args and args[0].startswith("-") and args[0] != "-":
        opt = args[0]
        if opt in ("-l", "-L"):
            return await _kill_list(sh, args[1:])
        if opt == "--":
            args.pop(0)
            break
        if opt in ("-s", "-n"):
            if len(args) < 2:
                await sh.error(f"kill: {opt}: option requires an argument")
                return 1
            spec = args[1]
            del args[:2]
        else:
            spec = opt[1:]
            args.pop(0)
        number = decode_signal(spec)
        if number is None:
            await sh.error(f"kill: {spec}: invalid signal specification")
            return 1
        sig = number
    if not args:
        await sh.libc.err(KILL_USAGE)
        return 2
    status = 0
    for arg in args:
        if not await _kill_one(sh, arg, sig):
            status = 1
    return status


async def _kill_one(sh: Shell, arg: str, sig: int) -> bool:
    if arg.startswith("%"):
        job = await _job_arg(sh, "kill", arg)
        if job is None:
            return False
        target = -job.pgid if sh.job_control else job.procs[-1].pid
        try:
            await sh.libc.kill(target, sig)
            if job.state == STOPPED and sig not in (Sig.SIGCONT, Sig.SIGKILL):
                await sh.libc.kill(target, Sig.SIGCONT)
        except OSError as e:
            await sh.error(f"kill: ({job.pgid}) - {e.strerror}")
            return False
        return True
    body = arg[1:] if arg.startswith("-") else arg
    if not arg:  # sh_badpid
        await sh.error("kill: `': not a pid or valid job spec")
        return False
    if not body.isdigit():
        await sh.error(f"kill: {arg}: arguments must be process or job IDs")
        return False
    try:
        await sh.libc.kill(int(arg), sig)
    except OSError as e:
        await sh.error(f"kill: ({arg}) - {e.strerror}")
        return False
    return True


async def _kill_list(sh: Shell, args: list[str]) -> int:
    """kill -l: every signal as bash lists them; kill -l SIG...: names for numbers
    (an exit status above 128 names its signal) and numbers for names."""
    if not args:
        await sh.libc.out(signal_list())
        return 0
    status = 0
    for a in args:
        if a.isdigit():
            n = int(a)
            n = n - 128 if n > 128 else n
            name = "EXIT" if n == 0 else SIGNAL_NAMES.get(n)
            if name is None:
                await sh.error(f"kill: {a}: invalid signal specification")
                status = 1
                continue
            await sh.libc.out(name.removeprefix("SIG") + "\n")
        else:
            number = decode_signal(a)
            if number is None:
                await sh.error(f"kill: {a}: invalid signal specification")
                status = 1
                continue
            await sh.libc.out(f"{number}\n")
    return status


@builtin("suspend")
async def suspend(sh: Shell, argv: list[str]) -> int:
    """suspend [-f]: the shell stops itself (SIGSTOP to its process group) until a
    SIGCONT, as a shell started from another one's job does; not a login shell
    (which would leave its terminal with nobody) unless -f."""
    args, force = argv[1:], False
    while args and args[0].startswith("-") and args[0] != "-":
        opt = args.pop(0)
        if opt == "--":
            break
        if set(opt[1:]) != {"f"}:
            bad = next(c for c in opt[1:] if c != "f")
            await sh.error(f"suspend: -{bad}: invalid option")
            await sh.libc.err("suspend: usage: suspend [-f]\n")
            return 2
        force = True
    if args:
        await sh.error("suspend: too many arguments")
        return 1
    if not force and not sh.job_control:
        await sh.error("suspend: cannot suspend: no job control")
        return 1
    if not force and sh.login:
        await sh.error("suspend: cannot suspend a login shell")
        return 1
    with contextlib.suppress(OSError):
        await sh.libc.kill(-sh.pgrp, Sig.SIGSTOP)
    return 0
