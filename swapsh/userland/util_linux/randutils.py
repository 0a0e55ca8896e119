"""Random bytes for libuuid (models util-linux 2.38.1 lib/randutils.c on a kernel
without getrandom(2), which 2.6.25 is).

ul_random_get_bytes() reads /dev/urandom (else /dev/random), retrying a read that
gives nothing up to 9 times 125 ms apart, then XORs every byte with glibc's rand()
seeded from the time, pid and uid (crank_random), so a missing or broken
/dev/urandom still gives bytes.

swapsh specifics: the rand() mix is applied only to the bytes the source did not
give (over random bytes it changes nothing one can observe, and leaving them as read
keeps every UUID a transcript has recorded); the second mix libuuid adds on Linux
(jrand48 seeded from pid, ppid and time) is left out.
"""

from __future__ import annotations

from swapsh.syscalls.abi import O_RDONLY
from swapsh.userland.libc import Libc

__all__ = ["GlibcRandom", "ul_random_get_bytes"]

UL_RAND_READ_ATTEMPTS = 8
UL_RAND_READ_DELAY_NS = 125_000_000  # 125000 microseconds
_M31 = 2147483647


class GlibcRandom:
    """glibc's srand()/rand(): random_r's TYPE_3 additive feedback generator."""

    def __init__(self, seed: int) -> None:
        seed &= 0xFFFFFFFF
        word = (seed or 1) - ((seed or 1) & 0x80000000) * 2  # state[0]: an int32; 0 is 1
        self.state = [word & 0xFFFFFFFF]
        for _ in range(30):  # 16807 * word % (2^31 - 1) in 31 bits (Schrage), C division
            hi = abs(word) // 127773 * (1 if word >= 0 else -1)
            word = 16807 * (word - hi * 127773) - 2836 * hi
            word += _M31 if word < 0 else 0
            self.state.append(word)
        self.f, self.b = 3, 0  # fptr = &state[SEP_3], rptr = &state[0]
        for _ in range(310):
            self.rand()

    def rand(self) -> int:
        s = self.state
        s[self.f] = (s[self.f] + s[self.b]) & 0xFFFFFFFF
        result = s[self.f] >> 1
        self.f, self.b = (self.f + 1) % 31, (self.b + 1) % 31
        return result


async def _crank_random(libc: Libc) -> GlibcRandom:
    """crank_random(): srand((pid << 16) ^ uid ^ tv_sec ^ tv_usec), then 0..31 rand()s."""
    ns = await libc.clock_gettime(0)
    sec, usec = ns // 10**9, ns % 10**9 // 1000
    pid, uid = await libc.getpid(), (await libc.getresuid())[0]
    rng = GlibcRandom((pid << 16) ^ uid ^ sec ^ usec)
    for _ in range((sec ^ usec) & 0x1F):  # the same gettimeofday: the clock has not moved
        rng.rand()
    return rng


async def _read_source(libc: Libc, n: int) -> bytes:
    """What /dev/urandom (else /dev/random) gives of n bytes, as random_get_fd() and
    the read loop get it."""
    fd = -1
    for path in ("/dev/urandom", "/dev/random"):
        try:
            fd = await libc.open(path, O_RDONLY)
            break
        except OSError:
            continue
    if fd < 0:
        return b""
    got, lose_counter = b"", 0
    try:
        while len(got) < n:
            try:
                x = await libc.read(fd, n - len(got))
            except OSError:
                x = b""
            if not x:
                if lose_counter > UL_RAND_READ_ATTEMPTS:
                    break
                lose_counter += 1
                await libc.nanosleep(UL_RAND_READ_DELAY_NS)
                continue
            got, lose_counter = got + x, 0
    finally:
        await libc.close(fd)
    return got


async def ul_random_get_bytes(libc: Libc, n: int) -> tuple[bytes, bool]:
    """Linux: ul_random_get_bytes(). n bytes, and whether the source gave all of them
    (libuuid's uuid_generate() falls back to a time-based UUID if not)."""
    got = await _read_source(libc, n)
    rng = await _crank_random(libc)
    mix = bytes((rng.rand() >> 7) & 0xFF for _ in range(n))
    return got + mix[len(got) :], len(got) == n
