"""mkswap: the header page it writes, byte for byte, and its messages."""

from __future__ import annotations

import ctypes
import ctypes.util
import re
import struct

from swapsh.kernel.fs.inode import is_zero_buffer
from swapsh.kernel.params import PAGE_SIZE
from swapsh.userland.util_linux.randutils import GlibcRandom
from tests.conftest import Session
from tests.userland.swapfile_helpers import FIXED_UUID, file_bytes, make_file

UUID_RE = r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"


def expected_header(pages: int, uuid: bytes, label: bytes = b"") -> bytes:
    page = bytearray(4096)
    struct.pack_into("<III", page, 1024, 1, pages - 1, 0)
    page[1036:1052] = uuid
    page[1052 : 1052 + len(label)] = label
    page[4086:] = b"SWAPSPACE2"
    return bytes(page)


def test_header_page_is_byte_exact_and_nothing_else_is_touched(sh: Session) -> None:
    make_file(sh, "/filled", 16 << 20, fill=0xFF)
    r = sh.run(f"mkswap -L myswap -U {FIXED_UUID} /filled")
    assert r.out == (
        "Setting up swapspace version 1, size = 16 MiB (16773120 bytes)\n"
        f"LABEL=myswap, UUID={FIXED_UUID}\n"
    )
    assert (r.err, r.status) == ("", 0)
    uuid = bytes.fromhex(FIXED_UUID.replace("-", ""))
    assert file_bytes(sh, "/filled") == expected_header(4096, uuid, b"myswap")
    assert file_bytes(sh, "/filled", 4096, 8192) == b"\xff" * 8192
    assert file_bytes(sh, "/filled", (16 << 20) - 16, 16) == b"\xff" * 16


def test_uuid_comes_from_the_machine_urandom_with_v4_bits(sh: Session) -> None:
    make_file(sh, "/s", 1 << 20)
    r = sh.run("mkswap /s")
    m = re.fullmatch(
        r"Setting up swapspace version 1, size = 1020 KiB \(1044480 bytes\)\n"
        rf"no label, UUID=({UUID_RE})\n",
        r.out,
    )
    assert m, r.out
    assert file_bytes(sh, "/s", 1036, 16).hex() == m.group(1).replace("-", "")
    again = Session()
    make_file(again, "/s", 1 << 20)
    assert again.run("mkswap /s").out == r.out  # same seed, same UUID
    other = Session(seed=7)
    make_file(other, "/s", 1 << 20)
    assert other.run("mkswap /s").out != r.out


def test_insecure_permissions_and_wipe_warnings(sh: Session) -> None:
    make_file(sh, "/s1", 16 << 20, mode=0o644)
    r = sh.run("mkswap /s1")
    assert r.err == "mkswap: /s1: insecure permissions 0644, fix with: chmod 0600 /s1\n"
    r = sh.run("mkswap -L abcdefghijklmnopqrstuvwxyz /s1")
    assert r.err.splitlines()[1:] == [
        "mkswap: /s1: warning: wiping old swap signature.",
        "mkswap: Label was truncated.",
    ]
    assert "LABEL=abcdefghijklmno, UUID=" in r.out
    assert r.status == 0


def test_size_argument_min_size_and_errors(sh: Session) -> None:
    make_file(sh, "/sf", 16 << 20)
    make_file(sh, "/small", 36 << 10)
    r = sh.run("mkswap /sf 100")
    assert r.out.startswith("Setting up swapspace version 1, size = 96 KiB (98304 bytes)\n")
    assert struct.unpack_from("<I", file_bytes(sh, "/sf", 1028, 4))[0] == 24
    cases = {
        "mkswap /small": ("mkswap: error: swap area needs to be at least 40 KiB\n", 1),
        "mkswap /sf 99999999": (
            "mkswap: error: size 99999996 KiB is larger than device size 16384 KiB\n",
            1,
        ),
        "mkswap /sf abc": ("mkswap: invalid block count argument: 'abc'\n", 1),
        "mkswap -- /sf -5": (
            "mkswap: invalid block count argument: '-5': Numerical result out of range\n",
            1,
        ),
        "mkswap /sf 99999999999999999999999": (
            "mkswap: invalid block count argument: '99999999999999999999999': Numerical "
            "result out of range\n",
            1,
        ),
        "mkswap -p 1000 /sf": ("mkswap: Bad user-specified page size 1000\n", 1),
        "mkswap -U notauuid /sf": ("mkswap: error: parsing UUID failed\n", 1),
        "mkswap -v 0 /sf": ("mkswap: swapspace version 0 is not supported\n", 1),
        "mkswap /nonexist": ("mkswap: cannot open /nonexist: No such file or directory\n", 1),
        "mkswap -c -q /sf": ("mkswap: mutually exclusive arguments: --check --quiet\n", 1),
        "mkswap /sf 1 2": (
            "mkswap: only one device argument is currently supported\n"
            "Try 'mkswap --help' for more information.\n",
            1,
        ),
    }
    for line, want in cases.items():
        r = sh.run(line)
        assert (r.out, r.err, r.status) == ("", *want), line


def test_check_option_on_a_file_and_holes_warning(sh: Session) -> None:
    make_file(sh, "/sf", 16 << 20)
    make_file(sh, "/sparse", 16 << 20, sparse=True)
    r = sh.run("mkswap -c /sf")
    assert r.err == ("mkswap: warning: checking bad blocks from swap file is not supported: /sf\n")
    r = sh.run("mkswap /sparse")
    assert "contains holes or other unsupported extents" in r.err and r.status == 0


def test_mkswap_on_512_mib_reads_and_writes_only_the_header(sh: Session) -> None:
    make_file(sh, "/big", 512 << 20)
    cached = sh.kernel.zone.nr_file_pages
    out, _err, _ = sh.type("mkswap /big")
    assert out.startswith("Setting up swapspace version 1, size = 512 MiB (536866816 bytes)")
    assert sh.kernel.zone.nr_file_pages - cached <= 16  # the head of the file, not 512 MiB
    data = sh.kernel.vfs.lookup(sh.m.console.read_wait.tasks[0], "/big").inode.data
    assert data.read_page(0)  # the header, and nothing else written
    assert is_zero_buffer(data.read(PAGE_SIZE, (512 << 20) - PAGE_SIZE))


def test_junk_never_crashes(sh: Session) -> None:
    for line in (
        "mkswap -p",
        "mkswap -p 99999999999 /x",
        "mkswap --label",
        "mkswap -z",
        "mkswap --lock=x",
        "mkswap -v abc /x",
        "mkswap /dev/null",
        "mkswap /proc",
    ):
        r = sh.run(line)
        assert r.status == 1 and r.err, line
        assert sh.m.panic is None


UUID_V1_RE = r"[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"


def _uptime(sh: Session) -> float:
    return float(sh.run("cat /proc/uptime").out.split()[0])


def test_uuid_without_a_working_urandom_is_libuuids_fallback(sh: Session) -> None:
    """Found by the fuzzer: /dev/urandom replaced by a short file made mkswap an
    internal IndexError. libuuid retries an empty read 9 times 125 ms apart, mixes
    in rand(), and uuid_generate() falls back to a time-based UUID."""
    make_file(sh, "/s", 1 << 20)
    for broken in ("echo > /dev/urandom", "rm /dev/urandom", "mkdir /dev/urandom"):
        sh.run("rm -rf /dev/urandom; " + broken)
        for opt, pattern in (("", UUID_V1_RE), ("-U time", UUID_V1_RE), ("-U random", UUID_RE)):
            before = _uptime(sh)
            r = sh.run(f"mkswap {opt} /s")
            err = r.err.replace("mkswap: /s: warning: wiping old swap signature.\n", "")
            assert (r.status, err) == (0, ""), (broken, opt, r.err)
            assert re.search(rf"no label, UUID={pattern}\n$", r.out), (broken, opt, r.out)
            if broken != "rm /dev/urandom":  # 9 sleeps of 125 ms on the simulated clock
                assert 1.12 <= _uptime(sh) - before < 1.2, (broken, opt)


def test_glibc_rand_is_the_hosts() -> None:
    """randutils' rand() against the host's glibc srand()/rand()."""
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    for seed in (0, 1, 12345, 2**31 - 1, 2**31, 0xDEADBEEF, 2**32 - 1):
        libc.srand(ctypes.c_uint(seed))
        rng = GlibcRandom(seed)
        assert [rng.rand() for _ in range(40)] == [libc.rand() for _ in range(40)], seed
