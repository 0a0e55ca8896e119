"""swapsh's shell arithmetic (swapsh/userland/sh/arith.py) against the host's bash, and
its host time on long expressions (which tests must not time).

1. Random expressions, from a small grammar (mostly valid: precedence, assignments,
   short-circuits, ++/--, subscripts) and from a token soup (mostly errors), are
   evaluated by `bash --norc --noprofile` (one script, each case in a subshell) and by
   arith_eval with the same variables; the value, the variables afterwards, or the
   error line must agree. Cases where bash says "bad array subscript" are skipped:
   that is the caller's message (a negative index), not the evaluator's.
2. Milliseconds for 10,000- and 100,000-term sums and 100,000 nested parentheses.

Run: python scripts/arith_vs_bash.py [--seed N] [--cases N]
"""

from __future__ import annotations

import argparse
import random
import re
import shlex
import subprocess
import time

from swapsh.userland.sh.arith import ArithError, arith_eval

SETUP = {
    "x": "3",
    "y": "x+1",
    "z": "1/0",
    "i": "0",
    "w": "",
    "m": "-9223372036854775808",
    "b": "08",
    "c": " 1 + ",
    "g": "g+1",
    "h": "i++",
}
SHOWN = ["x", "i", "u", "a[0]", "a[1]", "a[3]"]
NAMES = ["x", "y", "z", "i", "w", "m", "b", "c", "g", "h", "u", "a[0]", "a[i]", "a[x]", "a[i++]"]
NUMS = ["0", "1", "2", "7", "63", "64", "9223372036854775807", "0x1f", "010", "2#101", "64#@"]


def words(text: str) -> list[str]:
    return text.split()


BINARY = words("+ - * / % ** << >> < > <= >= == != & | ^ && || ,")
ASSIGN = words("= += -= *= /= %= <<= >>= &= |= ^=")
SOUP = (
    NUMS + NAMES + BINARY + ASSIGN + words("! ~ ? : ++ -- ( ) @ $ # 3a 08 a[ 0x 1#2") + ["\t", "\n"]
)


class DictVars:
    """Scalars and elements in one dict ("a[3]"); subscripts are indexed ones."""

    def __init__(self, values: dict[str, str]) -> None:
        self.values = values

    def arith_subscript(self, name: str, subscript: str) -> tuple[str, bool]:
        return subscript, True

    def arith_get(self, name: str, subscript: str | None) -> str | None:
        return self.values.get(name if subscript is None else f"{name}[{subscript}]")

    def arith_set(self, name: str, subscript: str | None, value: int) -> None:
        self.values[name if subscript is None else f"{name}[{subscript}]"] = str(value)


def grammar(rnd: random.Random, depth: int) -> str:
    """A random expression, mostly valid."""
    gap = rnd.choice(["", "", " "])
    kind = rnd.randint(0, 9 if depth > 0 else 1)
    if kind == 0:
        return rnd.choice(NUMS)
    if kind == 1:
        return rnd.choice(NAMES)
    sub = [grammar(rnd, depth - 1) for _ in range(3)]
    forms = [
        rnd.choice("-!~+") + gap + sub[0],
        sub[0] + gap + rnd.choice(BINARY) + gap + sub[1],
        "(" + sub[0] + ")",
        rnd.choice(NAMES) + gap + rnd.choice(ASSIGN) + gap + sub[0],
        f"{sub[0]}{gap}?{gap}{sub[1]}{gap}:{gap}{sub[2]}",
        rnd.choice(["++", "--"]) + rnd.choice(NAMES),
        rnd.choice(NAMES) + rnd.choice(["++", "--"]),
    ]
    return forms[min(kind - 2, len(forms) - 1)]


def soup(rnd: random.Random) -> str:
    """Random tokens and blanks, mostly an error."""
    return "".join(rnd.choice(SOUP) + rnd.choice(["", "", " "]) for _ in range(rnd.randint(1, 9)))


def bash_results(cases: list[str]) -> list[str]:
    setup = " ".join(f"{k}={shlex.quote(v)}" for k, v in SETUP.items())
    shown = "|".join("${" + k + "}" for k in SHOWN)
    lines = [
        f'( {setup}; __E={shlex.quote(e)}; r=$(($__E)); echo "$r|{shown}" ) 2>&1; echo @@'
        for e in cases
    ]
    script = "\n".join(lines) + "\n"
    out = subprocess.run(
        ["bash", "--norc", "--noprofile", "-s"], input=script, capture_output=True, text=True
    ).stdout
    results = out.split("@@\n")[:-1]
    assert len(results) == len(cases)
    return [re.sub(r"^bash: line \d+: ", "", r.rstrip("\n")) for r in results]


def ours(expr: str) -> str:
    dv = DictVars(dict(SETUP))
    try:
        value = arith_eval(expr, dv)
    except ArithError as e:
        return e.message
    return "|".join([str(value)] + [dv.values.get(k, "") for k in SHOWN])


def differential(seed: int, count: int) -> int:
    rnd = random.Random(seed)
    cases = [grammar(rnd, 4) if i % 2 else soup(rnd) for i in range(count)]
    mismatches = 0
    for expr, expected in zip(cases, bash_results(cases), strict=True):
        got = ours(expr)
        if got != expected and "bad array subscript" not in expected:
            mismatches += 1
            print(f"{expr!r}\n  bash: {expected!r}\n  ours: {got!r}")
    print(f"{count} cases (seed {seed}): {mismatches} differ from bash")
    return mismatches


def bench() -> None:
    for name, expr in [
        ("10,000-term sum", "+".join(["x*2"] * 10_000)),
        ("100,000-term sum", "+".join(["x*2"] * 100_000)),
        ("100,000 nested parentheses", "(" * 100_000 + "1" + ")" * 100_000),
    ]:
        t0 = time.perf_counter()
        arith_eval(expr, DictVars({"x": "3"}))
        print(f"{name}: {(time.perf_counter() - t0) * 1000:.0f} ms")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cases", type=int, default=2000)
    args = ap.parse_args()
    bad = differential(args.seed, args.cases)
    bench()
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
