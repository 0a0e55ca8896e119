"""The Machine: a booted kernel with its consoles — the one surface front-ends use.

The machine has virtual consoles tty1..tty6, each with its own root login shell, all on
one kernel and one filesystem; one of them is active (on the screen, and where kernel
messages go). Front-ends type into a console (the active one unless they name
another), run the machine until it waits for them, and show what the consoles output.
They never reach into the kernel.

Console API (`tty` is a 1-based console number; None means the active console):
`active`, `consoles`, `chvt(n)`, `type_line(text, tty)`, `type_eof(tty)`,
`interrupt(tty)`, `take_output(tty)`, `waiting_for_input_on(tty)`,
`logged_out_on(tty)`, `has_login_on(tty)`, `exit_status_on(tty)`; and, for the active
console, `waiting_for_input`, `logged_out`, `exit_status`. `sleeping_on_timer` tells an
idle machine that waits for time (`sleep inf`) from one where every task is stuck.
`close()` switches it off. `read_file(path)` and `list_dir(path)` look at the
filesystem without running anything; MachineOptions.extra_files and extra_programs
install more at boot (a test harness's helpers and data).
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from swapsh.kernel.bug import KernelBug
from swapsh.kernel.do_mounts import close_root_disk
from swapsh.kernel.errno import KernelError
from swapsh.kernel.fs.namei import MAY_READ, inode_permission
from swapsh.kernel.fs.readdir import DT_DIR, vfs_readdir
from swapsh.kernel.kernel import Kernel, ProgramFile
from swapsh.kernel.mm.shmem import read_file_head
from swapsh.kernel.panic import KernelPanic
from swapsh.kernel.params import DEBUG_CHECKS_INTERVAL, DEFAULT_MEM_BYTES, KernelConfig
from swapsh.kernel.signal import Sig, kill_pgrp
from swapsh.kernel.task import CloneFlags, TaskStruct
from swapsh.kernel.traps import die_in_interrupt
from swapsh.kernel.tty import (
    OUTPUT_ROOM,
    STREAM_CONSOLE,
    STREAM_PROMPT,
    STREAM_STDERR,
    STREAM_STDOUT,
    TtyStruct,
)
from swapsh.kernel.vt import MAX_NR_CONSOLES, set_console, vc_allocate
from swapsh.syscalls.entry import Gate
from swapsh.userland.libc import Main
from swapsh.userland.programs import ETC_FILES
from swapsh.userland.registry import (
    LOGIN_PATH,
    binfmt_handler,
    binfmt_handlers,
    program_paths,
    shell_builtins,
)

__all__ = [
    "DEBUG_CHECKS_INTERVAL",
    "STREAM_CONSOLE",
    "STREAM_PROMPT",
    "STREAM_STDERR",
    "STREAM_STDOUT",
    "Machine",
    "MachineOptions",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class MachineOptions:
    mem_bytes: int = DEFAULT_MEM_BYTES
    seed: int = 0
    swap_ns: bool = True
    debug_checks: int = 0  # a checked build: the checks at every Nth syscall exit (0: off)
    # installed at boot besides userland's own, at paths it does not use (a test
    # harness's helpers and data): path -> (mode, contents); path -> program
    extra_files: Mapping[str, tuple[int, bytes]] = field(default_factory=dict)
    extra_programs: Mapping[str, Main] = field(default_factory=dict)


def _given(main: Main) -> Callable[[], Main]:
    return lambda: main


class Machine:
    """A simulated machine, booted to a root login shell on each of tty1..tty6, with
    tty1 active."""

    def __init__(self, options: MachineOptions | None = None) -> None:
        opts = options or MachineOptions()
        self.kernel = Kernel(
            config=KernelConfig(
                mem_bytes=opts.mem_bytes, swap_ns=opts.swap_ns, debug_checks=opts.debug_checks
            ),
            seed=opts.seed,
        )
        self.gate = Gate(self.kernel)
        programs = [ProgramFile(path, name) for path, name in program_paths()]
        handlers = binfmt_handlers(self.gate)
        taken = {p.path for p in programs} | ETC_FILES.keys()
        clash = taken & {*opts.extra_programs, *opts.extra_files}
        if clash:  # extras add to the distribution; they replace nothing
            raise ValueError(f"already installed: {', '.join(sorted(clash))}")
        for path, main in opts.extra_programs.items():
            # a binfmt name no userland program has: its path
            programs.append(ProgramFile(path, path))
            handlers[path] = binfmt_handler(self.gate, _given(main))
        files = {**ETC_FILES, **opts.extra_files}
        self.kernel.boot(programs, handlers, files, ["/sbin/init"])
        self.panic: str | None = None
        self.run()

    @property
    def console(self) -> TtyStruct:
        return self.kernel.ttys[self.kernel.active_console]

    # -- read-only views for completion ---------------------------------------------------
    def list_dir(self, path: str) -> list[tuple[str, bool]]:
        """(name, is_directory) for each entry of path in the simulated filesystem, as
        the console's shell would see it (relative to its working directory). Empty if
        path is not a readable directory. Nothing in the machine changes: this is what
        ls reads with getdents (the same vfs_readdir), without opening the directory."""
        k = self.kernel
        tsk = self._console_task()
        if tsk is None:
            return []
        out: list[tuple[str, bool]] = []

        def filldir(name: str, ino: int, d_type: int) -> None:
            if name not in (".", ".."):
                out.append((name, d_type == DT_DIR))

        try:
            d = k.vfs.lookup(tsk, path or ".").inode
            if not d.is_dir:
                return []
            inode_permission(tsk.cred, d, MAY_READ)  # what open(O_RDONLY) would check
            vfs_readdir(k.vfs, tsk, d, filldir)
        except KernelError:
            return []
        return out

    def read_file(self, path: str) -> bytes | None:
        """The contents of the regular file at path (absolute), as root's `cat` would
        read them; None if there is no such regular file. Nothing in the machine
        changes and no task runs: a harness watches a file grow between runs."""
        k = self.kernel
        try:
            ino = k.vfs.lookup(k.tasks[1], path).inode
        except KernelError:
            return None
        return read_file_head(k, ino, ino.i_size) if ino.is_reg else None

    def command_names(self) -> list[str]:
        """Executable names in the login PATH's directories, plus the shell's builtins
        and the seed's clone64( form."""
        names = set(shell_builtins()) | {"clone64("}
        for d in LOGIN_PATH.split(":"):
            names.update(n for n, is_dir in self.list_dir(d) if not is_dir)
        return sorted(names)

    def clone_flag_names(self) -> list[str]:
        """The CLONE_* names the shell's clone64(...) takes, in the kernel's order
        (the patch's CLONE_NEWSWAP and its alias CLONE_SWAPNS last)."""
        return list(CloneFlags.__members__)

    def _console_task(self) -> TaskStruct | None:
        """The task reading the console (the shell at its prompt), else its session leader."""
        tty = self.console
        readers = list(tty.read_wait.tasks)
        if readers:
            return readers[0]
        for t in self.kernel.tasks.values():
            if t.pid == tty.session:
                return t
        return self.kernel.tasks.get(1)

    # -- driving ---------------------------------------------------------------------------
    def bound_output(self, room: int = OUTPUT_ROOM) -> None:
        """Hold at most about room bytes per console for take_output: a writer then
        waits until they are taken (a front-end's host memory stays bounded whatever a
        program writes). Without this, output is held until taken, however much."""
        for t in self.kernel.ttys:
            t.output_room = room

    @property
    def output_held(self) -> bool:
        """Whether some console holds output that take_output has not taken yet."""
        return any(t.output for t in self.kernel.ttys)

    @property
    def output_waiting(self) -> bool:
        """Whether a task waits for output to be taken (bound_output) at some console."""
        return any(t.write_wait.tasks for t in self.kernel.ttys)

    def run(self, max_steps: int | None = None) -> bool:
        """Run tasks until every one waits (True) or max_steps ran (False). A task that
        waits for its console's output to be taken is not idle: False (take the output
        and run again)."""
        k = self.kernel
        steps = 0
        while self.panic is None:
            try:
                if not self._run_timers():
                    return not self.output_waiting
                k.sched.run_one()
            except KernelPanic as e:  # panic() printed its line; the machine stops
                self._stop(str(e))
                return True
            except KernelBug as e:  # the scheduler's own checks: no task to blame
                self._stop(str(e))
                return True
            except Exception as e:  # a bug in the kernel model itself: stop, say so
                self._stop(f"internal error in the kernel model: {type(e).__name__}: {e}")
                return True
            steps += 1
            if max_steps is not None and steps >= max_steps:
                return False
        return True

    def _run_timers(self) -> bool:
        """Fire the expired timers (interrupt context: an oops there panics); with
        nothing runnable, simulated time first jumps to the next timer. Returns:
        whether there is anything to run."""
        k = self.kernel
        try:
            k.timers.run_expired(k)
            return bool(k.sched.run_queue) or k.timers.advance_to_next(k)
        except Exception as e:
            die_in_interrupt(k, e)

    @property
    def sleeping_on_timer(self) -> bool:
        """Whether a task sleeps on a timer. When run() has returned True (idle), that
        timer is at the end of time (`sleep inf`): nothing wakes the machine but a
        key or a signal, so a front-end waits for those on the host, without spinning."""
        return self.panic is None and self.kernel.timers.pending()

    @contextlib.contextmanager
    def _interrupt_context(self) -> Iterator[None]:
        """Kernel code a key runs (the keyboard interrupt: tty input, ^C, a console
        switch): an oops there panics, as a timer's does; the machine then stops."""
        try:
            try:
                yield
            except Exception as e:
                die_in_interrupt(self.kernel, e)
        except KernelPanic as e:
            self._stop(str(e))

    def close(self) -> None:
        """Switch the machine off for good: the host file holding its disk's blocks is
        closed (it has no name, so it is gone; a dropped Machine's is closed when
        Python collects it). The machine must not be run afterwards. Safe to call twice."""
        close_root_disk(self.kernel)

    def _stop(self, reason: str) -> None:
        """The machine stops for good: no task runs again. Tasks forked but never
        run are dropped now, so that Python does not warn about them later."""
        self.panic = reason
        for t in self.kernel.tasks.values():
            if t.coro is not None and inspect.getcoroutinestate(t.coro) == inspect.CORO_CREATED:
                t.coro.close()

    # -- the consoles ------------------------------------------------------------------------
    # Every method that takes `tty` means the virtual console ttyN (1-based); None means
    # the active one, the console on the screen. A number that is not an allocated
    # console (tty1..tty6 from boot, tty7..tty63 once chvt'ed to) raises ValueError.
    @property
    def active(self) -> int:
        """The active console's number (1 for tty1): where kernel messages go and what a
        front-end shows."""
        return self.kernel.active_console + 1

    @property
    def consoles(self) -> list[int]:
        """The numbers of the allocated consoles, in order (tty1..tty6 at least)."""
        return list(range(1, len(self.kernel.ttys) + 1))

    def chvt(self, n: int) -> None:
        """Make console n active, as the keyboard's Alt-Fn or `chvt n` does (tty7..tty63
        are allocated by this, with no login on them). Raises: ValueError unless
        1 <= n <= 63."""
        if not 1 <= n <= MAX_NR_CONSOLES:
            raise ValueError(f"no virtual console {n}: consoles are 1 to {MAX_NR_CONSOLES}")
        with self._interrupt_context():
            vc_allocate(self.kernel, n - 1)
            set_console(self.kernel, n - 1)

    def _tty(self, tty: int | None) -> TtyStruct:
        if tty is None:
            return self.console
        if not 1 <= tty <= len(self.kernel.ttys):
            raise ValueError(f"no console tty{tty} (allocated: tty1 to tty{len(self.kernel.ttys)})")
        return self.kernel.ttys[tty - 1]

    def type_line(self, text: str, tty: int | None = None) -> None:
        """Type text and Enter at console tty (default: the active one)."""
        t = self._tty(tty)
        with self._interrupt_context():
            t.type_line(self.kernel, text)

    def type_eof(self, tty: int | None = None) -> None:
        """Type ^D at the start of a line at console tty (default: the active one)."""
        t = self._tty(tty)
        with self._interrupt_context():
            t.type_eof(self.kernel)

    def interrupt(self, tty: int | None = None) -> None:
        """^C at console tty (default: the active one): its typed input is dropped and
        SIGINT goes to its foreground process group."""
        self._isig(tty, Sig.SIGINT)

    def suspend(self, tty: int | None = None) -> None:
        """^Z at console tty (default: the active one): its typed input is dropped and
        SIGTSTP goes to its foreground process group (a shell with job control then
        has a stopped job)."""
        self._isig(tty, Sig.SIGTSTP)

    def _isig(self, tty: int | None, sig: Sig) -> None:
        """n_tty_receive_char for a signal character: flush, then signal the
        foreground process group (the front-end shows the echo, "^C" or "^Z")."""
        t = self._tty(tty)
        with self._interrupt_context():
            t.flush_input()
            if t.pgrp:
                kill_pgrp(self.kernel, t.pgrp, sig)

    def take_output(self, tty: int | None = None) -> list[tuple[int, bytes]]:
        """What console tty (default: the active one) was given since its last take,
        as (stream, bytes) in order (streams: STREAM_*). Every console keeps its own."""
        return self._tty(tty).take_output(self.kernel)

    def waiting_for_input_on(self, tty: int) -> bool:
        """Whether a task sleeps reading console tty and nothing typed there is left."""
        return self._tty(tty).waiting_for_input

    def logged_out_on(self, tty: int) -> bool:
        """Whether the login session on console tty has ended (init starts one per
        console at boot and does not start another)."""
        t = self._tty(tty)
        return t.session == 0 and t.session_exit is not None

    def has_login_on(self, tty: int) -> bool:
        """Whether a login session runs on console tty (never on tty7..tty63)."""
        return self._tty(tty).session != 0

    def exit_status_on(self, tty: int) -> int:
        """The exit code of console tty's login shell (128+N if signal N killed it);
        0 while it runs."""
        st = self._tty(tty).session_exit or 0
        return (st >> 8) & 0xFF if st & 0x7F == 0 else 128 + (st & 0x7F)

    @property
    def waiting_for_input(self) -> bool:
        """waiting_for_input_on the active console."""
        return self.console.waiting_for_input

    @property
    def logged_out(self) -> bool:
        """Whether the active console's login session has ended."""
        return self.logged_out_on(self.active)

    @property
    def exit_status(self) -> int:
        """The active console's login shell's exit code (128+N if a signal killed it)."""
        return self.exit_status_on(self.active)
