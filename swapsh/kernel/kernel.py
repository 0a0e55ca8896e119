"""The machine's kernel: every subsystem's state, and boot (models init/main.c).

Linux keeps this state in globals; the model keeps it in one Kernel object so that
several machines can live in one Python process (tests do that). Behaviour lives in
the subsystem modules; this class only wires them together.
"""

from __future__ import annotations

import random
import stat as st
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from swapsh.kernel.bug import KernelBug
from swapsh.kernel.cred import ROOT_CRED, Cred
from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.exec import BINFMT_MAGIC, Binfmt, exec_program
from swapsh.kernel.exit import TaskExit
from swapsh.kernel.fork import task_entry
from swapsh.kernel.fs.devices import MKDEV, STATIC_DEVICES
from swapsh.kernel.fs.file import File, FilesStruct
from swapsh.kernel.fs.inode import Inode
from swapsh.kernel.fs.namei import Vfs
from swapsh.kernel.fs.open import filp_open
from swapsh.kernel.fs.proc_array import proc_stat_show
from swapsh.kernel.fs.proc_meminfo import meminfo_show, vmstat_show
from swapsh.kernel.fs.procfs import ProcRoot, make_procfs
from swapsh.kernel.fs.super import BlockAllocator, SuperBlock
from swapsh.kernel.kref import kref_init
from swapsh.kernel.locking import Lockdep
from swapsh.kernel.mm.mm_types import MmStruct, Page, ShmemInodeInfo, ShmemSbInfo
from swapsh.kernel.mm.page_alloc import Zone
from swapsh.kernel.mm.shmem import shmem_truncate
from swapsh.kernel.mm.swapfile import SwapState, proc_swaps_show
from swapsh.kernel.mm.vmscan import kswapd
from swapsh.kernel.namespaces import (
    IpcNamespace,
    MntNamespace,
    Net,
    NewUtsname,
    PidNamespace,
    UserNamespace,
    UtsNamespace,
    alloc_ipc_ns,
)
from swapsh.kernel.nsproxy import NsProxy
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
from swapsh.kernel.signal import ignore_signals, sig_ignored
from swapsh.kernel.task import FsStruct, TaskState, TaskStruct
from swapsh.kernel.timer import Timers
from swapsh.kernel.tty import STREAM_CONSOLE, TtyStruct

__all__ = ["Kernel", "ProgramFile"]

NR_CONSOLES = 6
TMPFS_ANON_MINOR = 7  # the anonymous device number (0:7) the /dev/shm tmpfs gets


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
    nsproxies_freed: int = 0
    ipc_namespaces_freed: int = 0

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.swap = SwapState.create(self.config.max_swapfiles, self.lockdep)
        mem = self.config.mem_bytes
        reserved = (KERNEL_IMAGE_KB << 10) + mem // PAGE_SIZE * STRUCT_PAGE_BYTES
        self.zone = Zone.create(mem, (reserved + PAGE_SIZE - 1) // PAGE_SIZE * PAGE_SIZE)
        self.swap.k = self
        self.sched.atomic_check = lambda: bool(self.lockdep.held)
        self.log.console_loglevel = self.config.console_loglevel
        self.log.printk_time = self.config.printk_time
        self.log.console = self._console_write
        self.ttys = [TtyStruct(name=f"tty{i}", index=i) for i in range(1, NR_CONSOLES + 1)]

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

    def send_signal(self, tsk: TaskStruct, sig: int) -> None:
        """Linux: send_signal() + signal_wake_up(). Ignored signals are dropped."""
        if tsk.state in (TaskState.ZOMBIE, TaskState.DEAD):
            return
        if sig_ignored(tsk, sig):
            return  # Linux: sig_ignored() drops it at send time
        tsk.pending.add(sig)
        self.sched.wake_task(tsk)

    def free_ipc_ns(self, ns: IpcNamespace) -> None:
        """Linux: free_ipc_ns(): its shared memory segments are destroyed."""
        from swapsh.kernel.ipc.shm import shm_exit_ns

        shm_exit_ns(self, ns)
        self.ipc_namespaces_freed += 1

    # -- procfs texts -----------------------------------------------------------------
    def vmalloc_pages(self) -> int:
        """Pages the kernel vmalloc()ed: the swap maps (2 bytes per slot)."""
        return sum(
            (2 * p.max + PAGE_SIZE - 1) // PAGE_SIZE
            for p in self.swap.swap_info
            if p.swap_map is not None
        )

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
        self._mount_root()
        self.printk(
            KERN_INFO,
            f"Linux version {self.config.release} (root@swapsh) "
            f"(gcc version 4.2.3) {self.config.version}",
        )
        z = self.zone
        self.printk(
            KERN_INFO,
            f"Memory: {z.managed_pages * 4}k/{z.present_pages * 4}k available "
            f"({KERNEL_CODE_KB}k kernel code, {z.reserved_pages * 4}k reserved, "
            f"{KERNEL_DATA_KB}k data, {KERNEL_INIT_KB}k init)",
        )
        init = self._make_init_task()
        for p in programs:
            self._install(init, p.path, p.mode, BINFMT_MAGIC + p.name.encode() + b"\n")
        for path, (mode, data) in files.items():
            self._install(init, path, mode, data)
        self.printk(KERN_INFO, "Freeing unused kernel memory: 284k freed")

        async def run_init() -> int:
            prog = await exec_program(self, init, init_argv[0], init_argv, {})
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

    def _mount_root(self) -> None:
        cfg = self.config
        nblocks = cfg.disk_bytes // PAGE_SIZE
        rootsb = SuperBlock(
            s_type="ext3",
            s_dev=MKDEV(8, 1),
            allocator=BlockAllocator.for_disk(nblocks, reserved=1024),
        )
        self.vfs = Vfs(
            root=Inode(i_ino=0, i_mode=0, i_sb=rootsb), clock=self.wall_seconds, zone=self.zone
        )
        self.vfs.shmem_truncate = lambda info, size: shmem_truncate(self, info, size)
        root = self.vfs.new_inode(rootsb, st.S_IFDIR | 0o755, self.root_cred)
        root.parent = root
        self.vfs.root = root
        self.vfs.mount_list.append(("/", rootsb))
        self.proc = make_procfs(self)
        self.proc.create("swaps", lambda t: proc_swaps_show(self, t))
        self.proc.create("meminfo", lambda t: meminfo_show(self))
        self.proc.create("vmstat", lambda t: vmstat_show(self))
        self.proc.create("stat", lambda t: proc_stat_show(self))
        self.proc.create(
            "version",
            lambda t: (
                f"Linux version {cfg.release} (root@swapsh) (gcc version 4.2.3) {cfg.version}\n"
            ),
        )
        self.proc.create("uptime", self._uptime_show)
        self.proc.create("mounts", self._mounts_show)
        self.proc.symlink("self", lambda t: str(t.pid))

    def _uptime_show(self, t: TaskStruct) -> str:
        ns = self.sched.clock_ns
        idle = ns - sum(self.sched.task_sched_runtime(x) for x in self.tasks.values())
        return f"{ns // 10**9}.{ns // 10**7 % 100:02d} {idle // 10**9}.{idle // 10**7 % 100:02d}\n"

    def _mounts_show(self, t: TaskStruct) -> str:
        devs = {"ext3": "/dev/sda1", "proc": "proc", "tmpfs": "tmpfs"}
        return "".join(
            f"{devs.get(sb.s_type, sb.s_type)} {path} {sb.s_type} rw 0 0\n"
            for path, sb in self.vfs.mount_list
        )

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
            ipc_ns=alloc_ipc_ns(self.next_ns_id()),
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

    def _install(self, tsk: TaskStruct, path: str, mode: int, data: bytes) -> None:
        """Create path (and missing parent directories) with contents, as root."""
        parts = path.strip("/").split("/")
        is_dir = st.S_ISDIR(mode)
        cur, prefix = self.vfs.root, ""
        for name in parts if is_dir else parts[:-1]:
            prefix += "/" + name
            assert cur.children is not None
            nxt = cur.children.get(name)
            cur = nxt if nxt is not None else self._mkdir_at(tsk, cur, prefix, name)
        if not is_dir:
            self._create_in(cur, parts[-1], mode, data, tsk)

    def _mkdir_at(self, tsk: TaskStruct, parent: Inode, path: str, name: str) -> Inode:
        from swapsh.kernel.fs.namei import PathRef

        mode = {"/tmp": 0o1777, "/root": 0o700, "/dev/shm": 0o1777}.get(path, 0o755)
        ref = self.vfs.create(
            tsk, PathRef(parent, path.rsplit("/", 1)[0] or "/"), name, st.S_IFDIR | mode
        )
        ref.inode.i_mode = st.S_IFDIR | mode
        if path == "/proc":
            self.vfs.mount(ref.inode, self._proc_root_inode(), "/proc")
        if path == "/dev/shm":  # as a distribution's fstab mounts it
            self.vfs.mount(ref.inode, self._tmpfs_root_inode(tsk), "/dev/shm")
        if path == "/dev":
            for dev, (major, minor, dmode) in STATIC_DEVICES.items():
                node = self.vfs.new_inode(ref.inode.i_sb, st.S_IFCHR | dmode, tsk.cred)
                node.i_rdev = MKDEV(major, minor)
                assert ref.inode.children is not None
                ref.inode.children[dev] = node
        return ref.inode

    def _tmpfs_root_inode(self, tsk: TaskStruct) -> Inode:
        """A fresh tmpfs (shmem_fill_super): its root directory, mode 1777 as
        mount -t tmpfs gives /dev/shm, and 2.6.25's default size, half of RAM
        (shmem_default_max_blocks: totalram_pages / 2)."""
        blocks = self.zone.managed_pages // 2
        sb = SuperBlock(
            s_type="tmpfs",
            s_dev=MKDEV(0, TMPFS_ANON_MINOR),
            s_fs_info=ShmemSbInfo(max_blocks=blocks, free_blocks=blocks),
        )
        return self.vfs.new_inode(sb, st.S_IFDIR | 0o1777, tsk.cred)

    def _proc_root_inode(self) -> Inode:
        ino = self.vfs.new_inode(self.proc.sb, st.S_IFDIR | 0o555, self.root_cred)
        ino.children = None
        ino.i_private = self.proc
        return ino

    def _create_in(self, d: Inode, name: str, mode: int, data: bytes, tsk: TaskStruct) -> None:
        from swapsh.kernel.fs.file import allocate_blocks

        assert d.children is not None
        if st.S_IFMT(mode) == st.S_IFLNK:
            ino = self.vfs.new_inode(d.i_sb, mode, tsk.cred)
            ino.target = data.decode()
            ino.i_size = len(data)
            d.children[name] = ino
            return
        ino = self.vfs.new_inode(d.i_sb, st.S_IFREG | (mode & 0o7777), tsk.cred)
        assert ino.data is not None
        allocate_blocks(ino, 0, len(data))
        ino.data.write(0, data)
        ino.i_size = len(data)
        d.children[name] = ino
