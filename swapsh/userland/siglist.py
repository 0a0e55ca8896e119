"""The C library's signal texts (models glibc 2.36's sysdeps/unix/sysv/linux/siglist.h
and strsignal()), as bash prints them for a job that a signal ended or stopped.

Fixed here so the simulated machine does not depend on the host's C library.
"""

from __future__ import annotations

__all__ = ["strsignal"]

_SYS_SIGLIST: dict[int, str] = {
    1: "Hangup",
    2: "Interrupt",
    3: "Quit",
    4: "Illegal instruction",
    5: "Trace/breakpoint trap",
    6: "Aborted",
    7: "Bus error",
    8: "Floating point exception",
    9: "Killed",
    10: "User defined signal 1",
    11: "Segmentation fault",
    12: "User defined signal 2",
    13: "Broken pipe",
    14: "Alarm clock",
    15: "Terminated",
    16: "Stack fault",
    17: "Child exited",
    18: "Continued",
    19: "Stopped (signal)",
    20: "Stopped",
    21: "Stopped (tty input)",
    22: "Stopped (tty output)",
    23: "Urgent I/O condition",
    24: "CPU time limit exceeded",
    25: "File size limit exceeded",
    26: "Virtual timer expired",
    27: "Profiling timer expired",
    28: "Window changed",
    29: "I/O possible",
    30: "Power failure",
    31: "Bad system call",
}
SIGRTMIN, SIGRTMAX = 34, 64  # glibc's: 32 and 33 are its own (NPTL)


def strsignal(sig: int) -> str:
    text = _SYS_SIGLIST.get(sig)
    if text is not None:
        return text
    if SIGRTMIN <= sig <= SIGRTMAX:
        return f"Real-time signal {sig - SIGRTMIN}"
    return f"Unknown signal {sig}"
