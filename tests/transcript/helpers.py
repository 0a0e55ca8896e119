"""Running `swapsh replay` in-process on transcripts written to a temporary directory."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from swapsh.transcript.cli import replay_main

__all__ = ["Result", "replay", "write"]


@dataclass
class Result:
    status: int
    out: str
    err: str


def write(tmp_path: Path, text: str, name: str = "x.t") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def replay(*args: str | Path, cwd: Path | None = None) -> Result:
    """`swapsh replay ARGS`, its output captured."""
    out, err = io.StringIO(), io.StringIO()
    status = replay_main([str(a) for a in args], out, err)
    return Result(status, out.getvalue(), err.getvalue())
