"""Same input and seed, same bytes out; another seed changes what randomness feeds."""

from __future__ import annotations

import subprocess
import sys

from tests.pty_helpers import HANG

SCRIPT = """dd if=/dev/zero of=/s1 bs=1M count=8
chmod 600 /s1
mkswap -L lab /s1
clone64(CLONE_NEWSWAP|CLONE_NEWIPC)
swapon /s1
cat /proc/swaps
exit
dmesg
ls -l /s1
dd if=/dev/urandom bs=16 count=1 2>/dev/null | strings -n 1
cat /proc/uptime
"""


def _run(seed: int) -> tuple[bytes, bytes, int]:
    p = subprocess.run(
        [sys.executable, "-m", "swapsh", "--seed", str(seed), "-"],
        input=SCRIPT.encode(),
        capture_output=True,
        timeout=HANG,
    )
    return p.stdout, p.stderr, p.returncode


def test_same_seed_same_bytes() -> None:
    a, b = _run(7), _run(7)
    assert a == b
    assert b"Adding 8184k swap on /s1.  Priority:-1 extents:1 across:8184k" in a[0]


def test_another_seed_changes_uuids_and_urandom() -> None:
    a, b = _run(7), _run(8)
    assert a[0] != b[0]
    uuid_a = [line for line in a[0].splitlines() if b"UUID=" in line]
    uuid_b = [line for line in b[0].splitlines() if b"UUID=" in line]
    assert uuid_a and uuid_a != uuid_b
