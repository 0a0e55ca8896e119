"""strings: runs of printable bytes, chunk boundaries, offsets, and speed on a 512 MiB
swap file."""

from __future__ import annotations

import random

from swapsh.userland.binutils.strings import Options, Scanner
from tests.conftest import Session
from tests.userland.swapfile_helpers import make_file

GRAPHIC = set(range(0x20, 0x7F)) | {0x09}


def reference_strings(data: bytes, n: int) -> list[tuple[int, str]]:
    """binutils' definition, byte by byte: maximal runs of at least n printables."""
    out, start = [], None
    for i, b in enumerate(data + b"\0"):
        if i < len(data) and b in GRAPHIC:
            start = i if start is None else start
        else:
            if start is not None and i - start >= n:
                out.append((start, data[start:i].decode()))
            start = None
    return out


def _scan(data: bytes, cuts: list[int], n: int) -> list[bytes]:
    sc = Scanner(Options(string_min=n, radix=10), b"")
    pos = 0
    for cut in [*cuts, len(data)]:
        sc.feed(data[pos:cut], pos)
        pos = cut
    sc.finish()
    return sc.out


def test_scanner_matches_the_byte_by_byte_definition_across_any_chunking() -> None:
    rng = random.Random(1)
    alphabet = b"\0\n\t ab~\x7f\x80\x01"
    for _ in range(300):
        data = bytes(rng.choice(alphabet) for _ in range(rng.randrange(0, 60)))
        cuts = sorted(rng.sample(range(len(data) + 1), min(len(data), rng.randrange(0, 6))))
        n = rng.choice([1, 2, 3, 4, 10])
        want = [b"%7d %s\n" % (off, s.encode()) for off, s in reference_strings(data, n)]
        assert _scan(data, cuts, n) == want, (data, cuts, n)


def test_zero_chunks_are_recognised_by_identity() -> None:
    zero = bytes(64)
    sc = Scanner(Options(), b"")
    sc.feed(b"abcd" + bytes(60), 0)
    sc.feed(zero, 64)
    assert sc.zero is zero
    sc.feed(zero, 128)
    sc.finish()
    assert sc.out == [b"abcd\n"]


def test_messages_and_options(sh: Session) -> None:
    text = b"ab\tcd\n\x01\x02hello\tworld\x00xyz\x00abcd\nx\ty\x00longer string here\n"
    make_file(sh, "/tabs", len(text), text)
    make_file(sh, "/zero", 8192)
    assert sh.run("strings -t d /tabs").out == (
        "      0 ab\tcd\n      8 hello\tworld\n     24 abcd\n     33 longer string here\n"
    )
    assert (
        sh.run("strings -t x -n 6 /tabs").out == "      8 hello\tworld\n     21 longer "
        "string here\n"
    )
    assert sh.run("strings -f -o /tabs /zero").out.splitlines()[0] == "/tabs:       0 ab\tcd"
    assert (
        sh.run("strings -3 -s '|' /tabs").out == "ab\tcd|hello\tworld|xyz|abcd|x\ty|"
        "longer string here|"
    )
    assert sh.run("strings < /tabs").out == "ab\tcd\nhello\tworld\nabcd\nlonger string here\n"
    cases = {
        "strings -n 0 /tabs": ("strings: invalid minimum string length 0\n", 1),
        "strings -n abc /tabs": ("strings: invalid integer argument abc\n", 1),
        "strings /nonexist": ("strings: '/nonexist': No such file\n", 1),
        "strings /proc": ("strings: Warning: '/proc' is a directory\n", 1),
        "strings -n -1 /tabs": ("", 0),
        "strings -e b /tabs": (
            "strings: swapsh: encoding 'b' is not supported (only s and S)\n",
            1,
        ),
    }
    for line, want in cases.items():
        r = sh.run(line)
        assert (r.err, r.status) == want, line
    r = sh.run("strings -t z /tabs")
    assert r.err.startswith("Usage: strings [option(s)] [file(s)]\n") and r.status == 1


def test_512_mib_swap_file_reads_whole(sh: Session) -> None:
    """Its speed is measured in scripts/bench_foundation.py."""
    assert sh.run("dd if=/dev/zero of=/s2 bs=1M count=512 status=none").status == 0
    sh.run("mkswap -U 11111111-2222-3333-4444-555555555555 /s2")
    out, err, _ = sh.type("strings -t d /s2")
    assert (out, err) == ('   1040 ""33DDUUUUUU\n   4086 SWAPSPACE2\n', "")
