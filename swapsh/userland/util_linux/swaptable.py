"""The active-swap reports of swapon(8): `swapon -s` and the `swapon --show` table
(models util-linux 2.38.1 sys-utils/swapon.c display_summary/show_table and the
libsmartcols layout they use).

Both are fed by /proc/swaps as this machine's kernel prints it (2.6.25 format and
sizes); the layout is the modern one util-linux prints whatever the kernel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from swapsh.userland.util_linux.common import (
    SIZE_SUFFIX_1LETTER,
    ProcSwap,
    SwapHeaderInfo,
    size_to_human_string,
)

__all__ = ["COLUMNS", "Column", "format_summary", "format_table"]


@dataclass(frozen=True, slots=True)
class Column:
    name: str  # header
    right: bool  # SCOLS_FL_RIGHT
    help: str


COLUMNS: dict[str, Column] = {
    "NAME": Column("NAME", False, "device file or partition path"),
    "TYPE": Column("TYPE", False, "type of the device"),
    "SIZE": Column("SIZE", True, "size of the swap area"),
    "USED": Column("USED", True, "bytes in use"),
    "PRIO": Column("PRIO", True, "swap priority"),
    "UUID": Column("UUID", False, "swap uuid"),
    "LABEL": Column("LABEL", False, "swap label"),
}


def format_summary(swaps: Sequence[ProcSwap]) -> str:
    """display_summary(): nothing at all when no swap is active."""
    if not swaps:
        return ""
    out = ["Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"]
    for s in swaps:
        pad = " " * (40 - len(s.source) if len(s.source) < 40 else 1)
        out.append(
            f"{s.source}{pad}{s.type}{chr(9) if len(s.type) < 8 else ''}\t"
            f"{s.size}{chr(9) if s.size < 10000000 else ''}\t"
            f"{s.used}{chr(9) if s.used < 10000000 else ''}\t{s.priority}\n"
        )
    return "".join(out)


def _cell(col: str, s: ProcSwap, hdr: SwapHeaderInfo | None, in_bytes: bool) -> str:
    if col == "NAME":
        return s.source
    if col == "TYPE":
        return s.type
    if col in ("SIZE", "USED"):
        n = (s.size if col == "SIZE" else s.used) * 1024
        return str(n) if in_bytes else size_to_human_string(SIZE_SUFFIX_1LETTER, n)
    if col == "PRIO":
        return str(s.priority)
    if hdr is None:
        return ""
    return (hdr.uuid if col == "UUID" else hdr.label) or ""


def _raw_escape(text: str) -> str:
    """libsmartcols raw output: blanks and non-printables as \\xHH."""
    return "".join(
        f"\\x{ord(c):02x}" if c.isspace() or not c.isprintable() or c == "\\" else c for c in text
    )


def format_table(
    swaps: Sequence[ProcSwap],
    headers: Sequence[SwapHeaderInfo | None],
    columns: Sequence[str],
    *,
    in_bytes: bool = False,
    raw: bool = False,
    noheadings: bool = False,
) -> str:
    """show_table(): one line per area; nothing when none is active."""
    if not swaps:
        return ""
    rows = [
        [_cell(c, s, h, in_bytes) for c in columns] for s, h in zip(swaps, headers, strict=True)
    ]
    if not noheadings:
        rows.insert(0, list(columns))
    if raw:
        return "".join(" ".join(_raw_escape(x) for x in r) + "\n" for r in rows)
    widths = [max(len(r[i]) for r in rows) for i in range(len(columns))]
    lines = []
    for r in rows:
        cells = []
        for i, text in enumerate(r):
            last = i == len(columns) - 1
            if COLUMNS[columns[i]].right:
                cells.append(text.rjust(widths[i]))
            else:
                cells.append(text if last else text.ljust(widths[i]))
        lines.append(" ".join(cells) + "\n")
    return "".join(lines)
