"""Transcripts: multi-login terminal sessions that replay and check themselves.

A transcript (docs/transcripts.md) lists what was typed at each login of the
machine and what each login's terminal showed. The package reads one
(`format`, `patterns`), replays it on a fresh Machine (`runner`, through the
`consoles` adapter), writes the session back as a transcript (`writer`), compares
it with the expected one (`check`), draws the logins side by side (`side_by_side`),
records a live session as one (`recorder`), and gives `swapsh replay` its command
line (`cli`).
"""

from __future__ import annotations

__all__: list[str] = []
