"""The README's tour is what swapsh really shows, byte for byte."""

from __future__ import annotations

import re
from pathlib import Path

from swapsh.machine import Machine

README = Path(__file__).resolve().parents[2] / "README.md"
PROMPTS = ("root@swapsh:~# ", "> ")


def _tour() -> str:
    text = README.read_text()
    section = text.split("## A short tour", 1)[1]
    block = re.search(r"\n\n((?:    .*\n|\n)+)", section)
    assert block is not None
    return "".join(line[4:] + "\n" for line in block.group(1).rstrip("\n").split("\n"))


def test_readme_tour_is_real() -> None:
    expected = _tour()
    inputs = [
        line[len(p) :] for line in expected.splitlines() for p in PROMPTS if line.startswith(p)
    ]
    m = Machine()
    screen = []
    for line in inputs:
        m.run()
        screen += [data.decode() for _, data in m.take_output()]
        screen.append(line + "\n")
        m.type_line(line)
    m.run()
    out = "".join(screen) + "".join(d.decode() for _, d in m.take_output())
    out = out[: out.rfind("root@swapsh:~# ")]  # the tour ends before the last prompt
    assert out == expected
