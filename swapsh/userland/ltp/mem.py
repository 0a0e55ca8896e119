"""LTP 2008's mem01 (testcases/kernel/mem/mem/mem01.c @ 708907185a6c): "Basic memory
and swapper stress test".

    mem01 [-m MB] [-r] [-v] [-i n] [-h]

Without -m it sizes itself with sysinfo(): free RAM plus free swap (capped at 3 GiB
on a 64-bit machine), mallocs that much, writes one int (0xdeadbeef ^ i) into every
page, linearly or (-r) at rand() offsets, frees it and reports PASS. sysinfo() counts
every swap area, whatever the caller's swap namespace, so inside a namespace whose
one file is smaller than the system's free swap the pages have nowhere to go: the
OOM killer ends the test with SIGKILL before its PASS line (no line is printed for
that: the 2008 source has a TODO for it).

As in 2008 there is no reserve: the 16 MiB left aside since December 2008 is not
here, so the test leans on clean page cache and the watermarks to fit.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator

from swapsh.userland.libc import Libc
from swapsh.userland.ltp.tst_res import (
    TBROK,
    TFAIL,
    TINFO,
    TPASS,
    Tst,
    loop_count,
    parse_opts,
    run,
)
from swapsh.userland.registry import program

__all__ = ["mem01"]

BIN = "/opt/ltp/testcases/bin/"
PAGESIZE = 4096
PROGRESS_LEAP = 100  # KiB between progress dots (-v)
CAP_64BIT = 3 << 30  # __WORDSIZE == 64
RAND_MAX = 2147483647
HELP = (
    "  -m x    size of malloc in MB (default from /proc/meminfo)\n"
    "  -r      random touching versus linear\n"
    "  -v      verbose progress indication\n"
)
SIZE_T = 1 << 64


async def _get_memsize(t: Tst) -> int:
    """get_memsize(): MemFree + SwapFree from sysinfo(), in bytes, capped."""
    info = await t.libc.sysinfo()
    freeram = info.freeram * info.mem_unit
    await t.tst_resm(TINFO, f"Free Mem:\t{freeram // 1024 // 1024} Mb")
    freeswap = info.freeswap * info.mem_unit
    await t.tst_resm(TINFO, f"Free Swap:\t{freeswap // 1024 // 1024} Mb")
    res = freeram + freeswap
    await t.tst_resm(TINFO, f"Total Free:\t{res // 1024 // 1024} Mb")
    res = min(res, CAP_64BIT)
    await t.tst_resm(TINFO, f"Total Tested:\t{res // 1024 // 1024} Mb")
    return res


def _c_int(v: int) -> int:
    """What printf's %d makes of a value passed as a 64-bit size_t."""
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v >= 1 << 31 else v


def _touches(
    libc: Libc, bigmalloc: int, memsize: int, first: int, last: int, random: bool, state: list[int]
) -> Iterator[tuple[int, bytes]]:
    """The stores of loop iterations [first, last): `*(int *)p = 0xdeadbeef ^ i`,
    then p moves one page on, or to a random offset. state[0] carries p."""
    for i in range(first, last):
        yield state[0], ((0xDEADBEEF ^ i) & 0xFFFFFFFF).to_bytes(4, "little")
        if random:
            state[0] = bigmalloc + int((memsize - 4) * float(libc.rand()) / (RAND_MAX + 1.0))
        else:
            state[0] += PAGESIZE


Cleanup = Callable[[], Awaitable[None]]


async def _m_option(t: Tst, cleanup: Cleanup, m_copt: str) -> int:
    """-m MB: atoi()'s megabytes as a size_t; less than a byte is fatal."""
    mb = int(m_copt) if m_copt.lstrip("-").isdigit() else 0  # atoi()
    memsize = mb * 1024 * 1024 % SIZE_T
    if memsize < 1:
        await t.tst_brkm(TBROK, cleanup, f"Invalid arg for -m: {m_copt}")
    return memsize


async def _touch_pages(
    libc: Libc, bigmalloc: int, memsize: int, random: bool, verbose: bool
) -> None:
    """One store per page's worth of the buffer (-r: at random offsets); -v prints
    a dot before every PROGRESS_LEAP KiB of them."""
    pages = _c_int(memsize // PAGESIZE)  # int loop_count
    leap = PROGRESS_LEAP * 1024 // PAGESIZE
    p = [bigmalloc]
    for first in range(0, pages, leap if verbose else max(pages, 1)):
        if verbose:
            await libc.out(".")
            await libc.flush()
        last = min(pages, first + (leap if verbose else pages))
        await libc.store_many(_touches(libc, bigmalloc, memsize, first, last, random, p))
    if verbose:
        await libc.out("\n")


async def _malloc_and_touch(
    t: Tst, cleanup: Cleanup, memsize: int, random: bool, verbose: bool
) -> None:
    """One loop of the test: malloc memsize bytes, touch them, free them, PASS."""
    libc = t.libc
    bigmalloc = await libc.malloc(memsize) if memsize < SIZE_T // 2 else 0
    if not bigmalloc:
        await t.tst_resm(TFAIL, f"malloc - alloc of {_c_int(memsize // 1024 // 1024)}MB failed")
        await cleanup()
    await t.tst_resm(
        TINFO,
        f"touching {(memsize // 1024 // 1024) & 0xFFFFFFFF}MB of "
        f"malloc'ed memory ({'random' if random else 'linear'})",
    )
    await _touch_pages(libc, bigmalloc, memsize, random, verbose)
    await libc.free(bigmalloc)
    await t.tst_resm(TPASS, f"malloc - alloc of {_c_int(memsize // 1024 // 1024)}MB succeeded")


@program(BIN + "mem01")
async def mem01(libc: Libc, argv: list[str]) -> int:
    t = Tst(libc, "mem01", 1)

    async def cleanup() -> None:
        await t.tst_rmdir()
        t.tst_exit()

    async def body(t: Tst) -> None:
        msg, opts = await parse_opts(libc, argv, "m:rv", HELP)
        if msg is not None:
            await t.tst_brkm(TBROK, cleanup, f"OPTION PARSING ERROR - {msg}")
        memsize = await _m_option(t, cleanup, opts["m"] or "") if "m" in opts else 0
        random, verbose = "r" in opts, "v" in opts
        if random:
            libc.srand(await libc.clock_gettime(0) // 10**9)  # srand(time(NULL))
        await t.tst_tmpdir()  # setup(): the signal handlers cannot catch SIGKILL
        loops = loop_count(opts)
        lc = 0
        while loops is None or lc < loops:
            t.Tst_count = 0
            if "m" not in opts:
                memsize = await _get_memsize(t)
                if memsize < 1:
                    await t.tst_brkm(
                        TBROK, cleanup, "Unable to guess maxmemsize from /proc/meminfo"
                    )
            await _malloc_and_touch(t, cleanup, memsize, random, verbose)
            lc += 1
        await cleanup()

    return await run(libc, t, body)
