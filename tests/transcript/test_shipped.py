"""Every transcript in transcripts/ replays and checks (`swapsh replay --check`).
Each of the seed's runs costs about 5 s: each is replayed once, here."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.transcript.helpers import replay

pytestmark = pytest.mark.slow  # the seed transcripts: LTP runs

TRANSCRIPTS = sorted((Path(__file__).resolve().parents[2] / "transcripts").glob("*.t"))


def test_the_seed_and_its_comparison_runs_are_shipped() -> None:
    names = {p.name for p in TRANSCRIPTS}
    assert {"seed.t", "seed-outside-ns.t", "seed-no-swap-ns.t"} <= names


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=[p.name for p in TRANSCRIPTS])
def test_shipped_transcript_checks(path: Path) -> None:
    r = replay("--check", path)
    assert (r.status, r.err) == (0, ""), r.out + r.err
