"""The kernel log (models kernel/printk.c of 2.6.25: log_buf, console_loglevel, syslog).

Records are stored as printk stores them: "<level>[seconds.micros] text\\n" with
CONFIG_PRINTK_TIME. Messages more urgent than console_loglevel also go to the
console, as on Linux; the kernel never writes anywhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = [
    "KERN_ALERT",
    "KERN_CRIT",
    "KERN_DEBUG",
    "KERN_EMERG",
    "KERN_ERR",
    "KERN_INFO",
    "KERN_NOTICE",
    "KERN_WARNING",
    "LOG_BUF_LEN",
    "LogBuf",
]

KERN_EMERG, KERN_ALERT, KERN_CRIT, KERN_ERR = 0, 1, 2, 3
KERN_WARNING, KERN_NOTICE, KERN_INFO, KERN_DEBUG = 4, 5, 6, 7
LOG_BUF_LEN = 1 << 17  # CONFIG_LOG_BUF_SHIFT=17


@dataclass(slots=True, eq=False, kw_only=True)
class LogBuf:
    """Linux: log_buf and the console state."""

    text: str = ""  # the ring's contents, oldest first, at most LOG_BUF_LEN chars
    console_loglevel: int = 7  # messages with level < this reach the console
    saved_loglevel: int = 7  # console_loglevel before syslog(6) turned the console off
    printk_time: bool = True  # CONFIG_PRINTK_TIME
    console: Callable[[str], None] | None = field(default=None)  # writes to the console tty

    def emit(self, level: int, msg: str, clock_ns: int) -> None:
        """Linux: printk(). One record per line of msg."""
        for line in msg.split("\n"):
            stamp = ""
            if self.printk_time:
                secs, ns = divmod(clock_ns, 1_000_000_000)
                stamp = f"[{secs:5d}.{ns // 1000:06d}] "
            self.text = (self.text + f"<{level}>{stamp}{line}\n")[-LOG_BUF_LEN:]
            if level < self.console_loglevel and self.console is not None:
                self.console(f"{stamp}{line}\n")

    def clear(self) -> None:
        """syslog(SYSLOG_ACTION_CLEAR)."""
        self.text = ""
