"""Run bash 5.2's own test files through the host's bash and through swapsh, chunk
by chunk, and count the chunks whose output is byte-identical (issue #12).

    python scripts/bash_conformance.py --bash-src DIR [--file NAME [--diff]] [--json]

DIR is a git directory of bash holding tag bash-5.2, or an unpacked bash 5.2 source
tree (its tests/ is used). Nothing of bash is kept in this repository; see
docs/conformance.md for where to get it, the method and the choices made.

Method, in short: each test file is split into top-level commands (chunks: the
fewest whole lines that the host's `bash -n` parses to the end, with the comments
before them). Both shells run the whole file once, non-interactively as bash's own
run-* scripts do (`bash ./NAME.tests >>OUT 2>&1`), with a marker line appended to OUT
after every chunk, so a chunk's output is what lies between two markers and state
carries from chunk to chunk as in bash. swapsh runs in-process on a Machine; a chunk
that ends swapsh's run early, or outlasts its step budget, is a mismatch, and swapsh
runs the file again with that chunk blanked, so that later chunks still run; every
chunk is compared with bash's run of the file as it is.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import fcntl
import json
import os
import pty
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from swapsh.machine import Machine, MachineOptions  # noqa: E402
from swapsh.userland.bash_support import HELPERS  # noqa: E402

# the files issue #12 measures, as run-* names them (dollar-at-star has no suffix)
FILES = (
    "quote",
    "nquote",
    "ifs",
    "ifs-posix",
    "strip",
    "tilde",
    "exp",
    "posixexp",
    "redir",
    "errors",
    "posixpipe",
    "precedence",
    "invert",
    "heredoc",
    "comsub",
    "arith",
    "dollar-at-star",
    "case",
    "func",
    "array",
    "assoc",
    "builtins",
    "set-e",
    "trap",
    "jobs",
)
BASH_TAG = "bash-5.2"
THIS_SH = "/bin/bash"
MARK = b":::swapsh-chunk %d:::\n"
MARK_RE = re.compile(rb":::swapsh-chunk (\d+):::\n")
STEP_BUDGET = 500  # machine steps (scheduler switches, a 4 ms time slice at most) per chunk
SLICE = 50  # machine steps between two looks at the output file
HOST_TIMEOUT = 300  # host seconds for one run of a file in the host's bash
MAX_RERUNS = 100  # runs of one file in swapsh after a chunk ended its run


def script_name(name: str) -> str:
    return name if name == "dollar-at-star" else f"{name}.tests"


# -- chunks ----------------------------------------------------------------------------------
@dataclass(slots=True)
class Chunk:
    line: int  # first line of its command (1-based)
    text: str  # whole lines, comments before the command included


def _parse_state(text: str) -> str:
    """'ok', 'incomplete' (input ends inside a command) or 'error', as bash -n says."""
    if re.search(r"(?<!\\)(\\\\)*\\\n\Z", text):
        return "incomplete"  # an escaped newline joins the next line
    r = subprocess.run(
        ["bash", "--norc", "-O", "extglob", "-n"],
        input=text.encode("utf-8", "surrogateescape"),
        capture_output=True,
        check=False,
    )
    err = r.stderr.decode("utf-8", "replace")
    if "unexpected end of file" in err or "unexpected EOF" in err or "end-of-file" in err:
        return "incomplete"
    return "ok" if r.returncode == 0 else "error"


def _is_trivia(line: str) -> bool:
    s = line.strip()
    return not s or s.startswith("#")


def split_chunks(text: str) -> list[Chunk]:
    """The file's top-level commands. A syntax error bash -n reports before the end
    of the input closes a chunk, unless a few more lines make it parse (a construct
    `bash -n` cannot judge line by line)."""
    lines = text.splitlines(keepends=True)
    chunks: list[Chunk] = []
    start = i = 0
    cmd_line = 0
    while i < len(lines):
        if not cmd_line:
            if _is_trivia(lines[i]):
                i += 1
                continue
            cmd_line = i + 1
        i += 1
        state = _parse_state("".join(lines[start:i]))
        if state == "incomplete":
            continue
        if state == "error":
            i = next(
                (
                    j
                    for j in range(i + 1, min(i + 20, len(lines)) + 1)
                    if _parse_state("".join(lines[start:j])) == "ok"
                ),
                i,
            )
        chunks.append(Chunk(cmd_line, "".join(lines[start:i])))
        start, cmd_line = i, 0
    if start < len(lines):  # trailing comments, or a command left open at the end
        if chunks and not cmd_line:
            chunks[-1].text += "".join(lines[start:])
        else:
            chunks.append(Chunk(cmd_line or start + 1, "".join(lines[start:])))
    return chunks


def instrument(chunks: list[Chunk], blanked: set[int], out: str) -> str:
    """The file as both shells run it: each chunk followed by its marker line (a
    blanked chunk keeps its lines, empty, so line numbers stay)."""
    parts = []
    for i, c in enumerate(chunks):
        text = "\n" * c.text.count("\n") if i in blanked else c.text
        if not text.endswith("\n"):
            text += "\n"
        mark = MARK.decode() % i
        parts.append(f"{text}echo '{mark.strip()}' >>{out}\n")
    return "".join(parts)


@dataclass(slots=True)
class RunOutput:
    """One shell's run of a file, cut at the markers."""

    chunks: list[bytes]  # the output of each chunk that reached its marker
    tail: bytes  # what came after the last marker
    note: str = ""  # why the run ended early ("hung", ...), if it did

    def of(self, i: int) -> tuple[bool, bytes] | None:
        """(reached its marker, output) of chunk i, None if the run ended before it."""
        if i < len(self.chunks):
            return True, self.chunks[i]
        if i == len(self.chunks):
            return False, self.tail + (f"\n[{self.note}]\n".encode() if self.note else b"")
        return None


def cut(data: bytes, note: str = "") -> RunOutput:
    """Split the output at its markers, which must come in order."""
    chunks: list[bytes] = []
    pos = 0
    for m in MARK_RE.finditer(data):
        if int(m.group(1)) != len(chunks):
            break  # a marker out of order: a test printed one; stop trusting them
        chunks.append(data[pos : m.start()])
        pos = m.end()
    return RunOutput(chunks, data[pos:], note)


# -- the two shells --------------------------------------------------------------------------
@dataclass(slots=True)
class Workdir:
    """<base>/tests (bash's tests, the helpers), <base>/tmp (TMPDIR), <base>/out; the
    machine gets the same paths, so both shells print the same names."""

    base: Path
    env: dict[str, str] = field(default_factory=dict)  # the host bash's environment
    files: dict[str, tuple[int, bytes]] = field(default_factory=dict)  # the machine's
    budget: int = STEP_BUDGET  # machine steps a chunk may take

    @property
    def tests(self) -> Path:
        return self.base / "tests"

    def out(self, name: str) -> Path:
        return self.base / "out" / f"{name}.out"


def make_workdir(src_tests: Path) -> Workdir:
    base = Path(tempfile.mkdtemp(prefix="bash52-"))
    shutil.copytree(src_tests, base / "tests", symlinks=True)
    (base / "tmp").mkdir()
    (base / "out").mkdir()
    install_host_helpers(base / "tests")
    return Workdir(base)


# The host's helpers, when the host has a C compiler: the same output as
# swapsh/userland/bash_support.py (tests/unit/test_bash_conformance.py compares them),
# at C's start-up cost; bash's tests run them hundreds of times.
HOST_HELPERS_C = r"""
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
extern char **environ;
static void show(const unsigned char *s) {
    for (; *s; s++) {
        if (*s < 0x20) printf("^%c", *s + 64);
        else if (*s == 0x7f) fputs("^?", stdout);
        else putchar(*s);
    }
}
int main(int argc, char **argv) {
    const char *me = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    if (!strcmp(me, "recho")) {
        for (int i = 1; i < argc; i++) {
            printf("argv[%d] = <", i);
            show((const unsigned char *)argv[i]);
            fputs(">\n", stdout);
        }
        return 0;
    }
    if (!strcmp(me, "zecho")) {
        for (int i = 1; i < argc; i++) printf(i > 1 ? " %s" : "%s", argv[i]);
        putchar('\n');
        return 0;
    }
    if (argc < 2) {
        for (char **e = environ; *e; e++) puts(*e);
        return 0;
    }
    size_t n = strlen(argv[1]);
    for (char **e = environ; *e; e++)
        if (n && !strncmp(*e, argv[1], n) && (*e)[n] == '=') {
            puts(*e + n + 1);
            return 0;
        }
    return 1;
}
"""


def install_host_helpers(into: Path, *, compile_c: bool = True) -> None:
    """recho, zecho and printenv for the host's bash, in into: compiled from
    HOST_HELPERS_C if the host has cc, else Python scripts running bash_support."""
    cc = shutil.which("cc") if compile_c else None
    if cc is not None:
        src = into / "helpers.c"
        src.write_text(HOST_HELPERS_C)
        r = subprocess.run([cc, "-O", "-o", str(into / "recho"), str(src)], check=False)
        src.unlink()
        if r.returncode == 0:
            for name in ("zecho", "printenv"):
                os.link(into / "recho", into / name)
            return
    for name in HELPERS:
        p = into / name
        p.write_text(HOST_HELPER_PY.format(python=sys.executable, root=str(ROOT), name=name))
        p.chmod(0o755)


# The fallback: the machine's own output functions, with the host's I/O around them.
# printenv reads /proc/self/environ, what exec gave: Python may change os.environ as
# it starts (PEP 538's locale coercion).
HOST_HELPER_PY = """#!{python} -S
import os, sys
sys.path.insert(0, {root!r})
from swapsh.userland import bash_support as s
args = [os.fsencode(a) for a in sys.argv[1:]]
if {name!r} == "printenv":
    with open("/proc/self/environ", "rb") as f:
        env = [e for e in f.read().split(b"\\0") if e]
    text, status = s.printenv_output(args, env)
else:
    text, status = getattr(s, {name!r} + "_output")(args), 0
try:
    while text:
        text = text[os.write(1, text):]
except OSError:
    pass
sys.exit(status)
"""


def machine_files(wd: Workdir) -> dict[str, tuple[int, bytes]]:
    files: dict[str, tuple[int, bytes]] = {}
    for d in ("tmp", "out"):
        files[str(wd.base / d)] = (stat.S_IFDIR | 0o777, b"")
    for p in sorted(wd.tests.rglob("*")):
        if p.parent == wd.tests and (p.name in HELPERS or p.suffix == ".right"):
            continue  # the machine's helpers are its own; expected outputs go unread
        st = p.lstat()
        if stat.S_ISDIR(st.st_mode):
            files[str(p)] = (stat.S_IFDIR | stat.S_IMODE(st.st_mode), b"")
        elif stat.S_ISREG(st.st_mode):
            files[str(p)] = (stat.S_IMODE(st.st_mode), p.read_bytes())
    return files


def machine_options(wd: Workdir, files: dict[str, tuple[int, bytes]]) -> MachineOptions:
    """A machine with bash's tests and the helpers (as `make tests` builds them) in
    <base>/tests."""
    helpers = {str(wd.tests / name): main for name, main in HELPERS.items()}
    return MachineOptions(extra_files=files, extra_programs=helpers)


def setup_lines(wd: Workdir) -> list[str]:
    """What the harness types at the machine's root login before a file, as run-all
    and run-errors set up: PATH starts with the tests' directory (recho, zecho,
    printenv), THIS_SH and TMPDIR exported, OLDPWD unset."""
    return [
        f"cd {wd.tests}",
        f"export THIS_SH={THIS_SH}",
        f"export TMPDIR={wd.base / 'tmp'}",
        "export PATH=.:$PATH",
        "unset OLDPWD",
    ]


def _run_machine_until_idle(m: Machine, budget: int) -> bool:
    steps = 0
    while not m.run(max_steps=SLICE):
        steps += SLICE
        if steps >= budget:
            return False
    return True


def machine_env(wd: Workdir, files: dict[str, tuple[int, bytes]]) -> dict[str, str]:
    """The environment the machine's login shell gives a command after setup_lines,
    as printenv there shows it; the host's bash gets the same."""
    m = Machine(machine_options(wd, files))
    for line in [*setup_lines(wd), "printenv"]:
        m.take_output()
        m.type_line(line)
        _run_machine_until_idle(m, STEP_BUDGET)
    out = b"".join(d for s, d in m.take_output() if s == 1).decode("utf-8", "surrogateescape")
    m.close()
    env = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    if "_" in env:
        env["_"] = THIS_SH  # what the login shell passes the bash it starts
    return env


def run_machine(wd: Workdir, name: str) -> RunOutput:
    """Run the file (already instrumented in wd.files) in a fresh machine."""
    out = str(wd.out(name))
    m = Machine(machine_options(wd, wd.files))
    try:
        for line in setup_lines(wd):
            m.type_line(line)
            _run_machine_until_idle(m, STEP_BUDGET)
        m.take_output()
        m.type_line(f"{THIS_SH} ./{script_name(name)} </dev/null >>{out} 2>&1")
        reached, since, step = 0, 0, min(SLICE, wd.budget)
        while True:
            idle = m.run(max_steps=step)
            m.take_output()  # the console: the login shell's prompt, job notices
            data = m.read_file(out) or b""
            now = len(cut(data).chunks)
            reached, since = (now, 0) if now > reached else (reached, since + step)
            if m.panic is not None:
                return cut(data, f"swapsh: the machine stopped: {m.panic}")
            if idle:
                note = "" if m.waiting_for_input else "swapsh: every task waits (deadlock)"
                return cut(data, note)
            if since >= wd.budget:
                return cut(data, f"swapsh: chunk ran over its budget of {wd.budget} steps")
    finally:
        m.close()


def run_host(wd: Workdir, name: str) -> RunOutput:
    """Run the file in the host's bash: a new session whose controlling terminal is a
    pty (the machine's bash has its console), stdin /dev/null, output to OUT."""
    out = wd.out(name)
    out.write_bytes(b"")
    master, slave = pty.openpty()

    def take_terminal() -> None:  # runs in the child between fork and exec
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)

    note = ""
    try:
        with open(out, "ab") as f, open(os.devnull, "rb") as null:
            p = subprocess.Popen(
                [THIS_SH, f"./{script_name(name)}"],
                cwd=wd.tests,
                env=wd.env,
                stdin=null,
                stdout=f,
                stderr=f,
                start_new_session=True,
                preexec_fn=take_terminal,
            )
            deadline = time.monotonic() + HOST_TIMEOUT
            while p.poll() is None:
                _drain(master)
                if time.monotonic() > deadline:
                    os.killpg(p.pid, 9)
                    p.wait()
                    note = f"host: bash ran over {HOST_TIMEOUT} s"
    finally:
        os.close(slave)
        os.close(master)
    return cut(out.read_bytes(), note)


def _drain(master: int) -> None:
    """Read what was written to the host's terminal (nothing compares it)."""
    import select

    ready, _, _ = select.select([master], [], [], 0.05)
    if ready:
        with contextlib.suppress(OSError):
            os.read(master, 65536)


# -- comparing -------------------------------------------------------------------------------
@dataclass(slots=True)
class ChunkResult:
    index: int
    line: int
    same: bool
    host: bytes
    swapsh: bytes
    note: str = ""


def compare_file(src_tests: Path, name: str, budget: int = STEP_BUDGET) -> list[ChunkResult]:
    """Every chunk of the file, compared."""
    wd = make_workdir(src_tests)
    wd.budget = budget
    try:
        path = wd.tests / script_name(name)
        chunks = split_chunks(path.read_text("utf-8", "surrogateescape"))
        wd.files = machine_files(wd)
        wd.env = machine_env(wd, wd.files)
        return _compare_runs(wd, name, chunks)
    finally:
        shutil.rmtree(wd.base, ignore_errors=True)


def _run_both(
    wd: Workdir, name: str, chunks: list[Chunk], blanked: set[int], host: bool
) -> tuple[RunOutput | None, RunOutput]:
    """Run the file instrumented (blanked chunks emptied) in swapsh, and in the host's
    bash too if host."""
    path = wd.tests / script_name(name)
    text = instrument(chunks, blanked, str(wd.out(name))).encode("utf-8", "surrogateescape")
    path.write_bytes(text)
    wd.files[str(path)] = (wd.files[str(path)][0], text)
    return (run_host(wd, name) if host else None), run_machine(wd, name)


def _compare_runs(wd: Workdir, name: str, chunks: list[Chunk]) -> list[ChunkResult]:
    """Run the whole file in both shells. Where swapsh's run ends in a chunk that
    the host's bash went past, swapsh runs the file again with that chunk blanked, so
    that the chunks after it still run. Every chunk is compared with bash's run of the
    whole file: a chunk that needs what a blanked one would have done does not match."""
    host, mine = _run_both(wd, name, chunks, set(), host=True)
    assert host is not None
    ended: dict[int, ChunkResult] = {}  # blanked chunks, with swapsh's end in them
    blanked: set[int] = set()
    while True:
        k = len(mine.chunks)  # the chunk swapsh's run ended in
        h = host.of(k)
        if k >= len(chunks) or h is None or not h[0] or len(blanked) >= MAX_RERUNS:
            break
        s = mine.of(k)
        ended[k] = ChunkResult(k, chunks[k].line, False, h[1], s[1] if s else b"")
        ended[k].note = "swapsh's run ended in this chunk; later chunks ran without it"
        blanked.add(k)
        _, mine = _run_both(wd, name, chunks, blanked, host=False)
    results = []
    for i, c in enumerate(chunks):
        if i in ended:
            results.append(ended[i])
            continue
        h, s = host.of(i), mine.of(i)
        results.append(ChunkResult(i, c.line, h == s, h[1] if h else b"", s[1] if s else b""))
        if s is not None and not s[0] and h is not None and h[0]:
            results[-1].note = f"swapsh's run ended in this chunk (after {MAX_RERUNS} reruns)"
    return results


# -- reporting -------------------------------------------------------------------------------
def tests_dir(src: Path, into: Path) -> Path:
    """bash-5.2's tests/: from the tag bash-5.2 if src is a git directory or a clone
    (whatever is checked out), else src/tests of a source tree."""
    for git_dir in (src, src / ".git"):
        archive = subprocess.run(
            ["git", f"--git-dir={git_dir}", "archive", "--format=tar", BASH_TAG, "tests"],
            capture_output=True,
            check=False,
        )
        if archive.returncode == 0:
            subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
            return into / "tests"
    if (src / "tests" / "quote.tests").is_file():
        return src / "tests"
    raise SystemExit(f"bash_conformance: no {BASH_TAG} tests in {src}")


def table(results: dict[str, list[ChunkResult]]) -> str:
    """Per file: chunks, identical ones (and how many of those print nothing in
    either shell), and the percentage; then the total."""
    rows = [f"{'file':<16}{'chunks':>8}{'identical':>11}{'(silent)':>10}{'%':>8}"]
    total = [0, 0, 0]
    for name, res in [*results.items(), ("total", [])]:
        if name == "total":
            n, k, e = total
        else:
            n, k = len(res), sum(r.same for r in res)
            e = sum(r.same and not r.host for r in res)
            total = [total[0] + n, total[1] + k, total[2] + e]
        rows.append(f"{name:<16}{n:>8}{k:>11}{e:>10}{100 * k / max(n, 1):>7.1f}%")
    return "\n".join(rows) + "\n"


# What swapsh printed in a mismatching chunk, first match wins: a rough guide to where
# the differences come from (nothing is counted twice).
CAUSES = (
    ("refused syntax", re.compile(rb"not supported in swapsh")),
    ("command not found", re.compile(rb": command not found\n")),
    ("over budget or deadlock", re.compile(rb"\[swapsh: (chunk ran over|every task waits)")),
)


def causes(results: dict[str, list[ChunkResult]]) -> str:
    """One line: the mismatching chunks by what swapsh printed in them."""
    counts = dict.fromkeys([name for name, _ in CAUSES] + ["other"], 0)
    for res in results.values():
        for r in res:
            if not r.same:
                cause = next(
                    (n for n, rx in CAUSES if rx.search(r.swapsh) and not rx.search(r.host)),
                    "other",
                )
                counts[cause] += 1
    return "mismatches: " + ", ".join(f"{n} {c}" for n, c in counts.items()) + "\n"


def diff_text(name: str, chunks: list[Chunk], res: list[ChunkResult]) -> Iterator[str]:
    for r in res:
        if r.same:
            continue
        # the markers before it shift its lines in the messages of both shells
        where = f"line {r.line}, {r.line + r.index} in the run"
        yield f"=== {name} chunk {r.index} ({where}){': ' + r.note if r.note else ''}\n"
        yield chunks[r.index].text.rstrip("\n") + "\n"
        for who, data in (("bash", r.host), ("swapsh", r.swapsh)):
            yield f"--- {who}:\n{data.decode('utf-8', 'backslashreplace')}"
            yield "" if data.endswith(b"\n") or not data else "\n[no newline at end]\n"


def as_json(results: dict[str, list[ChunkResult]]) -> str:
    return json.dumps(
        {
            name: [
                {
                    "chunk": r.index,
                    "line": r.line,
                    "identical": r.same,
                    "note": r.note,
                    "bash": r.host.decode("utf-8", "backslashreplace"),
                    "swapsh": r.swapsh.decode("utf-8", "backslashreplace"),
                }
                for r in res
            ]
            for name, res in results.items()
        },
        indent=1,
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bash-src", type=Path, default=os.environ.get("BASH52_SRC"))
    ap.add_argument("--file", action="append", choices=FILES, help="only this file")
    ap.add_argument("--diff", action="store_true", help="show mismatching chunks")
    ap.add_argument("--json", action="store_true", help="results as JSON")
    ap.add_argument("--jobs", type=int, default=2, help="files run at once")
    ap.add_argument("--budget", type=int, default=STEP_BUDGET, help="machine steps a chunk")
    args = ap.parse_args(argv)
    if args.bash_src is None:
        ap.error("--bash-src DIR (or BASH52_SRC) is needed: see docs/conformance.md")
    names = args.file or FILES
    with tempfile.TemporaryDirectory() as tmp:
        src = tests_dir(args.bash_src, Path(tmp))
        with concurrent.futures.ProcessPoolExecutor(args.jobs) as pool:
            # the last files are the slow ones on the host (jobs.tests sleeps for a minute)
            futures = {n: pool.submit(compare_file, src, n, args.budget) for n in names[::-1]}
            results = {n: futures[n].result() for n in names}
        if args.json:
            print(as_json(results))
            return 0
        print(table(results) + causes(results), end="")
        if args.diff:
            for n in names:
                text = (src / script_name(n)).read_text("utf-8", "surrogateescape")
                sys.stdout.writelines(diff_text(n, split_chunks(text), results[n]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
