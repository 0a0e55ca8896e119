"""The side-by-side view, drawn from a parsed transcript and the outputs of a replay."""

from __future__ import annotations

import io

from swapsh.transcript.format import parse
from swapsh.transcript.runner import Replay
from swapsh.transcript.side_by_side import render

TEXT = b"""\
A title paragraph,
wrapped in the file.

#: mem 256M

  1$ strings -t d /s2
(you see only the swap signature)

Between the tables.

  2$ swapon /s2
  1$ ^C
"""


def _draw(outputs: list[dict[int, bytes]], width: int = 60) -> list[str]:
    t = parse(TEXT, "x.t")
    out = io.StringIO()
    render(t, Replay(boot={}, outputs=outputs), out, width, "mem 256M")
    return [line.rstrip() for line in out.getvalue().splitlines()]


def test_columns_rows_notes_and_prose() -> None:
    lines = _draw([{1: b"   4086 SWAPSPACE2\n"}, {2: b"swapon: failed\n", 3: b"hi\n"}, {1: b"\n"}])
    assert lines[0] == "A title paragraph, wrapped in the file."
    head = next(i for i, line in enumerate(lines) if "login 1" in line)
    assert lines[head].split() == ["login", "1", "login", "2", "login", "3"]
    col2 = lines[head].index("login 2")
    col3 = lines[head].index("login 3")
    row = lines.index(" $ strings -t d /s2")
    assert lines[row + 1] == "    4086 SWAPSPACE2"
    assert lines[row + 2].startswith(" (you see only")  # a note right under the output
    assert "Between the tables." in lines
    swapon = next(line for line in lines if "$ swapon /s2" in line)
    assert swapon.index("$ swapon") == col2
    assert swapon.index("hi") == col3  # login 3's output during it: on the same row
    assert any(line.strip() == "$ ^C" for line in lines)
    assert lines[-1].strip() == "mem 256M"


def test_control_characters_are_shown_in_caret_form() -> None:
    lines = _draw([{1: b"a\x1b[1mb\tc\n"}, {}, {}])
    assert any("a^[[1mb c" in line for line in lines)  # ^[ takes two columns


def test_a_line_longer_than_its_column_is_folded_not_cut() -> None:
    long = b"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    lines = _draw([{1: long + b"\n"}, {}, {}], width=50)
    shown = "".join(line.strip() for line in lines)
    assert long.decode() in shown and "\u2026" not in shown
