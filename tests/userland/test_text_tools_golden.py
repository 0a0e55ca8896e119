"""head, tail, wc, grep and hexdump against the real tools' recorded outputs."""

from __future__ import annotations

import pytest

from tests.userland.golden_replay import Case, cases_of, replay

TOOLS = ["head", "tail", "wc", "grep", "hexdump"]


@pytest.mark.parametrize(
    "case", [pytest.param(c, id=f"{t}:{c.name}") for t in TOOLS for c in cases_of(t)]
)
def test_matches_real_tool(case: Case) -> None:
    replay(case)
