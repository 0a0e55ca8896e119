"""The machine's kernel: every subsystem's state, and boot (models init/main.c).

Linux keeps this state in globals; the model keeps it in one Kernel object so that
several machines can live in one Python process (tests do that). Behaviour lives in
the subsystem modules; this class only wires them together.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from swapsh.kernel.bug import KernelBug
from swapsh.kernel.cred import ROOT_CRED, Cred
from swapsh.kernel.do_mounts import mount_root, populate_rootfs
from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.exec import BINFMT_MAGIC, Binfmt, exec_program
from swapsh.kernel.exit import TaskExit
from swapsh.kernel.fork import task_entry
from swapsh.kernel.fs.file import File, FilesStruct
from swapsh.kernel.fs.namei import Vfs
from swapsh.kernel.fs.open import filp_open
from swapsh.kernel.fs.procfs import ProcRoot, proc_root_init
from swapsh.kernel.ipc.namespace import clone_ipc_ns
from swapsh.kernel.ipc.shm import shm_exit_ns
from swapsh.kernel.kref import kref_init
from swapsh.kernel.locking import Lockdep
from swapsh.kernel.mm.mm_types import MmStruct, Page, ShmemInodeInfo
from swapsh.kernel.mm.page_alloc import Zone
from swapsh.kernel.mm.swap_alloc import SwapState
from swapsh.kernel.mm.swapfile import release_swap_ns_area
from swapsh.kernel.mm.vmscan import kswapd
from swapsh.kernel.namespaces import (
    IpcNamespace,
    MntNamespace,
    Net,
    NewUtsname,
    PidNamespace,
    UserNamespace,
    UtsNamespace,
)
from swapsh.kernel.nsproxy import NsProxy
from swapsh.kernel.panic import OopsState
from swapsh.kernel.params import (
    BOOT_EPOCH,
    KERNEL_CODE_KB,
    KERNEL_DATA_KB,
    KERNEL_IMAGE_KB,
    KERNEL_INIT_KB,
    PAGE_SIZE,
    PF_KTHREAD,
    STRUCT_PAGE_BYTES,
    Costs,
    KernelConfig,
)
from swapsh.kernel.printk import KERN_INFO, LogBuf
from swapsh.kernel.sched import Scheduler, WaitQueue
from swapsh.kernel.signal import ignore_signals
from swapsh.kernel.task import FsStruct, TaskState, TaskStruct
from swapsh.kernel.timer import Timers
from swapsh.kernel.traps import die
from swapsh.kernel.tty import STREAM_CONSOLE, TtyStruct

__all__ = ["Kernel", "ProgramFile"]

NR_CONSOLES = 6


@dataclass(frozen=True, slots=True)
class ProgramFile:
    """A program userland installs at boot: where, under which binfmt name, mode."""

    path: str
    name: str
    mode: int = 0o755


@dataclass(slots=True, eq=False, kw_only=True)
class Kernel:
    """All of the simulated kernel's state."""

    config: KernelConfig
    costs: Costs = field(default_factory=Costs)
    seed: int = 0
    rng: random.Random = field(init=False)  # the machine's only randomness
    lockdep: Lockdep = field(default_factory=Lockdep)
    sched: Scheduler = field(default_factory=Scheduler)
    timers: Timers = field(default_factory=Timers)
    log: LogBuf = field(default_factory=LogBuf)
    oops: OopsState = field(default_factory=OopsState)  # taint, oops count (kernel/panic.py)
    swap: SwapState = field(init=False)
    zone: Zone = field(init=False)  # all of RAM
    swapper_space: dict[int, Page] = field(default_factory=dict)  # the swap cache
    mmlist: list[MmStruct] = field(default_factory=list)  # mms with swap entries
    # swap entries held by shmem files, to their file and page (mm/shmem.py)
    shmem_swap: dict[int, tuple[ShmemInodeInfo, int]] = field(default_factory=dict)
    vfs: Vfs = field(init=False)
    proc: ProcRoot = field(init=False)
    tasks: dict[int, TaskStruct] = field(default_factory=dict)  # pid -> task; tasklist_lock
    last_pid: int = 0
    ttys: list[TtyStruct] = field(default_factory=list)
    active_console: int = 0  # index into ttys (fg_console)
    vt_activate_queue: WaitQueue = field(  # VT_WAITACTIVE sleeps here (kernel/vt.py)
        default_factory=lambda: WaitQueue(name="vt_activate_queue")
    )
    binfmts: dict[str, Binfmt] = field(default_factory=dict)
    root_cred: Cred = ROOT_CRED
    ns_ids: int = 0
    # what free_ipc_ns() tears down (ipc/shm.py's shm_exit_ns): set at boot, so that
    # ipc/namespace.py need not import shm.py, which calls put_ipc_ns()
    ipc_exit_ns: Callable[[Kernel, IpcNamespace], None] = field(init=False)
    linux_banner: str = field(init=False)  # init/version.c: printed at boot, /proc/version

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.swap = SwapState.create(
            self.config.max_swapfiles, self.lockdep, release_ns_area=release_swap_ns_area
        )
        mem = self.config.mem_bytes
        reserved = (KERNEL_IMAGE_KB << 10) + mem // PAGE_SIZE * STRUCT_PAGE_BYTES
        self.zone = Zone.create(mem, (reserved + PAGE_SIZE - 1) // PAGE_SIZE * PAGE_SIZE)
        self.swap.k = self
        self.ipc_exit_ns = shm_exit_ns
        self.sched.atomic_check = lambda: bool(self.lockdep.held)
        self.log.console_loglevel = self.config.console_loglevel
        self.log.printk_time = self.config.printk_time
        self.log.console = self._console_write
        self.ttys = [TtyStruct(name=f"tty{i}", index=i) for i in range(1, NR_CONSOLES + 1)]
        cfg = self.config
        self.linux_banner = (
            f"Linux version {cfg.release} (root@swapsh) (gcc version 4.2.3) {cfg.version}"
        )

    # -- small services used across subsystems -------------------------------------
    def current(self) -> TaskStruct:
        cur = self.sched.current
        if cur is None:
            raise KernelBug("no current task")
        return cur

    def printk(self, level: int, msg: str) -> None:
        self.log.emit(level, msg, self.sched.clock_ns)

    def _console_write(self, text: str) -> None:
        self.ttys[self.active_console].write(STREAM_CONSOLE, text.encode())

    def wall_seconds(self) -> int:
        return BOOT_EPOCH + self.sched.clock_ns // 1_000_000_000

    def next_ns_id(self) -> int:
        self.ns_ids += 1
        return self.ns_ids

    def filp_open(self, tsk: TaskStruct, path: str, flags: int, mode: int = 0o666) -> File:
        return filp_open(self, tsk, path, flags, mode)

    def find_task(self, pid: int) -> TaskStruct | None:
        t = self.tasks.get(pid)
        return t if t is not None and t.state is not TaskState.DEAD else None

    def task_by_pid(self, pid: int) -> TaskStruct:
        t = self.find_task(pid)
        if t is None:
            raise KernelError(Errno.ESRCH)
        return t

    def live_pids(self) -> list[int]:
        return sorted(self.tasks)

    # -- boot ---------------------------------------------------------------------------
    def boot(
        self,
        programs: list[ProgramFile],
        binfmts: dict[str, Binfmt],
        files: dict[str, tuple[int, bytes]],
        init_argv: list[str],
    ) -> TaskStruct:
        """Linux: start_kernel() ... init_post(). Build the filesystems, install
        userland's programs and files, and start /sbin/init as pid 1.

        `files` maps a path to (mode, contents) for configuration files (/etc/passwd).
        """
        self.binfmts = dict(binfmts)
        mount_root(self)
        self.proc = proc_root_init(self)
        self.printk(KERN_INFO, self.linux_banner)
        z = self.zone
        self.printk(
            KERN_INFO,
            f"Memory: {z.managed_pages * 4}k/{z.present_pages * 4}k available "
            f"({KERNEL_CODE_KB}k kernel code, {z.reserved_pages * 4}k reserved, "
            f"{KERNEL_DATA_KB}k data, {KERNEL_INIT_KB}k init)",
        )
        init = self._make_init_task()
        populate_rootfs(
            self,
            init,
            [
                *((p.path, p.mode, BINFMT_MAGIC + p.name.encode() + b"\n") for p in programs),
                *((path, mode, data) for path, (mode, data) in files.items()),
            ],
        )
        self.printk(KERN_INFO, "Freeing unused kernel memory: 284k freed")

        async def run_init() -> int:
            try:
                prog = await exec_program(self, init, init_argv[0], init_argv, {})
            except Exception as e:  # init's kernel side (kernel_init) failed: an oops
                die(self, init, e)
            raise TaskExit((await prog & 0xFF) << 8)

        init.coro = task_entry(self, init, run_init)
        self.sched.run_queue.append(init)
        self._start_kthread("kswapd0", lambda: kswapd(self))
        return init

    def _start_kthread(self, name: str, fn: Callable[[], Coroutine[Any, Any, int]]) -> None:
        """Linux: kthread_run(). A kernel thread: no mm, no tty, child of no one."""
        init = self.tasks[1]
        self.last_pid += 1
        t = TaskStruct(
            pid=self.last_pid,
            tgid=self.last_pid,
            comm=name,
            parent=None,
            cred=self.root_cred,
            nsproxy=init.nsproxy,
            fs=FsStruct(cwd=self.vfs.root, cwd_path="/"),
            files=FilesStruct(),
            flags=PF_KTHREAD,
        )
        ignore_signals(t)
        init.nsproxy.count += 1
        self.tasks[t.pid] = t
        t.coro = task_entry(self, t, fn)
        self.sched.run_queue.append(t)

    def _make_init_task(self) -> TaskStruct:
        cfg = self.config
        uts = UtsNamespace(
            name=NewUtsname(
                sysname="Linux",
                nodename=cfg.hostname,
                release=cfg.release,
                version=cfg.version,
                machine=cfg.machine,
                domainname="(none)",
            )
        )
        kref_init(uts.kref)
        pid_ns, user_ns = PidNamespace(), UserNamespace()
        kref_init(pid_ns.kref)
        kref_init(user_ns.kref)
        nsproxy = NsProxy(
            count=1,
            uts_ns=uts,
            ipc_ns=clone_ipc_ns(self.next_ns_id()),
            mnt_ns=MntNamespace(),
            pid_ns=pid_ns,
            user_ns=user_ns,
            net_ns=Net(),
            swap_ns=None,
        )
        init = TaskStruct(
            pid=1,
            tgid=1,
            comm="swapper",
            parent=None,
            cred=self.root_cred,
            nsproxy=nsproxy,
            fs=FsStruct(cwd=self.vfs.root, cwd_path="/"),
            files=FilesStruct(),
            pgrp=1,
            session=1,
        )
        self.tasks[1] = init
        self.last_pid = 1
        return init
