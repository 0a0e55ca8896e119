"""strings scans only the heads of mostly-zero pages in large chunks: the runs it
prints must be exactly those of a scan of every byte."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from swapsh.userland.binutils import strings as S

PAGE = 4096


def _scan(data: bytes, opts: S.Options, sparse: bool) -> bytes:
    with pytest.MonkeyPatch.context() as mp:
        if not sparse:
            mp.setattr(S, "_sparse_segments", lambda chunk: None)
        sc = S.Scanner(opts, b"")
        for i in range(0, len(data), S.CHUNK):
            sc.feed(data[i : i + S.CHUNK], i)
        sc.finish()
        return b"".join(sc.out)


pieces = st.lists(
    st.tuples(st.integers(0, 40 * PAGE - 1), st.binary(min_size=1, max_size=300)), max_size=60
)


@settings(max_examples=60, deadline=None)
@given(
    pieces=pieces,
    string_min=st.sampled_from([1, 3, 4, 10, 65]),
    size=st.sampled_from([40 * PAGE, 40 * PAGE + 123, S.CHUNK + 5 * PAGE]),
)
def test_sparse_scan_prints_what_a_full_scan_prints(
    pieces: list[tuple[int, bytes]], string_min: int, size: int
) -> None:
    buf = bytearray(size)
    for pos, blob in pieces:
        buf[pos : pos + len(blob)] = blob[: max(0, size - pos)]
    data = bytes(buf[:size])
    opts = S.Options(string_min=string_min, radix=10)
    assert _scan(data, opts, True) == _scan(data, opts, False)


def test_a_mostly_zero_chunk_is_split_into_page_heads() -> None:
    chunk = bytearray(32 * PAGE)
    chunk[5 * PAGE : 5 * PAGE + 4] = b"abcd"
    chunk[9 * PAGE + 100] = 1
    assert S._sparse_segments(bytes(chunk)) == [(5 * PAGE, 5 * PAGE + 64), (9 * PAGE, 10 * PAGE)]
    assert S._sparse_segments(bytes([65]) * (32 * PAGE)) is None  # dense
