"""dd on the simulated machine: copies, counts, suffixes, truncation, timing."""

from __future__ import annotations

import pytest

from tests.conftest import Session
from tests.opcount import count_calls


def _stats(err: str) -> list[str]:
    return err.splitlines()[:2]


def test_dd_512_mib_of_zeros_is_exact(sh: Session) -> None:
    r = sh.run("dd if=/dev/zero of=/s1 bs=1M count=512")
    assert r.status == 0
    assert r.err.startswith(
        "512+0 records in\n512+0 records out\n536870912 bytes (537 MB, 512 MiB) copied, "
    )
    assert r.err.endswith(" GB/s\n")
    assert " 536870912 " in sh.run("ls -l /s1").out


def test_copying_zeros_costs_far_less_than_a_loop_over_its_pages(sh: Session) -> None:
    """Zeros cost the host next to nothing: 64 blocks of 8 MiB cost little more than
    64 blocks of 1 MiB (the page cache's reclaim works in batches). A loop over the
    448 MiB more, page by page, would make at least one call for each of its pages."""
    sh.type("dd if=/dev/zero of=/warm bs=1M count=1 status=none")  # dd's module imported
    with count_calls() as small:
        sh.type("dd if=/dev/zero of=/s64 bs=1M count=64 status=none")
    with count_calls() as big:
        sh.type("dd if=/dev/zero of=/s512 bs=8M count=64 status=none")
    assert " 536870912 " in sh.run("ls -l /s512").out
    more_pages = (512 - 64) * 256
    assert big.n - small.n < more_pages // 8, (small.n, big.n)


def test_summary_time_comes_from_the_simulated_clock(sh: Session) -> None:
    a = sh.run("dd if=/dev/zero of=/dev/null bs=1M count=16").err
    b = Session().run("dd if=/dev/zero of=/dev/null bs=1M count=16").err
    assert a == b  # deterministic: same machine, same output


@pytest.mark.parametrize(
    ("bs", "nbytes"),
    [
        ("1", "1 byte copied"),
        ("1w", "2 bytes copied"),
        ("1b", "512 bytes copied"),
        ("1kB", "1000 bytes (1.0 kB) copied"),
        ("1KiB", "1024 bytes (1.0 kB, 1.0 KiB) copied"),
        ("1MB", "1000000 bytes (1.0 MB, 977 KiB) copied"),
        ("1xM", "1048576 bytes (1.0 MB, 1.0 MiB) copied"),
        ("2x512", "1024 bytes"),
        ("010", "10 bytes copied"),
    ],
)
def test_block_size_suffixes(sh: Session, bs: str, nbytes: str) -> None:
    r = sh.run(f"dd if=/dev/zero of=/dev/null bs={bs} count=1")
    assert r.status == 0 and nbytes in r.err


@pytest.mark.parametrize(
    ("arg", "message"),
    [
        ("bs=1m", "dd: invalid number: ‘1m’\n"),
        ("bs=2x3x4", "dd: invalid number: ‘2x3x4’\n"),
        ("count=-1", "dd: invalid number: ‘-1’\n"),
        (
            "bs=99999999999999999999",
            "dd: invalid number: ‘99999999999999999999’: Value too large for defined data type\n",
        ),
        ("skip=1x99999999999x99", "dd: invalid number: ‘1x99999999999x99’\n"),
        (
            "count=9999999999999999999E",
            "dd: invalid number: ‘9999999999999999999E’: Value too large for defined data type\n",
        ),
        ("bs=\udcff", "dd: invalid number: ‘\\377’\n"),
    ],
)
def test_bad_numbers_are_messages(sh: Session, arg: str, message: str) -> None:
    r = sh.run(f"dd if=/dev/zero of=/dev/null {arg}")
    assert (r.err, r.status) == (message, 1)


def test_seek_truncates_unless_notrunc(sh: Session) -> None:
    sh.run("dd if=/dev/zero of=/t bs=4K count=1 status=none")
    sh.run("dd if=/dev/zero of=/u bs=4K count=1 status=none")
    sh.run("dd if=/dev/zero of=/t bs=1K count=1 seek=1 status=none")
    sh.run("dd if=/dev/zero of=/u bs=1K count=1 seek=1 conv=notrunc status=none")
    assert " 2048 " in sh.run("ls -l /t").out
    assert " 4096 " in sh.run("ls -l /u").out


def test_data_round_trip_with_skip_and_count(sh: Session) -> None:
    sh.run("/bin/echo -n abcdefghij > /ten")
    r = sh.run("dd if=/ten bs=1 skip=3 count=4 status=none")
    assert r.out == "defg"
    assert sh.run("dd if=/ten bs=4 skip=2B count=3B status=none").out == "cde"


def test_ibs_obs_reblocking_and_sync(sh: Session) -> None:
    r = sh.run("dd if=/dev/zero of=/io ibs=512 obs=1024 count=3")
    assert _stats(r.err) == ["3+0 records in", "1+1 records out"]
    sh.run("/bin/echo -n abc > /three")
    r = sh.run("dd if=/three of=/pad bs=8 conv=sync")
    assert _stats(r.err) == ["0+1 records in", "1+0 records out"]
    assert " 8 " in sh.run("ls -l /pad").out


def test_ucase_conversion(sh: Session) -> None:
    sh.run("/bin/echo hello > /h")
    assert sh.run("dd if=/h conv=ucase status=none").out == "HELLO\n"


def test_status_progress_and_bad_flags(sh: Session) -> None:
    r = sh.run("dd if=/dev/zero of=/dev/null iflag=bogus")
    assert r.err == "dd: invalid input flag: ‘bogus’\nTry 'dd --help' for more information.\n"
    assert sh.run("dd if=/dev/zero of=/dev/null count=1 status=none").err == ""


def test_skip_past_end_and_errors(sh: Session) -> None:
    sh.run("/bin/echo -n abcdefghij > /ten")
    r = sh.run("dd if=/ten of=/skp bs=1 skip=20 count=4")
    assert r.err.startswith("dd: /ten: cannot skip to specified offset\n0+0 records in\n")
    sh.run("mkdir /d")
    r = sh.run("dd if=/d of=/e")
    assert r.err.startswith("dd: error reading '/d': Is a directory\n") and r.status == 1
    r = sh.run("dd if=/dev/zero of=/e bs=1E count=1")
    assert r.err == (
        "dd: memory exhausted by input buffer of size 1152921504606846976 bytes (1.0 EiB)\n"
    )
