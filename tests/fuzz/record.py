"""The fuzz campaign's failures file: one record per failing line, with everything
needed to replay it (`python scripts/fuzz_campaign.py --replay FILE --case N`).

A record, every typed line written as a Python string literal (so raw bytes, CRs
and quotes survive, and the file stays text):

    == failure 3: internal
    detail: 'dd: internal error: ValueError: ...'
    where: worker 0, seed 1000, line 4711; machine booted before line 4650; mem 256 MiB;
      rss bound 712 MiB   (one line in the file)
    reproduce: python scripts/fuzz_campaign.py --replay fuzz-failures.txt --case 3
    history: 61 lines typed since boot, oldest first
      'ls /tmp'
      ...
    line: 'dd if=/dev/urandom of=/dev/null bs=256M count=1'
    minimal: 'dd bs=256M'

The history is every line typed into that machine since it booted, so a failure
that needs what came before ("memory", "hang", a file left by an earlier line)
replays exactly; "minimal" is the line shrunk alone on a fresh machine (the line
itself when it does not fail alone). Other entries ("== overran: ...",
"== nondeterministic: ...") are reports, not replayable cases.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import TextIO

__all__ = ["Failure", "read_failures", "write_failure"]


@dataclass
class Failure:
    """One failing line and how to get back to it."""

    case: int  # 1-based, in the order written
    kind: str
    detail: str
    worker: int
    seed: int
    line_no: int  # in the worker's stream, from 1
    boot_line: int  # the first line the machine saw
    mem_mib: int
    rss_limit_mib: int
    line: str
    minimal: str
    history: list[str] = field(default_factory=list)


_WHERE = re.compile(
    r"worker (\d+), seed (\d+), line (\d+); machine booted before line (\d+); "
    r"mem (\d+) MiB; rss bound (\d+) MiB"
)


def write_failure(f: TextIO, fl: Failure, path: str) -> None:
    """Append fl to the open failures file f (named path in the reproduce line)."""
    f.write(f"== failure {fl.case}: {fl.kind}\n")
    f.write(f"detail: {fl.detail!r}\n")
    f.write(
        f"where: worker {fl.worker}, seed {fl.seed}, line {fl.line_no}; machine booted "
        f"before line {fl.boot_line}; mem {fl.mem_mib} MiB; rss bound {fl.rss_limit_mib} MiB\n"
    )
    f.write(f"reproduce: python scripts/fuzz_campaign.py --replay {path} --case {fl.case}\n")
    f.write(f"history: {len(fl.history)} lines typed since boot, oldest first\n")
    f.writelines(f"  {h!r}\n" for h in fl.history)
    f.write(f"line: {fl.line!r}\nminimal: {fl.minimal!r}\n\n")
    f.flush()


def _literal(text: str) -> str:
    value = ast.literal_eval(text)
    if not isinstance(value, str):
        raise ValueError(f"not a string literal: {text[:80]}")
    return value


def read_failures(text: str) -> list[Failure]:
    """The replayable records in a failures file's text."""
    out: list[Failure] = []
    for block in re.split(r"^(?=== )", text, flags=re.M):
        head = re.match(r"== failure (\d+): (\S+)\n", block)
        where = _WHERE.search(block)
        if head is None or where is None:
            continue
        fields = dict(re.findall(r"^(detail|line|minimal): (.*)$", block, re.M))
        w = [int(x) for x in where.groups()]
        out.append(
            Failure(
                case=int(head[1]),
                kind=head[2],
                detail=_literal(fields["detail"]),
                worker=w[0],
                seed=w[1],
                line_no=w[2],
                boot_line=w[3],
                mem_mib=w[4],
                rss_limit_mib=w[5],
                line=_literal(fields["line"]),
                minimal=_literal(fields["minimal"]),
                history=[_literal(h) for h in re.findall(r"^  (.*)$", block, re.M)],
            )
        )
    return out
