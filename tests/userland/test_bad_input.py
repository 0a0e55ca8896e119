"""Bad input gets messages and non-zero statuses; the session goes on and keeps what
the user made."""

from __future__ import annotations

import pytest

from tests.conftest import Session

BAD_LINES = [
    "echo 'unbalanced",
    'echo "unbalanced',
    "dd if=/dev/zero of=/tmp/x bs=-1",
    "dd if=/dev/zero of=/tmp/x bs=99999999999999999999999999 count=1",
    "dd if=/dev/zero of=/tmp/x count=-5",
    "mkswap -Q /tmp/keep",
    "swapon --bogus",
    "swapon -p 99999999999999999999 /tmp/keep",
    "strings -n 0 /tmp/keep",
    "strings /nonexistent",
    "strings -t q /tmp/keep",
    "ls --nope",
    "chmod 99999 /tmp/keep",
    "rm",
    "mkdir",
    "uname -Z",
    "cat \x00\x01\x02\xff",
    "\x1b[A\x07\x08 junk",
    "x" * 100_000,
    "echo " + "y" * 100_000 + " | nosuch",
    "clone64(CLONE_NEWSWAP|0xffffffffffffffffffff)",
    "clone64(99999999999999999999999999)",
    "swapoff /tmp/keep",
    "unshare --swap",
    "cd " + "z/" * 3000,
    ";;",
    "|",
    "echo > ",
    "> /",
]


@pytest.mark.parametrize("line", BAD_LINES, ids=range(len(BAD_LINES)))
def test_bad_line_gets_a_message_and_a_nonzero_status(sh: Session, line: str) -> None:
    sh.run("echo keep > /tmp/keep")
    if line.count("'") % 2 or line.count('"') % 2:
        # an open quote asks for more; ^C would abandon it; here ^D ends the line
        sh.m.type_line(line)
        sh.m.run()
        sh.m.type_eof()
        _out, err, _ = sh._settle()
        assert "unexpected EOF while looking for matching" in err
    else:
        r = sh.run(line)
        assert r.status != 0, (line[:60], r)
        assert r.err.strip(), (line[:60], r)
        assert "Traceback" not in r.err + r.out
    assert not sh.m.logged_out and sh.m.panic is None
    # the session goes on, and nothing it made is lost
    assert sh.run("cat /tmp/keep").out == "keep\n"
    assert "internal error" not in sh.kernel.log.text
