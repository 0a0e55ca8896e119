"""Compare a replay with its transcript: match each block, diff the two texts.

A block matches when its expected lines and the output's lines pair up one to one,
in order, each pair matching (patterns.matches). Where they do not, the lines are
aligned (the longest run of matching pairs, as diff aligns text) so that the
unified diff shows the lines that really differ, not everything after the first.
"""

from __future__ import annotations

import difflib

from swapsh.transcript.patterns import Expected, encode_line, matches, split_lines

__all__ = ["diff", "match_block"]

_ALIGN_LIMIT = 250_000  # expected x actual lines above which blocks pair by position


def match_block(expected: list[Expected], actual: bytes) -> tuple[list[str], bool]:
    """The block as the transcript should read for this output, and whether it
    matched: expected lines kept where they match their output line."""
    lines = split_lines(actual)
    if len(expected) == len(lines) and all(
        matches(e, line, eol) for e, (line, eol) in zip(expected, lines, strict=True)
    ):
        return [e.raw for e in expected], True
    pairs = _align(expected, lines)
    out = []
    for j, (line, eol) in enumerate(lines):
        i = pairs.get(j)
        out.append(expected[i].raw if i is not None else encode_line(line, eol))
    return out, False


def _align(expected: list[Expected], lines: list[tuple[bytes, bool]]) -> dict[int, int]:
    """Output line index -> expected line index, for the pairs that match."""
    n, m = len(expected), len(lines)
    if n * m > _ALIGN_LIMIT:
        return {j: j for j in range(min(n, m)) if matches(expected[j], *lines[j])}
    ok = [[matches(e, line, eol) for line, eol in lines] for e in expected]
    # best[i][j]: most matching pairs among expected[i:] and lines[j:]
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = best[i + 1][j + 1] + 1 if ok[i][j] else max(best[i + 1][j], best[i][j + 1])
    pairs: dict[int, int] = {}
    i = j = 0
    while i < n and j < m:
        if ok[i][j] and best[i][j] == best[i + 1][j + 1] + 1:
            pairs[j] = i
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def diff(name: str, expected: str, actual: str) -> str:
    """A unified diff of the transcript file (expected) and the replay (actual), with
    the file's line numbers in its hunk headers. Empty when they are the same."""
    a = expected.splitlines(keepends=True)
    b = actual.splitlines(keepends=True)
    lines = list(difflib.unified_diff(a, b, fromfile=name, tofile=f"{name} (replayed)"))
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )
