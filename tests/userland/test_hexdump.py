"""hexdump: the 512 MiB sparse file is cheap; formats beyond the golden cases."""

from __future__ import annotations

from tests.conftest import Session
from tests.opcount import count_calls

BIG_C = (
    "00000000  68 65 6c 6c 6f 20 77 6f  72 6c 64 0a 30 31 32 33  |hello world.0123|\n"
    "00000010  34 35 36 37 38 39 61 62  63 64 65 66 58 59 5a 00  |456789abcdefXYZ.|\n"
    "00000020  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n"
    "*\n20000000\n"
)


def _big(sh: Session, mib: int = 512, path: str = "/big") -> None:
    sh.run(f"dd if=/dev/zero of={path} bs=1M count={mib} status=none")
    sh.run("/bin/echo -ne 'hello world\\n0123456789abcdefXYZ' > /hx")
    sh.run(f"dd if=/hx of={path} conv=notrunc status=none")


def test_canonical_dump_of_512_mib_sparse_file(sh: Session) -> None:
    _big(sh)
    out, err, _ = sh.type("hexdump -C /big")
    assert (out, err) == (BIG_C, "")


def test_dumping_zeros_costs_far_less_than_a_loop_over_their_pages(sh: Session) -> None:
    """The zeros after the head are squeezed to one "*" without being looked at line
    by line: the 448 MiB more of a 512 MiB file than of a 64 MiB one cost fewer calls
    than half their pages (a loop over lines would make millions)."""
    _big(sh, 64, "/mid")
    _big(sh)
    sh.type("hexdump -C /hx > /dev/null")  # the module is imported on first exec
    with count_calls() as small:
        sh.type("hexdump -C /mid > /dev/null")
    with count_calls() as big:
        sh.type("hexdump -C /big > /dev/null")
    more_pages = (512 - 64) * 256
    assert big.n - small.n < more_pages // 2, (small.n, big.n)


def test_unaligned_skip_over_the_big_file(sh: Session) -> None:
    _big(sh)
    out = sh.run("hexdump -C -s 1 /big").out.split("\n")
    assert out[0].startswith("00000001  65 6c 6c 6f")
    assert out[-3] == (
        "1ffffff1  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00     |...............|"
    )
    assert out[-2] == "20000000"


def test_length_suffixes_and_hex_offsets(sh: Session) -> None:
    _big(sh)
    assert sh.run("hexdump -C -s 0x10 -n 4 /big").out == (
        "00000010  34 35 36 37                                       |4567|\n00000014\n"
    )
    assert sh.run("hexdump -n 1KiB /big | tail -n 1").out == "0000400\n"
    r = sh.run("hexdump -e '\"%x\"' /big")
    assert r.status == 1 and "not supported" in r.err
