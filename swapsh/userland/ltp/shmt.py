"""LTP 2008's SysV shared memory tests (testcases/kernel/mem/shmt @ 708907185a6c), as
runtest/mm runs them: shmt02, shmt03, shmt05, shmt07, shmt08, shmt09, shmt10.

Each follows its 2008 source line by line: the calls through the real shmget(2),
shmat(2), shmdt(2), shmctl(2), brk(2) and fork(2), every byte read or written through
the process's own memory (a bad address is SIGSEGV), every verdict from what the
kernel answers. The tst_resm texts are the C's, trailing "\\n" included (tst_res adds
its own newline, so those lines are followed by an empty one); perror() goes to
stderr as glibc prints it. errno is the C library's: set by a failed call, left alone
by a successful one (stdio setting ENOTTY when stdout is a character device other
than a terminal is not modelled; it only shows in perror() after calls that
succeeded, on paths where a test has already failed).

x86_64 branches of the #if's: shmt02, shmt05 and shmt07 attach at 0x80000 (shmt05's
second segment at the unaligned 0x80010, which must fail); shmt09 rounds with
SHMLBA (= PAGE_SIZE) and expects a single sbrk(getpagesize()) to fail, not the
sbrk-until-ENOMEM loop of ia64/mips/hppa/arm.

Not here: shmt04 and shmt06. Their child sigwait()s for SIGUSR1, which the parent
blocked with sigprocmask() before fork() and sends once the segment holds "ABC";
swapsh models neither a signal mask nor sigwait() (a SIGUSR1 would kill the child,
or, caught, be lost if it came before the child slept), so the handshake at the
heart of both tests cannot be reproduced.

Not modelled in shmt10: its signal(SIGTERM, fini) handler (swapsh runs no handler
code). SIGTERM keeps its default action, so a SIGTERM ends shmt10 where the C would
remove the segment in fini() and carry on. Nothing in the runtest flow sends one.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from swapsh.syscalls.abi import IPC_CREAT, IPC_RMID, SHM_RND
from swapsh.userland.errlist import strerror
from swapsh.userland.libc import Libc
from swapsh.userland.ltp.tst_res import TBROK, TCONF, TFAIL, TPASS, Tst, run
from swapsh.userland.registry import program

__all__ = ["shmt02", "shmt03", "shmt05", "shmt07", "shmt08", "shmt09", "shmt10"]

BIN = "/opt/ltp/testcases/bin/"
K_1 = 1024
EINTR, ENOMEM = 4, 12
ADDR = 0x80000  # the #else (x86_64) attach address of shmt02/04/05/06/07
ADDR1 = 0x80010  # shmt05's second, unaligned one
SHMLBA = 4096  # x86_64: PAGE_SIZE
PAGESIZE = 4096  # getpagesize()
ULONG = 1 << 64


def _hex32(v: int) -> str:
    """printf's %08x given a 64-bit pointer: the x86_64 ABI hands %x the low half."""
    return f"{v & 0xFFFFFFFF:08x}"


class _Proc:
    """One process of a test: the LTP lib's state (Tst), the C library's errno and its
    sbrk() break (__curbrk), each call answering as C sees it (-1 on failure)."""

    def __init__(self, t: Tst) -> None:
        self.t, self.libc = t, t.libc
        self.errno = 0
        self.curbrk: int | None = None

    def _failed(self, e: OSError) -> int:
        self.errno = e.errno or 0
        return -1

    async def perror(self, s: str) -> None:
        await self.libc.err(f"{s}: {strerror(self.errno)}\n")

    async def shmget(self, key: int, size: int, flags: int) -> int:
        try:
            return await self.libc.shmget(key, size, flags)
        except OSError as e:
            return self._failed(e)

    async def shmget_or_exit(self, key: int, size: int, what: str) -> int:
        """The tests' shmget(key, size, IPC_CREAT | 0666): on failure perror("shmget"),
        FAIL "<what> shmid = -1, errno = N\n" and tst_exit()."""
        shmid = await self.shmget(key, size, IPC_CREAT | 0o666)
        if shmid < 0:
            await self.perror("shmget")
            await self.t.tst_resm(TFAIL, f"{what} shmid = {shmid}, errno = {self.errno}\n")
            self.t.tst_exit()
        return shmid

    async def shmat(self, shmid: int, addr: int, flags: int) -> int:
        """(char *)-1 on failure."""
        try:
            return await self.libc.shmat(shmid, addr, flags)
        except OSError as e:
            return self._failed(e)

    async def shmdt(self, addr: int) -> int:
        try:
            await self.libc.shmdt(addr)
        except OSError as e:
            return self._failed(e)
        return 0

    async def rm_shm(self, shmid: int) -> None:
        """The tests' rm_shm(): shmctl(IPC_RMID), or perror, FAIL and tst_exit()."""
        try:
            await self.libc.shmctl(shmid, IPC_RMID)
        except OSError as e:
            self._failed(e)
            await self.perror("shmctl")
            await self.t.tst_resm(
                TFAIL, f"shmctl Failed to remove: shmid = {shmid}, errno = {self.errno}\n"
            )
            self.t.tst_exit()

    async def poke(self, addr: int, ch: str) -> None:
        """`*(char *)addr = ch`."""
        await self.libc.store(addr, ch.encode())

    async def peek(self, addr: int) -> str:
        """`*(char *)addr`."""
        return (await self.libc.load(addr, 1)).decode("latin-1")

    async def _brk(self, addr: int) -> int:
        """glibc's __brk(): the kernel's answer becomes __curbrk; short of addr it is
        ENOMEM and -1."""
        try:
            new = await self.libc.brk(addr)
        except OSError as e:
            return self._failed(e)
        self.curbrk = new
        if new < addr:
            self.errno = ENOMEM
            return -1
        return 0

    async def sbrk(self, increment: int) -> int:
        """glibc's sbrk(): __curbrk read from the kernel on first use; returns the old
        break, or -1."""
        old = self.curbrk
        if old is None:
            try:
                old = self.curbrk = await self.libc.brk(0)
            except OSError as e:
                return self._failed(e)
        if increment == 0:
            return old
        if await self._brk((old + increment) % ULONG) < 0:
            return -1
        return old

    async def fork(self, child: Callable[[_Proc], Awaitable[None]]) -> int:
        """fork(): the child gets copies of the lib's counters and of errno, runs
        child() and ends in tst_exit(). -1 if the fork fails."""

        # the copies are taken now: the child may first run after the parent went on
        t = self.t
        lib_state = (t.Tst_count, t.T_exitval, t.TESTDIR)
        c_state = (self.errno, self.curbrk)

        async def start(c: Libc) -> int:
            ct = Tst(c, t.TCID, t.TST_TOTAL)
            ct.Tst_count, ct.T_exitval, ct.TESTDIR = lib_state
            cp = _Proc(ct)
            cp.errno, cp.curbrk = c_state

            async def body(_t: Tst) -> None:
                await child(cp)

            return await run(c, ct, body)

        try:
            return await self.libc.fork(start)
        except OSError as e:
            return self._failed(e)

    async def wait(self) -> int:
        """`while (wait(&status) < 0 && errno == EINTR);`: the pid reaped, or -1."""
        while True:
            try:
                pid, _status = await self.libc.waitpid(-1, 0)
                return pid
            except OSError as e:
                self._failed(e)
                if self.errno != EINTR:
                    return -1


def _test(
    tcid: str, total: int, fn: Callable[[_Proc], Awaitable[None]]
) -> Callable[[Libc, list[str]], Awaitable[int]]:
    """main(): the body runs with the lib's state; tst_exit() ends it."""

    async def main(libc: Libc, argv: list[str]) -> int:
        async def body(t: Tst) -> None:
            await fn(_Proc(t))

        return await run(libc, Tst(libc, tcid, total), body)

    return main


# -- shmt02: create, attach at a fixed address, remove while attached ------------------------
async def _shmt02(p: _Proc) -> None:
    t = p.t
    key = await p.libc.getpid()
    shmid = await p.shmget_or_exit(key, 16 * K_1, "shmget Failed:")
    await t.tst_resm(TPASS, "shmget")

    cp = await p.shmat(shmid, ADDR, 0)
    if cp == -1:
        await p.perror("shmat")
        await t.tst_resm(TFAIL, f"shmat Failed: shmid = {shmid}, errno = {p.errno}\n")
        await p.rm_shm(shmid)
        t.tst_exit()
    await p.poke(cp, "1")
    await p.poke(cp + 1, "2")
    await t.tst_resm(TPASS, "shmat")

    await p.rm_shm(shmid)  # still attached: the pages stay until the detach at exit
    if await p.peek(cp) != "1" or await p.peek(cp + 1) != "2":
        await t.tst_resm(TFAIL, f"Error in shared memory contents: shmid = {shmid}\n")
    await t.tst_resm(TPASS, "Correct shared memory contents")
    t.tst_exit()


shmt02 = program(BIN + "shmt02")(_test("shmt02", 3, _shmt02))


# -- shmt03: two attaches of one segment see the same pages ---------------------------------
async def _shmt03(p: _Proc) -> None:
    t = p.t
    key = await p.libc.getpid()
    shmid = await p.shmget_or_exit(key, 16 * K_1, "shmget Failed:")
    await t.tst_resm(TPASS, "shmget")

    first_attach = second_attach = False
    cp1 = await p.shmat(shmid, 0, 0)
    if cp1 == -1:
        await p.perror("shmat")
        await t.tst_resm(TFAIL, f"shmat Failed: shmid = {shmid}, errno = {p.errno}\n")
    else:
        await p.poke(cp1, "1")
        await p.poke(cp1 + 5 * K_1, "2")
        first_attach = True
    await t.tst_resm(TPASS, "1st shmat")

    cp2 = await p.shmat(shmid, 0, 0)
    if cp2 == -1:
        await p.perror("shmat")
        await t.tst_resm(TFAIL, f"shmat Failed: shmid = {shmid}, errno = {p.errno}\n")
    else:
        second_attach = True
        # the C reads through cp2 before it looks at first_attach
        if (await p.peek(cp2) != "1" or await p.peek(cp2 + 5 * K_1) != "2") and first_attach:
            await t.tst_resm(TFAIL, "Error: Shared memory contents\n")
    await t.tst_resm(TPASS, "2nd shmat")

    await p.rm_shm(shmid)
    if (
        first_attach
        and second_attach
        and (
            await p.peek(cp2) != "1"
            or await p.peek(cp2 + 5 * K_1) != "2"
            or await p.peek(cp1) != "1"
            or await p.peek(cp1 + 5 * K_1) != "2"
        )
    ):
        await t.tst_resm(TFAIL, "Error: Shared memory contents\n")
    await t.tst_resm(TPASS, "Correct shared memory contents")
    t.tst_exit()


shmt03 = program(BIN + "shmt03")(_test("shmt03", 4, _shmt03))


# -- shmt05: a second segment may not overlap the first's attach ----------------------------
class _Rand48:
    """glibc's srand48()/lrand48(): the 48-bit congruential generator."""

    A, C, MASK = 0x5DEECE66D, 0xB, (1 << 48) - 1

    def __init__(self, seed: int) -> None:
        self.x = ((seed & 0xFFFFFFFF) << 16) | 0x330E  # a 64-bit long keeps 32 bits

    def lrand48(self) -> int:
        self.x = (self.A * self.x + self.C) & self.MASK
        return self.x >> 17


async def _shmt05(p: _Proc) -> None:
    t, libc = p.t, p.libc
    pid = await libc.getpid()
    now = await libc.clock_gettime(0) // 10**9  # time(NULL)
    # (getpid() << 16) + (unsigned)time(NULL): an int shift, then unsigned arithmetic
    r = _Rand48(((pid << 16) + now) & 0xFFFFFFFF)
    key = [r.lrand48(), r.lrand48()]  # key_t is an int; lrand48 fits in 31 bits

    shmid = await p.shmget(key[0], 16 * K_1, IPC_CREAT | 0o666)
    if shmid < 0:
        await p.perror("shmget")
        await t.tst_resm(TFAIL, f"Error: shmget: shmid = {shmid}, errno = {p.errno}\n")
    else:
        cp = await p.shmat(shmid, ADDR, 0)
        if cp == -1:
            await t.tst_resm(TFAIL, "shmat")
            await p.rm_shm(shmid)
    await t.tst_resm(TPASS, "shmget & shmat")

    shmid1 = await p.shmget(key[1], 16 * K_1, IPC_CREAT | 0o666)
    if shmid1 < 0:
        await p.perror("shmget2")
        await t.tst_resm(TFAIL, f"Error: shmget: shmid1 = {shmid1}, errno = {p.errno}\n")
    else:
        cp1 = await p.shmat(shmid1, ADDR1, 0)  # unaligned, no SHM_RND: must fail
        if cp1 != -1:
            await p.perror("shmat")
            addr = cp1 & 0xFFFFFFFF
            await t.tst_resm(
                TFAIL,
                f"Error: shmat: shmid1 = {shmid1}, addr= "
                f"{f'{addr:#x}' if addr else '0'}, errno = {p.errno}\n",
            )
    await t.tst_resm(TPASS, "2nd shmget & shmat")

    await p.rm_shm(shmid)
    await p.rm_shm(shmid1)
    t.tst_exit()


shmt05 = program(BIN + "shmt05")(_test("shmt05", 2, _shmt05))


# -- shmt07: a forked child sees the parent's attach ----------------------------------------
async def _shmt07_child(p: _Proc, cp: int) -> None:
    if await p.peek(cp) != "1":
        await p.t.tst_resm(TFAIL, "Error: not 1\n")
    if await p.peek(cp + 1) != "2":
        await p.t.tst_resm(TFAIL, "Error: not 2\n")
    p.t.tst_exit()


async def _shmt07(p: _Proc) -> None:
    t = p.t
    key = await p.libc.getpid()
    shmid = await p.shmget_or_exit(key, 16 * K_1, "Error: shmget:")
    cp = await p.shmat(shmid, ADDR, 0)
    if cp == -1:
        await p.perror("shmat")
        await t.tst_resm(TFAIL, f"Error: shmat: shmid = {shmid}, errno = {p.errno}\n")
        await p.rm_shm(shmid)
        t.tst_exit()
    await p.poke(cp, "1")
    await p.poke(cp + 1, "2")
    await t.tst_resm(TPASS, "shmget,shmat")

    if await p.fork(lambda c: _shmt07_child(c, cp)) == -1:
        await t.tst_resm(TBROK, "fork failed")
        t.tst_exit()
    await p.wait()  # the child's status is not looked at
    await t.tst_resm(TPASS, "cp & cp+1 correct")

    await p.rm_shm(shmid)
    t.tst_exit()


shmt07 = program(BIN + "shmt07")(_test("shmt07", 2, _shmt07))


# -- shmt08: two attaches, both detached ------------------------------------------------------
async def _shmt08(p: _Proc) -> None:
    t = p.t
    key = await p.libc.getpid()
    shmid = await p.shmget_or_exit(key, 24 * K_1, "Error: shmget:")
    cp = await p.shmat(shmid, 0, 0)
    if cp == -1:
        await t.tst_resm(TFAIL, "shmat1 Failed")
        await p.rm_shm(shmid)
        t.tst_exit()
    cp1 = await p.shmat(shmid, 0, 0)
    if cp1 == -1:
        await p.perror("shmat2")
        await p.rm_shm(shmid)
        t.tst_exit()
    await t.tst_resm(TPASS, "shmget,shmat")

    if await p.shmdt(cp) < 0:
        await p.perror("shmdt2")  # sic: the first detach reports as "shmdt2"
        await t.tst_resm(TFAIL, "shmdt:cp")
    if await p.shmdt(cp1) < 0:
        await p.perror("shmdt1")
        await t.tst_resm(TFAIL, "shmdt:cp1")
    await t.tst_resm(TPASS, "shmdt")

    await p.rm_shm(shmid)
    t.tst_exit()


shmt08 = program(BIN + "shmt08")(_test("shmt08", 2, _shmt08))


# -- shmt09: attaches beside the heap, and the heap may not grow into one --------------------
async def _shmt09_sbrk_failed(p: _Proc) -> None:
    await p.perror("sbrk")
    await p.t.tst_resm(TFAIL, f"Error: sbrk failed, errno = {p.errno}\n")


async def _shmt09(p: _Proc) -> None:
    t = p.t
    key = await p.libc.getpid()

    if await p.sbrk(16384) == -1:
        await _shmt09_sbrk_failed(p)
        t.tst_exit()
    if await p.sbrk(-4097) == -1:
        await _shmt09_sbrk_failed(p)
        t.tst_exit()
    shmid = await p.shmget_or_exit(key, 10 * K_1, "Error: shmget Failed,")
    c1 = await p.shmat(shmid, 0, 0)
    if c1 == -1:
        await p.perror("shmat")
        await t.tst_resm(TFAIL, f"Error: shmat Failed, shmid = {shmid}, errno = {p.errno}\n")
        await p.rm_shm(shmid)
        t.tst_exit()
    await t.tst_resm(TPASS, "sbrk, sbrk, shmget, shmat")

    if await p.sbrk(32 * K_1) == -1:
        await _shmt09_sbrk_failed(p)
        await p.rm_shm(shmid)
        t.tst_exit()
    vp = await p.sbrk(0) - 2 * K_1  # not page aligned, and no SHM_RND: must fail
    c2 = await p.shmat(shmid, vp, 0)
    if c2 != -1:
        await t.tst_resm(
            TFAIL,
            f"ERROR: shmat: succeeded!: shmid = {shmid}, shmaddr = "
            f"0x{_hex32(c2)}, att_addr = 0x{_hex32(vp)}\n",
        )
        await p.rm_shm(shmid)
        t.tst_exit()
    await t.tst_resm(TPASS, "sbrk, shmat")

    if await p.sbrk(-16000) == -1:
        await _shmt09_sbrk_failed(p)
        await p.rm_shm(shmid)
        t.tst_exit()
    # SHMALIGN(sbrk(0) + 1): the first SHMLBA boundary above the break
    vp = (await p.sbrk(0) + 1 + SHMLBA - 1) & ~(SHMLBA - 1)
    c3 = await p.shmat(shmid, vp, SHM_RND)
    if c3 == -1:
        await p.perror("shmat1")
        await t.tst_resm(TFAIL, f"Error: shmat Failed, shmid = {shmid}, errno = {p.errno}\n")
        await p.rm_shm(shmid)
        t.tst_exit()
    await t.tst_resm(TPASS, "sbrk, shmat")

    # x86_64: one page more must fail, the attach sits right above the heap
    vp = await p.sbrk(PAGESIZE)
    if vp != -1:
        await t.tst_resm(
            TFAIL,
            f"Error: sbrk succeeded!  ret = 0x{_hex32(vp)}, curbrk = 0x{_hex32(await p.sbrk(0))}, ",
        )
        await p.rm_shm(shmid)
        t.tst_exit()
    await t.tst_resm(TPASS, "sbrk")

    await p.rm_shm(shmid)
    t.tst_exit()


shmt09 = program(BIN + "shmt09")(_test("shmt09", 4, _shmt09))


# -- shmt10: parent and child attach and detach one segment many times ----------------------
SHMT10_SIZE = 0x32768  # sic: hexadecimal, 206696 bytes


def _atoi(text: str) -> int:
    """atoi(), as a C int."""
    m = re.match(r"[ \t\n\v\f\r]*([+-]?\d+)", text)
    v = int(m.group(1)) if m else 0
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v >= 1 << 31 else v


async def _getopt_i(libc: Libc, argv: list[str]) -> tuple[int, bool]:
    """`while ((c = getopt(argc, argv, "i:")) != EOF)`: glibc getopt (operands
    permuted past, "--" ends the options, no long options), each -i's atoi; stops
    at the first bad option after glibc's message (argv[0] as its program name).
    Returns: (iterations, whether the options were all good)."""
    it = 500
    posix = libc.getenv("POSIXLY_CORRECT") is not None
    i = 1
    while i < len(argv):
        a = argv[i]
        i += 1
        if a == "--":
            break
        if not a.startswith("-") or a == "-":
            if posix:
                break
            continue
        j = 1
        while j < len(a):
            c = a[j]
            j += 1
            if c != "i":
                await libc.err(f"{argv[0]}: invalid option -- '{c}'\n")
                return it, False
            if j < len(a):
                it = _atoi(a[j:])
            elif i < len(argv):
                it = _atoi(argv[i])
                i += 1
            else:
                await libc.err(f"{argv[0]}: option requires an argument -- '{c}'\n")
                return it, False
            break
    return it, True


async def _shmt10_loop(p: _Proc, shmid: int, it: int, shmat_msg: str, shmdt_msg: str) -> bool:
    """iter attaches and detaches; False after the first failure, reported with
    the message (formatted with the iteration and the id)."""
    for i in range(it):
        c1 = await p.shmat(shmid, 0, 0)
        if c1 == -1:
            await p.t.tst_resm(TFAIL, shmat_msg.format(i=i, shmid=shmid))
            return False
        if await p.shmdt(c1) < 0:
            await p.t.tst_resm(TFAIL, shmdt_msg.format(i=i))
            return False
    return True


async def _shmt10_child(p: _Proc, shmid: int, it: int) -> None:
    if not await _shmt10_loop(
        p,
        shmid,
        it,
        "Error:child proc: shmat: iter {i}, shmid = {shmid}\n",
        "Error: child proc: shmdt: iter {i} ",
    ):
        p.t.tst_exit()


def _shmt10(argv: list[str]) -> Callable[[_Proc], Awaitable[None]]:
    async def body(p: _Proc) -> None:
        t, libc = p.t, p.libc
        key = await libc.getpid()
        # signal(SIGTERM, fini): not modelled (see the module's docstring)
        it, ok = await _getopt_i(libc, argv)
        if not ok:
            await t.tst_resm(TCONF, f"usage: {argv[0]} [-i <# iterations>]")
            t.tst_exit()

        shmid = await p.shmget(key, SHMT10_SIZE, IPC_CREAT | 0o666)
        if shmid < 0:
            await t.tst_resm(TFAIL, "shmget")
            await t.tst_resm(TFAIL, f"Error: shmid = {shmid}\n")
            t.tst_exit()
        if await p.fork(lambda c: _shmt10_child(c, shmid, it)) == -1:
            await t.tst_resm(TBROK, "fork failed")
            t.tst_exit()
        await _shmt10_loop(
            p, shmid, it, "Error shmat: iter {i}, shmid = {shmid}\n", "Error: shmdt: iter {i} "
        )  # a failure only ends the loop
        await p.wait()
        await t.tst_resm(TPASS, "shmat,shmdt")

        await p.rm_shm(shmid)
        t.tst_exit()

    return body


@program(BIN + "shmt10")
async def shmt10(libc: Libc, argv: list[str]) -> int:
    return await _test("shmt10", 2, _shmt10(argv))(libc, argv)
