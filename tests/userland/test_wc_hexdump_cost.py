"""wc -L/-w and hexdump work a buffer or a page at a time, not a character or a line
at a time (`wc -L /dev/urandom` cost seconds of host CPU per simulated step), and
give the same text as the per-character rules they replace."""

from __future__ import annotations

import random

import pytest

from swapsh.userland.coreutils import wc
from swapsh.userland.util_linux import hexdump
from tests.conftest import Session
from tests.opcount import count_calls

KIB = 64


def _reference_maxlen(c: wc.Counts, text: str, utf8: bool) -> None:
    """wc -L's rules a character at a time (the code before the fast path)."""
    for ch in text:
        if ch in "\n\r\f":
            c.maxlen, c.linepos = max(c.maxlen, c.linepos), 0
        elif ch == "\t":
            c.linepos += 8 - c.linepos % 8
        else:
            c.linepos += wc._width(ch, utf8)
    c.maxlen = max(c.maxlen, c.linepos)


def _reference_words(c: wc.Counts, text: str, utf8: bool) -> None:
    seps = wc._ASCII_SEP + ("\u00a0\u1680\u2028\u2029\u202f\u205f\u3000" if utf8 else "")
    for ch in text:
        if ch in seps or (utf8 and "\u2000" <= ch <= "\u200a"):
            c.words += c.printable
            c.printable = False
        elif wc._printable(ch, utf8):
            c.printable = True


def _random_text(rnd: random.Random) -> str:
    pools = [
        " \t\n\r\f\vab\x00\x7f\u00a0\u2003\u3000",
        "".join(map(chr, range(0x20, 0x800))),
        "日本語\u0301\u200b\u00ad\t e\u0300\U0001f600\U000e0001\ufeff\n",
        bytes(rnd.randrange(256) for _ in range(64)).decode("utf-8", "ignore") + "\t\n",
    ]
    pool = rnd.choice(pools) or "x"
    return "".join(rnd.choice(pool) for _ in range(rnd.randrange(0, 300)))


@pytest.mark.parametrize("utf8", [False, True])
def test_wc_counts_as_the_per_character_rules_do(utf8: bool) -> None:
    rnd = random.Random(11)
    for _ in range(300):
        chunks = [_random_text(rnd) for _ in range(rnd.randrange(1, 4))]
        if not utf8:
            chunks = [s.encode("utf-8").decode("latin-1") for s in chunks]
        new, ref = wc.Counts(), wc.Counts()
        for text in chunks:  # counts carry across read() buffers
            wc._count_words(new, text, utf8)
            wc._count_maxlen(new, text, utf8)
            _reference_words(ref, text, utf8)
            _reference_maxlen(ref, text, utf8)
        assert (new.words + new.printable, new.maxlen) == (ref.words + ref.printable, ref.maxlen)


@pytest.mark.parametrize("kind", ["", "b", "c", "C", "d", "o", "x"])
def test_hexdump_pages_are_the_lines_one_by_one(kind: str) -> None:
    rnd = random.Random(5)
    d = hexdump.Dump(None, kind, True)  # type: ignore[arg-type]  # line_text needs no libc
    for _ in range(100):
        n = rnd.randrange(1, 40) * hexdump.LINE
        alphabet = rnd.choice([bytes(range(256)), b"\0\1", b"ab\n\t\\"])
        data = bytes(rnd.choice(alphabet) for _ in range(n))
        addr = rnd.randrange(1 << 40) // 16 * 16
        lines = []
        for i in range(0, n, hexdump.LINE):
            d.addr = addr + i
            lines.append(d.line_text(data[i : i + hexdump.LINE]))
        assert hexdump._page_text(kind, addr, data) == "".join(lines)


def _extra_calls(sh: Session, cmd: str, baseline: str) -> int:
    sh.type(cmd)  # the programs are imported and the tables filled on first use
    sh.type(baseline)
    with count_calls() as base:
        sh.type(baseline)
    with count_calls() as calls:
        sh.type(cmd)
    return calls.n - base.n


@pytest.mark.parametrize("kind", ["", "-b", "-c", "-C", "-d", "-o", "-x", "-v -C"])
def test_hexdump_of_random_data_costs_no_calls_per_line(sh: Session, kind: str) -> None:
    """Random bytes have no repeated lines: a page is formatted in one go (it was a
    few dozen calls a line)."""
    sh.run(f"dd if=/dev/urandom of=/u bs=1k count={KIB} status=none")
    extra = _extra_calls(sh, f"hexdump {kind} /u > /dev/null", "cat /u > /dev/null")
    assert extra < KIB * 1024 // hexdump.LINE // 4, extra


@pytest.mark.parametrize("lang", ["C", "en_US.UTF-8"])
def test_wc_widths_and_words_cost_no_calls_per_character(sh: Session, lang: str) -> None:
    sh.run(f"dd if=/dev/urandom of=/u bs=1k count={KIB} status=none")
    extra = _extra_calls(sh, f"LANG={lang} wc -L -w /u", f"LANG={lang} wc -m /u")
    assert extra < KIB * 1024 // 4, extra
