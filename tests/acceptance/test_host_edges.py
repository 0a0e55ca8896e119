"""The installed `swapsh` where it meets the host: the bytes of its input, the files
it writes, and signals sent to it (issue #11 items 7, 9 and 10)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.pty_helpers import HANG

pytestmark = pytest.mark.skipif(
    shutil.which("swapsh") is None, reason="swapsh is not installed (pip install -e .)"
)


def swapsh(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["swapsh", *args], input=stdin, capture_output=True, timeout=HANG)


# -- input: every mode keeps a CR in its line and drops NULs, as bash does ----------------
def test_a_cr_stays_in_its_line_in_every_mode(tmp_path: Path) -> None:
    # bash 5.2: `printf 'echo a\rb | wc -c\n' | bash` prints 4 (a, CR, b, newline).
    line = b"echo a\rb | wc -c\n"
    script = tmp_path / "script"
    script.write_bytes(line)
    for r in (swapsh(stdin=line), swapsh(str(script)), swapsh("-c", line.decode())):
        assert (r.returncode, r.stdout, r.stderr) == (0, b"4\n", b"")


def test_nuls_in_the_input_are_dropped(tmp_path: Path) -> None:
    # bash 5.2 drops a NUL in what it reads (a pipe, or a script file after its first
    # line), silently: `printf 'echo a\0b\n' | bash` prints "ab".
    text = b"/bin/echo a\0b\necho \0c\0\n"
    script = tmp_path / "script"
    script.write_bytes(text)
    for r in (swapsh(stdin=text), swapsh(str(script))):
        assert (r.returncode, r.stdout, r.stderr) == (0, b"ab\nc\n", b"")
