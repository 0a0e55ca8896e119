"""/proc/meminfo as procps-ng 4.0.2's library reads it (models library/meminfo.c,
meminfo_read_failed): every "Key: value" line by name, keys the kernel does not print
read as 0, then the derived values.

A 2.6.25 kernel prints no MemAvailable (3.14+) and no SReclaimable (2.6.19 has it;
the model may not), so, as procps does, available falls back to MemFree, cached is
Cached + SReclaimable, and used is MemTotal - available.
"""

from __future__ import annotations

from swapsh.userland.libc import Libc

__all__ = ["MemInfo", "read_meminfo"]


class MemInfo(dict[str, int]):
    """Key -> kB; a missing key reads as 0, as in procps' zeroed struct."""

    def __missing__(self, key: str) -> int:
        return 0


def _derive(m: MemInfo) -> None:
    if m["MemAvailable"] == 0:
        m["MemAvailable"] = m["MemFree"]
    m["derived_mem_cached"] = m["Cached"] + m["SReclaimable"]
    if m["MemAvailable"] > m["MemTotal"]:
        m["MemAvailable"] = m["MemFree"]
    used = m["MemTotal"] - m["MemAvailable"]
    if used < 0:
        used = m["MemTotal"] - m["MemFree"]
    m["derived_mem_used"] = used
    if m["HighFree"] < m["HighTotal"]:
        m["derived_mem_hi_used"] = m["HighTotal"] - m["HighFree"]
    if m["LowTotal"] == 0:
        m["LowTotal"], m["LowFree"] = m["MemTotal"], m["MemFree"]
    if m["LowFree"] < m["LowTotal"]:
        m["derived_mem_lo_used"] = m["LowTotal"] - m["LowFree"]
    if m["SwapFree"] < m["SwapTotal"]:
        m["derived_swap_used"] = m["SwapTotal"] - m["SwapFree"]


def parse_meminfo(text: str) -> MemInfo:
    m = MemInfo()
    for line in text.split("\n"):
        key, colon, rest = line.partition(":")
        if not colon:
            continue
        digits = rest.strip().split(" ", 1)[0]
        m[key] = int(digits) if digits.isdigit() else 0
    _derive(m)
    return m


async def read_meminfo(libc: Libc) -> MemInfo:
    """Read and parse /proc/meminfo. Raises OSError if it cannot be read."""
    fd = await libc.open("/proc/meminfo")
    try:
        data = await libc.read(fd, 8192)
    finally:
        await libc.close(fd)
    if not data:
        raise OSError(5, "Input/output error")
    return parse_meminfo(data.decode("ascii", "replace"))
