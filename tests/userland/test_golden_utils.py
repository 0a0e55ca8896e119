"""Replay the real util-linux 2.38.1 / binutils 2.40 outputs in tests/golden/ (mkswap,
strings, swapon, swapoff, unshare) on the simulated machine.

Each case runs on a fresh machine of its own, after the setup its recorder did
(tests/golden/generator/gen_*.py, spelled with the machine's tools) and the earlier
cases of its chain (CHAINS, as in test_golden_coreutils). PRE holds commands the
recorder ran between cases; SKIP the cases that cannot match, with the reason. Cases
needing programs the machine lacks are skipped by name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.conftest import Session
from tests.userland.swapfile_helpers import FIXED_UUID, make_file
from tests.userland.test_golden_coreutils import (
    GOLDEN,
    Case,
    _available,
    _pattern,
    check_chains,
    earlier_in_chains,
    missing_programs,
    parse_fixture,
    run_case,
    run_setup,
)

FIXED_UUID2 = "22222222-3333-4444-5555-666666666666"


def _dd(path: str, bs: str, count: int, mode: str | None = "600") -> list[str]:
    cmd = [f"dd if=/dev/zero of={path} bs={bs} count={count} status=none"]
    return cmd + ([f"chmod {mode} {path}"] if mode else [])


SETUP: dict[str, list[str]] = {
    "mkswap": [
        "mkdir /d",
        *_dd("/swapfile01", "1M", 16, None),
        *_dd("/sf600", "1M", 16),
        *_dd("/ltp40", "1048", 40),
        *_dd("/big", "1M", 512),
        *_dd("/s64", "1M", 64),  # the recorder's bs=1024 count=65536: the same 64 MiB
        *_dd("/odd", "45000", 1),
        *_dd("/k40", "1K", 40),
        *_dd("/lab", "1M", 16),
        *_dd("/small", "1K", 36),
        ": > /empty",
        "chmod 600 /empty",
        *_dd("/hdr", "1M", 16),
        *_dd("/hdrl", "1M", 16),
    ],
    "strings": [
        "mkdir /d",
        *_dd("/ltp40", "1048", 40),
        f"mkswap -U {FIXED_UUID} /ltp40",
        *_dd("/lab", "1M", 16),
        f"mkswap -L myswap -U {FIXED_UUID} /lab",
        *_dd("/zero", "1K", 8, None),
        "/bin/echo -ne 'ab\\tcd\\n\\001\\002hello\\tworld\\000xyz\\000abcd\\nx\\ty"
        "\\000longer string here\\n' > /tabs",
        ": > /empty",
    ],
    "swapon": [
        "mkdir /d",
        *_dd("/sw", "1M", 16),
        "mkswap /sw",
        *_dd("/insecure", "1M", 16, "644"),
        "mkswap /insecure",
        *_dd("/ltp40", "1048", 40),
        "mkswap /ltp40",
        *_dd("/nosig", "1M", 1),
        ": > /empty",
        "chmod 600 /empty",
        *_dd("/swapfile01", "1M", 16),
        f"mkswap -U {FIXED_UUID} /swapfile01",
        *_dd("/swapfile02", "1M", 32),
        f"mkswap -L swap2 -U {FIXED_UUID2} /swapfile02",
        *_dd("/ro644", "1M", 16, "644"),
        "mkswap /ro644",
        "chmod 600 /sparse",
        "mkswap /sparse",
    ],
    "swapoff": [
        "mkdir /d",
        *_dd("/sw", "1M", 16),
        "mkswap /sw",
        *_dd("/nosig", "1M", 1),
        ": > /empty",
        "chmod 600 /empty",
        *_dd("/swapfile01", "1M", 16),
        "mkswap /swapfile01",
        *_dd("/swapfile02", "1M", 32),
        "mkswap /swapfile02",
    ],
    "unshare": [],
}

# Commands the recorder ran just before a case (its own swapon/swapoff housekeeping).
PRE: dict[tuple[str, str], list[str]] = {
    ("mkswap", "512 MiB file"): [],
    ("swapon", "swapon /swapfile01"): ["swapoff /sw"],
    ("swapon", "insecure permissions warning (continues, rc 0)"): ["swapoff -a"],
    ("swapon", "LTP 41920-byte file"): ["swapoff /insecure"],
    ("swapon", "non-swap file (1 MiB of zeros)"): ["swapoff /ltp40"],
    ("swapon", "-v verbose swapon"): ["swapoff -a"],
    ("swapoff", "swapoff of active file is silent"): ["swapon /sw"],
    ("swapoff", "swapoff /swapfile02"): ["swapon /swapfile02"],
    ("swapoff", "swapoff -a (turns off both files, silent)"): [
        "swapon /swapfile01",
        "swapon /swapfile02",
    ],
    ("swapoff", "swapoff -v active file"): ["swapoff -a"],
}

_KERNEL_2625 = (
    "the numbers come from a 2.6.25 kernel: sizes one page smaller and default "
    "priorities starting at -1 (test_swapon checks the formatter against these "
    "numbers)"
)
_KERNEL_FORMAT = "the kernel's own 2.6.25 /proc/swaps or printk format, not a util-linux one"
SKIP: dict[tuple[str, str], str] = {
    ("unshare", "unshare --swap"): "swapsh's unshare is built for the patched kernel and "
    "knows --swap (2.6.25's unshare(2) then says EINVAL)",
    ("unshare", "unshare --swap true"): "as above",
}
for _name in (
    "swapon -s one active",
    "swapon --summary one active",
    "swapon --show one active",
    "swapon no args one active",
    "swapon --show --bytes",
    "swapon --show --noheadings",
    "swapon --show --raw",
    "swapon --show=NAME,SIZE,USED,PRIO,UUID,LABEL",
    "swapon -s two active",
    "swapon --show two active",
    "swapon --show=NAME,SIZE,USED,PRIO,UUID,LABEL two active",
    "swapon --show two default-priority swaps",
):
    SKIP[("swapon", _name)] = _KERNEL_2625
for _name in (
    "dmesg after swapon of 16 MiB file (path substituted)",
    "/proc/swaps long path (verbatim, 19-char path padded to 40 columns)",
    "dmesg after swapon /swapfile01",
    "cat /proc/swaps one active",
    "cat -A /proc/swaps one active",
    "dmesg after swapon -p 5 /swapfile02",
    "cat /proc/swaps two active",
    "cat -A /proc/swaps two active",
    "cat /proc/swaps two default-priority swaps",
    "dmesg after insecure swapon",
    "dmesg after swapon of LTP 41920-byte file",
    "cat /proc/swaps with nothing active",
    "grep Swap /proc/meminfo one active",
    "grep Swap /proc/meminfo two active",
    "free two active",
):
    SKIP[("swapon", _name)] = _KERNEL_FORMAT
SKIP[("swapoff", "cat /proc/swaps after swapoff -a")] = _KERNEL_FORMAT
SKIP[("swapon", "second default-priority swap: swapon /swapfile02")] = (
    "follows an unrecorded swapoff of /swapfile02 (priority numbering differs anyway)"
)
SKIP[("unshare", "unshare -m true")] = (
    "mount namespaces are not modelled: the kernel "
    "declares unshare(CLONE_NEWNS) EINVAL "
    "(syscalls/sys_proc.py)"
)

# Files the recorder made with tools the machine lacks (truncate, head | tr): written
# straight through the VFS instead.
WHITEBOX: dict[str, list[tuple[str, int, int, bool]]] = {  # path, size, fill byte, sparse
    "mkswap": [("/filled", 16 << 20, 0xFF, False), ("/filledA", 16 << 20, 0x41, False)],
    "swapon": [("/sparse", 16 << 20, 0, True)],
}


def _all_cases(fixture: str) -> list[str]:
    return [c.name for c in parse_fixture(GOLDEN / f"{fixture}.txt")]


# Cases that act on one file, in the recorder's order (see test_golden_coreutils); the
# swapon and swapoff cases all act on one thing, the list of active swap areas.
CHAINS: dict[str, list[list[str]]] = {
    "mkswap": [
        [
            "-L label",
            "re-mkswap (wipe warning)",
            "re-mkswap without label",
            "--label long option",
            "label longer than 16 chars",
        ],
        [
            "16 MiB file mode 0600",
            "fixed UUID -U",
            "bad UUID",
            "-p 8192",
            "-p 4096",
            "-p 1000 (invalid)",
            "size argument 100 (KiB blocks) smaller than file",
            "size argument 1000 (KiB blocks)",
            "size argument larger than file",
            "size argument not a number",
            "too many args",
            "bad option",
            "-c (check bad blocks) on a file",
        ],
        [
            "fixed-UUID mkswap for dump",
            "xxd bytes 1024..1100",
            "od -A d -t x1 of the whole 16 MiB file",
        ],
        [
            "labelled fixed-UUID mkswap for dump",
            "xxd bytes 1024..1100 labelled",
            "xxd of the signature at end of page",
        ],
        [
            "mkswap on a file pre-filled with 0xff",
            "od -A d -t x1 of the whole pre-filled file after mkswap",
            "od -c of first bytes of pre-filled file after mkswap",
        ],
        [
            "mkswap on a file pre-filled with ASCII A",
            "od -c head of A-filled file after mkswap",
            "file size unchanged",
        ],
    ],
    "swapon": [_all_cases("swapon")],
    "swapoff": [_all_cases("swapoff")],
}


_PATH = re.compile(r"/[\w./-]*\w")


def _paths(text: str) -> set[str]:
    """The files text names that a setup makes (not the machine's own, like /bin/echo)."""
    return {p for p in _PATH.findall(text) if p.split("/")[1] not in ("bin", "dev", "proc")}


class FixtureRun:
    """A fresh machine with the part of the recorder's setup that cases touch: a setup
    line or file is left out when none of the paths it names appears in the commands
    (a case in its chain, the recorder's commands between) -- the mkswap setup alone
    writes 700 MiB of files, and most cases name one of them."""

    def __init__(self, fixture: str, commands: list[str]) -> None:
        self.sh = Session()
        named = set().union(*(_paths(c) for c in commands))
        for path, size, fill, sparse in WHITEBOX.get(fixture, []):
            if path in named:
                make_file(self.sh, path, size, fill=fill, sparse=sparse)
        run_setup(self.sh, [line for line in SETUP[fixture] if _paths(line) <= named])


def _cases() -> Iterator[object]:
    for fixture in SETUP:
        for case in parse_fixture(GOLDEN / f"{fixture}.txt"):
            yield pytest.param(case, id=f"{fixture}:{case.name}")


@pytest.mark.parametrize("case", list(_cases()))
def test_golden(case: Case) -> None:
    reason = SKIP.get((case.fixture, case.name))
    if reason:
        pytest.skip(reason)
    missing = missing_programs(case.command.replace("printf", "echo"), _available())
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (not on the machine)")
    chain = [*earlier_in_chains(case, CHAINS), case]
    run = FixtureRun(
        case.fixture,
        [c.command for c in chain] + [x for c in chain for x in PRE.get((c.fixture, c.name), [])],
    )
    for before in chain[:-1]:
        for line in PRE.get((case.fixture, before.name), []):
            run.sh.run(line)
        run_case(run.sh, before)
    for line in PRE.get((case.fixture, case.name), []):
        run.sh.run(line)
    got = run_case(run.sh, case)
    out, err, status = got
    assert _pattern(case.stdout).fullmatch(out), got
    assert _pattern(case.stderr).fullmatch(err), got
    assert status == case.status, got


def test_chains_name_cases_in_their_fixtures_order() -> None:
    check_chains(CHAINS)
