"""The generated docs match the code they are generated from."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _gen():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts/gen_docs.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_lock_order_doc_is_generated_from_lock_order() -> None:
    assert (ROOT / "docs/lock-order.md").read_text() == _gen().lock_order_md()


@pytest.mark.slow
def test_linux_map_is_current() -> None:
    assert (ROOT / "docs/linux-map.md").read_text() == _gen().linux_map_md(), (
        "run python scripts/gen_docs.py"
    )


def test_program_manifest_is_current() -> None:
    assert (ROOT / "swapsh/userland/manifest.py").read_text() == _gen().manifest_py(), (
        "run python scripts/gen_docs.py"
    )
