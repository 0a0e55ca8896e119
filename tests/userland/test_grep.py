"""grep beyond the golden cases: regex translation details, -r, exit statuses."""

from __future__ import annotations

import re

import pytest

from swapsh.userland.grep.posix_re import RegexError, translate
from tests.conftest import Session


@pytest.mark.parametrize(
    ("pat", "ere", "line", "hit"),
    [
        ("a+b", False, "a+b", True),
        ("a\\+b", False, "aab", True),
        ("(x)", False, "(x)", True),
        ("\\(x\\)\\1", False, "xx", True),
        ("x\\{2\\}", False, "xx", True),
        ("a|b", False, "a|b", True),
        ("a\\|b", False, "b", True),
        ("*a", False, "*a", True),
        ("^*a", False, "*a", True),
        ("a^b", False, "a^b", True),
        ("a$b", False, "a$b", True),
        ("a{1", True, "a{1", True),
        ("(a|b)+{2}", True, "abab", True),
        ("a**", True, "", True),
        ("[]x]", False, "]", True),
        ("[^]x]", False, "]", False),
        ("[[:digit:]]", False, "5", True),
        ("\\<ba", False, "foo bar", True),
        ("\\<ar", False, "foo bar", False),
    ],
)
def test_translation_matches_posix(pat: str, ere: bool, line: str, hit: bool) -> None:
    rx, _ = translate(pat, ere)
    assert bool(re.search(rx, line)) == hit


@pytest.mark.parametrize(
    ("pat", "ere", "msg"),
    [
        ("[a", False, "Unmatched [, [^, [:, [., or [="),
        ("a[", False, "Invalid regular expression"),
        ("\\)", False, "Unmatched ) or \\)"),
        ("a\\{x\\}", False, "Invalid content of \\{\\}"),
        ("a\\{2,1\\}", False, "Invalid content of \\{\\}"),
        ("[[.foo.]]", False, "Invalid collation character"),
    ],
)
def test_bad_patterns_give_grep_messages(pat: str, ere: bool, msg: str) -> None:
    with pytest.raises(RegexError, match=re.escape(msg)):
        translate(pat, ere)


def test_recursive_search_names_files(sh: Session) -> None:
    sh.run("mkdir -p /rd/s; echo foo > /rd/s/x; echo foo > /rd/y; echo bar > /rd/z")
    assert sorted(sh.run("grep -r foo /rd/").out.split()) == ["/rd/s/x:foo", "/rd/y:foo"]
    assert sh.run("cd /rd; grep -rl foo").out.split() in (["s/x", "y"], ["y", "s/x"])
    r = sh.run("grep foo /rd")
    assert (r.err, r.status) == ("grep: /rd: Is a directory\n", 2)


def test_pipeline_and_exit_statuses(sh: Session) -> None:
    assert sh.run("cat /etc/passwd | grep -c sh").out == "4\n"
    assert sh.run("grep -q nobody /etc/passwd").status == 0
    assert sh.run("grep -q zzz /etc/passwd").status == 1
    r = sh.run("grep -P x /etc/passwd")
    assert r.status == 2 and "Perl matching not supported" in r.err
    assert sh.run("grep -o 'o\\+' /etc/passwd | head -n 2").out == "oo\noo\n"
