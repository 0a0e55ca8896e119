"""The Machine: a booted kernel with its consoles — the one surface front-ends use.

Front-ends type into the active console, run the machine until it waits for them,
and show what the console output. They never reach into the kernel.
"""

from __future__ import annotations

from dataclasses import dataclass

from swapsh.kernel.bug import KernelBug
from swapsh.kernel.kernel import Kernel, ProgramFile
from swapsh.kernel.params import KernelConfig
from swapsh.kernel.signal import Sig
from swapsh.kernel.task import TaskStruct
from swapsh.kernel.tty import (
    STREAM_CONSOLE,
    STREAM_PROMPT,
    STREAM_STDERR,
    STREAM_STDOUT,
    TtyStruct,
)
from swapsh.syscalls.entry import Gate
from swapsh.userland.programs import ETC_FILES
from swapsh.userland.registry import binfmt_handlers, program_paths

__all__ = [
    "STREAM_CONSOLE",
    "STREAM_PROMPT",
    "STREAM_STDERR",
    "STREAM_STDOUT",
    "Machine",
    "MachineOptions",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class MachineOptions:
    mem_bytes: int = 256 << 20
    seed: int = 0
    swap_ns: bool = True


class Machine:
    """A simulated machine, booted to a root login shell on tty1."""

    def __init__(self, options: MachineOptions | None = None) -> None:
        opts = options or MachineOptions()
        self.kernel = Kernel(config=KernelConfig(mem_bytes=opts.mem_bytes, swap_ns=opts.swap_ns),
                             seed=opts.seed)
        self.gate = Gate(self.kernel)
        programs = [ProgramFile(path, name) for path, name in program_paths()]
        self.kernel.boot(programs, binfmt_handlers(self.gate), ETC_FILES,
                         ["/sbin/init", "tty1"])
        self.panic: str | None = None
        self.run()

    @property
    def console(self) -> TtyStruct:
        return self.kernel.ttys[self.kernel.active_console]

    # -- read-only views for completion ---------------------------------------------------
    def list_dir(self, path: str, cwd: str | None = None) -> list[tuple[str, bool]]:
        """(name, is_directory) for each entry of path in the simulated filesystem, as
        the console's shell would see it (relative to its working directory). Empty if
        path is not a readable directory. Nothing in the machine changes."""
        from swapsh.kernel.errno import KernelError

        k = self.kernel
        tsk = self._console_task()
        if tsk is None:
            return []
        try:
            ref = k.vfs.lookup(tsk, path or ".")
            if not ref.inode.is_dir:
                return []
            out = []
            for name in k.vfs.names(tsk, ref.inode):
                child = k.vfs.child(tsk, ref.inode, name)
                if child is None:
                    continue
                child = k.vfs.mounts.get(id(child), child)
                out.append((name, child.is_dir))
            return out
        except KernelError:
            return []

    def command_names(self) -> list[str]:
        """Executable names on the console shell's PATH directories, plus builtins."""
        from swapsh.userland.sh.builtins import BUILTINS

        names = set(BUILTINS) | {"clone64("}
        for d in ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"):
            names.update(n for n, is_dir in self.list_dir(d) if not is_dir)
        return sorted(names)

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
    def run(self, max_steps: int | None = None) -> bool:
        """Run tasks until every one waits (True) or max_steps ran (False)."""
        k = self.kernel
        steps = 0
        while self.panic is None:
            k.timers.run_expired(k)
            if not k.sched.run_queue and not self._idle_timers():
                return True
            try:
                k.sched.run_one()
            except KernelBug as e:
                self.panic = str(e)
                return True
            except Exception as e:  # a bug in the kernel model itself: stop, say so
                self.panic = f"internal error in the kernel model: {type(e).__name__}: {e}"
                return True
            steps += 1
            if max_steps is not None and steps >= max_steps:
                return False
        return True

    def _idle_timers(self) -> bool:
        """Nothing runnable: simulated time jumps to the next timer, if there is one."""
        k = self.kernel
        return k.timers.advance_to_next(k)

    def type_line(self, text: str) -> None:
        self.console.type_line(self.kernel, text)

    def type_eof(self) -> None:
        self.console.type_eof(self.kernel)

    def interrupt(self) -> None:
        """^C: SIGINT to the console's foreground process group."""
        k = self.kernel
        tty = self.console
        tty.flush_input()
        for t in list(k.tasks.values()):
            if tty.pgrp and t.pgrp == tty.pgrp:
                k.send_signal(t, Sig.SIGINT)

    def take_output(self) -> list[tuple[int, bytes]]:
        return self.console.take_output()

    @property
    def waiting_for_input(self) -> bool:
        return self.console.waiting_for_input

    @property
    def logged_out(self) -> bool:
        """Whether the console's login session has ended."""
        tty = self.console
        return tty.session == 0 and tty.session_exit is not None

    @property
    def exit_status(self) -> int:
        """The login shell's exit code (128+N if a signal killed it)."""
        st = self.console.session_exit or 0
        return (st >> 8) & 0xFF if st & 0x7F == 0 else 128 + (st & 0x7F)
