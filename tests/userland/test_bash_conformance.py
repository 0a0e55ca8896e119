"""The bash-conformance harness works (scripts/bash_conformance.py): bash's test
helpers, the machine's hook for them, the chunk splitter, and a run of a small test
file of our own in both shells. No conformance figure is asserted here: that is the
harness's output, and it changes as the shell grows."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from swapsh.machine import Machine, MachineOptions
from swapsh.userland.bash_support import printenv_output, recho_output, zecho_output
from swapsh.userland.libc import Libc

ROOT = Path(__file__).resolve().parents[2]


def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bash_conformance", ROOT / "scripts/bash_conformance.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # its dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


bc = _harness()

# Expected values from bash 5.2's own helpers, built from its support/*.c:
#   ./recho a 'b c' '' $'\001\037 \177\200\377' '^A'
#   ./zecho -n a '' 'b  c' -e
#   env -i A=1 AB=2 B= ./printenv [AB x | A | '']
RECHO_ARGS = [b"a", b"b c", b"", b"\x01\x1f \x7f\x80\xff", b"^A"]
RECHO_OUT = (
    b"argv[1] = <a>\nargv[2] = <b c>\nargv[3] = <>\nargv[4] = <^A^_ ^?\x80\xff>\nargv[5] = <^A>\n"
)
ZECHO_ARGS = [b"-n", b"a", b"", b"b  c", b"-e"]
ZECHO_OUT = b"-n a  b  c -e\n"
ENV = [b"A=1", b"AB=2", b"B="]


def test_helpers_print_what_bash_support_programs_print() -> None:
    assert recho_output(RECHO_ARGS) == RECHO_OUT
    assert recho_output([]) == b""
    assert zecho_output(ZECHO_ARGS) == ZECHO_OUT
    assert printenv_output([], ENV) == (b"A=1\nAB=2\nB=\n", 0)
    assert printenv_output([b"AB", b"x"], ENV) == (b"2\n", 0)
    assert printenv_output([b"A"], ENV) == (b"1\n", 0)
    assert printenv_output([b"A"], [b"AB=2"]) == (b"", 1)
    assert printenv_output([b""], ENV) == (b"", 1)
    assert printenv_output([b"B"], ENV) == (b"\n", 0)


@pytest.mark.parametrize("compile_c", [True, False])
def test_host_helpers_match_the_machine_ones(tmp_path: Path, compile_c: bool) -> None:
    if compile_c and shutil.which("cc") is None:
        pytest.skip("no C compiler on this host")
    bc.install_host_helpers(tmp_path, compile_c=compile_c)
    recho = subprocess.run([tmp_path / "recho", *RECHO_ARGS], capture_output=True, check=True)
    assert recho.stdout == RECHO_OUT
    zecho = subprocess.run([tmp_path / "zecho", *ZECHO_ARGS], capture_output=True, check=True)
    assert zecho.stdout == ZECHO_OUT
    env = {"A": "1", "AB": "2", "B": ""}
    pe = subprocess.run([tmp_path / "printenv"], env=env, capture_output=True, check=True)
    assert pe.stdout == b"A=1\nAB=2\nB=\n"
    pe = subprocess.run([tmp_path / "printenv", "C"], env=env, capture_output=True, check=False)
    assert (pe.stdout, pe.returncode) == (b"", 1)


async def _hello(libc: Libc, argv: list[str]) -> int:
    await libc.out(f"hello {' '.join(argv[1:])}\n")
    return 3


def test_machine_installs_extra_files_and_programs_at_boot() -> None:
    m = Machine(
        MachineOptions(
            extra_files={"/srv/t/data": (0o644, b"x\n"), "/srv/empty": (0o40755, b"")},
            extra_programs={"/srv/t/hello": _hello},
        )
    )
    m.take_output()
    m.type_line("/srv/t/hello a b; echo $?; cat /srv/t/data; ls -d /srv/empty")
    assert m.run()
    assert b"".join(d for s, d in m.take_output() if s == 1) == b"hello a b\n3\nx\n/srv/empty\n"
    assert m.read_file("/srv/t/data") == b"x\n"
    assert m.read_file("/srv/empty") is None  # a directory
    assert m.read_file("/srv/nothing") is None
    # a machine booted without them has neither
    plain = Machine()
    assert plain.read_file("/srv/t/data") is None
    # they add to what userland installs, and replace nothing
    with pytest.raises(ValueError, match="already installed: /bin/echo, /etc/passwd"):
        Machine(
            MachineOptions(
                extra_files={"/etc/passwd": (0o644, b"")}, extra_programs={"/bin/echo": _hello}
            )
        )


def test_chunks_are_whole_top_level_commands() -> None:
    text = (
        "# licence\n"
        "\n"
        "echo a; echo b\n"
        "cat <<EOF\n"
        "x\n"
        "EOF\n"
        "# about the if\n"
        "if true; then\n"
        "  echo c\n"
        "fi\n"
        "echo d \\\n"
        "  e\n"
        ")\n"
        "echo 'f\n"
        "g'\n"
        "# trailing\n"
    )
    chunks = bc.split_chunks(text)
    assert [(c.line, c.text) for c in chunks] == [
        (3, "# licence\n\necho a; echo b\n"),
        (4, "cat <<EOF\nx\nEOF\n"),
        (8, "# about the if\nif true; then\n  echo c\nfi\n"),
        (11, "echo d \\\n  e\n"),
        (13, ")\n"),  # a syntax error is a chunk of its own
        (14, "echo 'f\ng'\n# trailing\n"),
    ]
    assert "".join(c.text for c in chunks) == text


def test_output_is_cut_at_the_markers_in_order() -> None:
    data = bc.MARK % 0 + b"one\n" + bc.MARK % 1 + b"tw" + bc.MARK % 2 + b"rest"
    run = bc.cut(data, "why")
    assert run.chunks == [b"", b"one\n", b"tw"]
    assert run.of(1) == (True, b"one\n")
    assert run.of(3) == (False, b"rest\n[why]\n")
    assert run.of(4) is None
    # a marker out of order (a test printed one) ends the trusted part
    assert bc.cut(bc.MARK % 1 + b"x").chunks == []


MINI = """\
# our own small test file, run as bash's are
echo one
dd if=/dev/zero of=/dev/null bs=1 count=300000 2>/dev/null
recho "a b" '' $'\\001'
printenv THIS_SH
echo to-stderr >&2
. ./mini1.sub
cat <<EOF
here $((1+1))
EOF
if true; then
  echo inside
fi
echo after \\
  continued
"""


@pytest.fixture(scope="module")
def mini_results(tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    src = tmp_path_factory.mktemp("bash-tests")
    (src / "mini.tests").write_text(MINI)
    (src / "mini1.sub").write_text("echo sourced\n")
    # a budget that the dd chunk (tens of time slices in swapsh) runs over and the
    # others (a few scheduler switches each) do not
    return list(bc.compare_file(src, "mini", budget=15))


@pytest.mark.slow
def test_mini_file_host_side_is_bash(mini_results: list[Any]) -> None:
    # bash --norc ./mini.tests (instrumented as the harness runs it), cut at the markers
    assert [(r.line, r.host) for r in mini_results] == [
        (2, b"one\n"),
        (3, b""),
        (4, b"argv[1] = <a b>\nargv[2] = <>\nargv[3] = <^A>\n"),
        (5, b"/bin/bash\n"),
        (6, b"to-stderr\n"),
        (7, b"sourced\n"),
        (8, b"here 2\n"),
        (11, b"inside\n"),
        (14, b"after continued\n"),
    ]


@pytest.mark.slow
def test_mini_file_chunks_compare_one_by_one(mini_results: list[Any]) -> None:
    res = mini_results
    # the helpers, the environment and sourcing a .sub file work in swapsh
    assert all(res[i].same for i in (0, 2, 3, 4, 5)), [res[i].swapsh for i in (0, 2, 3, 4, 5)]
    # the dd chunk outlasted its step budget: a mismatch, and the file ran again
    # without it so that the chunks after it were still compared
    assert not res[1].same
    assert b"ran over its budget of 15 steps" in res[1].swapsh
    assert "ended in this chunk" in res[1].note
    # the last chunk runs in swapsh whatever became of the two before it
    assert res[8].same and res[8].swapsh == b"after continued\n"


@pytest.mark.slow
def test_table_diff_and_json_show_the_results(mini_results: list[Any]) -> None:
    res = mini_results
    n_same = sum(r.same for r in res)
    table = bc.table({"mini": res})
    assert table.splitlines()[1].split()[:3] == ["mini", "9", str(n_same)]
    assert table.splitlines()[2].split()[:3] == ["total", "9", str(n_same)]
    diff = "".join(bc.diff_text("mini", bc.split_chunks(MINI), res))
    assert "=== mini chunk 1 (line 3, 4 in the run)" in diff
    assert "--- bash:\n--- swapsh:\n\n[swapsh: chunk ran over" in diff
    assert "=== mini chunk 0" not in diff
    assert '"identical": false' in bc.as_json({"mini": res})
    line = bc.causes({"mini": res})
    assert "over budget or deadlock 1," in line
    assert sum(int(w.rstrip(",")) for w in line.split() if w.rstrip(",\n").isdigit()) == 9 - n_same


def test_tests_come_from_a_source_tree_or_the_bash_5_2_tag(tmp_path: Path) -> None:
    tree = tmp_path / "bash-5.2"
    (tree / "tests").mkdir(parents=True)
    (tree / "tests" / "quote.tests").write_text("echo 5.2\n")
    assert bc.tests_dir(tree, tmp_path / "x") == tree / "tests"
    git = ["git", "-C", str(tree), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "5.2"], check=True)
    subprocess.run([*git, "tag", "bash-5.2"], check=True)
    (tree / "tests" / "quote.tests").write_text("echo later\n")
    subprocess.run([*git, "commit", "-qam", "later"], check=True)
    out = tmp_path / "out"
    out.mkdir()
    # a clone or its git directory: the tests as tagged, not as checked out
    for i, src in enumerate((tree, tree / ".git")):
        (out / str(i)).mkdir()
        got = bc.tests_dir(src, out / str(i))
        assert (got / "quote.tests").read_text() == "echo 5.2\n"
    (tmp_path / "empty").mkdir()
    with pytest.raises(SystemExit, match=r"no bash-5\.2 tests in"):
        bc.tests_dir(tmp_path / "empty", tmp_path)
