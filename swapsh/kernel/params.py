"""Build configuration and tunables of the simulated kernel (models .config and sysctls).

Everything the model treats as a compile-time choice lives here, so a reader can see
which behaviour is Linux's and which is swapsh's own choice (docs/ARCHITECTURE.md).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BOOT_EPOCH",
    "DEBUG_CHECKS_INTERVAL",
    "DEFAULT_MEM_BYTES",
    "HZ",
    "NSEC_PER_SEC",
    "PAGE_SHIFT",
    "PAGE_SIZE",
    "Costs",
    "KernelConfig",
]

PAGE_SHIFT = 12
PAGE_SIZE = 1 << PAGE_SHIFT
HZ = 250  # CONFIG_HZ_250, the 2.6.25 default
NSEC_PER_SEC = 1_000_000_000

DEFAULT_MEM_BYTES = 256 << 20  # the machine's RAM unless --mem says otherwise

# The simulated wall clock starts here: 2008-04-30 12:00:00 UTC, the week the seed's
# LTP snapshot was taken. Seconds since the Unix epoch.
BOOT_EPOCH = 1209556800

# The simulated kernel image (what the boot "Memory:" line reports) and the RAM it
# keeps for itself: the image plus one struct page (56 bytes on x86_64) per frame.
KERNEL_CODE_KB, KERNEL_DATA_KB, KERNEL_INIT_KB = 2284, 1176, 284
KERNEL_IMAGE_KB = 4096
STRUCT_PAGE_BYTES = 56
# task->flags bits (include/linux/sched.h)
PF_SWAPOFF = 0x00080000  # in try_to_unuse: the OOM killer's first choice
PF_MEMDIE = 0x00100000  # TIF_MEMDIE: chosen by the OOM killer (a task flag here)
PF_KTHREAD = 0x00200000  # a kernel thread
# --debug-checks runs the checks at every this-many-th system call exit: each costs
# a walk of the whole machine (docs/ARCHITECTURE.md has the measured slowdown).
DEBUG_CHECKS_INTERVAL = 1000


@dataclass(frozen=True, slots=True, kw_only=True)
class KernelConfig:
    """The .config options the model honours."""

    swap_ns: bool = True  # CONFIG_SWAP_NS: the patch's namespaces (--no-swap-ns turns it off)
    uts_ns: bool = True  # CONFIG_UTS_NS
    ipc_ns: bool = True  # CONFIG_IPC_NS
    user_ns: bool = False  # CONFIG_USER_NS (EXPERIMENTAL, default n in 2.6.25)
    pid_ns: bool = False  # CONFIG_PID_NS (EXPERIMENTAL, default n in 2.6.25)
    net_ns: bool = False  # CONFIG_NET_NS (EXPERIMENTAL, default n in 2.6.25)
    printk_time: bool = True  # CONFIG_PRINTK_TIME
    max_swapfiles: int = 32  # MAX_SWAPFILES without CONFIG_MIGRATION (non-NUMA x86)
    mem_bytes: int = DEFAULT_MEM_BYTES  # RAM (--mem)
    disk_bytes: int = 8 << 30  # the root filesystem's size
    hostname: str = "swapsh"
    release: str = "2.6.25-swapns"
    version: str = "#1 SMP Fri Apr 25 10:00:00 EDT 2008"
    machine: str = "x86_64"
    console_loglevel: int = 4  # distro default "kernel.printk = 4 4 1 7": KERN_ERR and worse
    # A checked build, like CONFIG_DEBUG_VM (--debug-checks): kernel/debug_vm.py's
    # checks run at every debug_checks-th system call exit; 0 is off.
    debug_checks: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Costs:
    """Simulated time each kind of work takes, in nanoseconds.

    These make dd's timing line and printk timestamps deterministic. They are the
    model's choice (roughly a 2008 desktop with page-cache I/O), not measured values.
    """

    syscall_ns: int = 300  # entry and exit of one system call
    copy_ns_per_kib: int = 250  # memcpy between page cache and user: about 4 GB/s
    timeslice_ns: int = 4_000_000  # one jiffy at HZ=250
    fault_ns: int = 1_000  # a minor page fault
    swap_io_ns: int = 100_000  # reading or writing one 4 KiB page of swap (about 40 MB/s)
    page_copy_ns: int = 1_000  # copying one page (COW, swap cache)
    # /dev/urandom: 2.6.25's extract_entropy_user SHA-1s the pool for every 10 bytes
    # it hands out, about 8 MB/s on a 2008 desktop (not a memcpy's 4 GB/s)
    urandom_ns_per_kib: int = 128_000
