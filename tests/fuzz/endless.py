"""The catalogue of command lines that never end by design, for the fuzz harness.

A generated line that is still running when its step budget runs out gets ^C, as a
person would type it. Whether that is fine depends on the line: `cat /dev/zero` is
meant to run until interrupted, `head -c 1G /dev/urandom | wc -c` is meant to end by
itself. `is_endless(line)` tells them apart by reading the line's command names and
operands (a rough shell tokenizer: words, quotes, pipes, separators, redirections),
so the harness can count the first kind as "interrupted" and report the second kind
separately as "overran" instead of hiding a real hang among the endless ones.

A line is endless when one of its pipelines is, and a pipeline is endless when one
of its commands is endless by itself:

- it reads the terminal, which never ends: a reader (cat, grep, head, tail, wc,
  strings, hexdump, dd) with no file operand (or `-`) first in its pipeline and
  without `<`, or with /dev/tty, /dev/ttyN or /dev/console as a file, `if=` or `<`;
  file operands that are all expansions or globs (`cat $x`, `head ?`: they may
  expand to nothing, or to a file named `-`) count as maybe the terminal;
  `rm -i`/`-I` waiting for its answer; a shell (bash, sh, su, unshare with no
  command) first in its pipeline without a script or -c, or with /dev/tty* as its
  script; `.` or `source` of /dev/tty*, /dev/zero or /dev/urandom (bash reads the
  whole file first);
- it repeats forever: `free -s N` without `-c`;
- it sleeps forever: `sleep inf`, `sleep 1e400` (a total that is infinite; a finite
  sleep, however long, ends: simulated time jumps to the next timer);
- it reads an endless file (/dev/zero, /dev/full: no newline ever; /dev/urandom) and
  nothing bounds it. A byte count bounds both (`head -c`, `hexdump -n`, dd's
  `count=`); a line count (`head` without -c) bounds /dev/urandom only. The bound
  may be the reader's own or a later command's in the same pipeline; a later
  command that does not read the pipe (`cat /dev/zero | echo hi`) ends the stream
  too (SIGPIPE), when the reader writes as it reads (cat, dd, hexdump; `wc` or
  `tail` write only at the end, so `wc /dev/zero | true` never ends).

Not in the catalogue: `yes` (not installed), `tail -f` (swapsh's tail refuses to
follow), `dmesg -w` (without /dev/kmsg it prints once, as util-linux does),
`sleep 99999999999999999999999` (finite: simulated time jumps), and everything long
but finite (`memtouch 1G 100`, big dd counts): those are "overran" when they outrun
the budget. A shell alone (`bash`, `su`, `clone64(...)`) matches the rule above but
never needs ^C: it shows its prompt, so the line is back at one.

The tokenizer is deliberately rough (no expansions, so `grep $x` with x unset is
taken for a pattern; of the wrappers only `unshare CMD` is looked through). A
misread line errs towards "overran", which is reported, never towards a silent
pass, except for a command that the line names as endless and that hangs in some
other way: ^C must still end it, or the line is a hang.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from tests.fuzz.grammar import OPTIONS

__all__ = ["CATALOGUE", "is_endless"]

# One example line per rule above; CI checks each is endless and that ^C ends it.
CATALOGUE = [
    "cat /dev/zero",
    "cat /dev/zero > /dev/null",
    "cat /dev/zero | wc -c",
    "cat /dev/zero | grep x",
    "dd if=/dev/zero of=/dev/null",
    "dd if=/dev/urandom of=/tmp/r bs=1M",
    "strings /dev/urandom",
    "head /dev/zero",
    "wc -c < /dev/zero",
    "hexdump /dev/zero",
    "cat",
    "grep x",
    "wc -l -",
    "cat /dev/tty",
    "head -c 1 < /dev/tty1",
    "dd of=/dev/null count=1",
    "free -s 1",
    "sleep inf",
    "sleep 1e400",
    "sleep 1 infinity",
]

READERS = frozenset({"cat", "grep", "head", "tail", "wc", "strings", "hexdump", "dd"})
WRITES_AS_IT_READS = frozenset({"cat", "dd", "hexdump"})  # the others write at the end
SHELLS = frozenset({"bash", "sh", ".", "source", "su", "unshare"})
TTY = re.compile(r"/dev/(tty\d*|console)$")
UNSURE = re.compile(r"[$`*?\[]")  # an expansion or a glob: the word may vanish
ENDLESS_FILES = {"/dev/zero": "zero", "/dev/full": "zero", "/dev/urandom": "random"}
# Long options that take their argument as the next word (as getopt_long's
# required_argument); the others take one only after "=".
LONG_WITH_ARG = frozenset(
    {
        "bytes", "lines", "length", "skip", "format", "regexp", "file", "max-count",
        "seconds", "count", "sleep-interval", "pid", "max-unchanged-stats", "context",
        "after-context", "before-context", "encoding", "radix", "bytes-per-line",
    }
)  # fmt: skip
_SLEEP_MULT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}

_TOKEN = re.compile(
    r"""(?P<redir>\d*(?:>>|>&|<&|<>|&>|>\||<<<|<<|<|>))
      |(?P<sep>\|\||&&|;;|\|&|[|;&()\r])
      |(?P<word>(?:'[^']*'|"(?:\\.|[^"\\])*"|\\.|[^\s|;&()<>'"\\]|['"\\])+)""",
    re.X,
)


@dataclass
class _Command:
    """One simple command: its words (unquoted) and redirections (operator, target)."""

    words: list[str] = field(default_factory=list)
    redirs: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Parsed:
    """A command's options (letter or long name -> value, "" for none) and operands."""

    opts: dict[str, str]
    operands: list[str]


def _unquote(word: str) -> str:
    if word.startswith("$'"):
        word = word[1:]
    return re.sub(r"\\(.)", r"\1", word).replace("'", "").replace('"', "")


def _pipelines(line: str) -> list[list[_Command]]:
    """The line's pipelines, each a list of commands (comments dropped)."""
    out: list[list[_Command]] = [[_Command()]]
    pending = ""  # a redirection operator waiting for its target
    for m in _TOKEN.finditer(line):
        kind, tok = m.lastgroup, m.group()
        cmd = out[-1][-1]
        if kind == "word" and tok.startswith("#") and not pending:
            break  # a word that starts with # starts a comment
        if kind == "word" and pending:
            cmd.redirs.append((pending, _unquote(tok)))
            pending = ""
        elif kind == "word":
            cmd.words.append(_unquote(tok))
        elif kind == "redir":
            pending = tok.lstrip("0123456789") or tok
            if tok[0] in "0123456789" and tok.lstrip("0123456789")[0] == "<":
                pending = tok  # "0<" reads stdin, "3<" does not
        elif tok in ("|", "|&"):
            out[-1].append(_Command())
        else:
            out.append([_Command()])
    return [[c for c in p if c.words] for p in out if any(c.words for c in p)]


def _name_and_args(words: list[str]) -> tuple[str, list[str]]:
    """Skip assignments and `!`; look through `unshare [options]`."""
    i = 0
    while i < len(words) and (words[i] == "!" or re.match(r"[A-Za-z_]\w*=", words[i])):
        i += 1
    if i == len(words):
        return "", []
    name, args = words[i].rsplit("/", 1)[-1], words[i + 1 :]
    if name == "unshare":
        rest = [w for w in args if not w.startswith("-")]
        return _name_and_args(rest) if rest else (name, args)
    return name, args


def _parse(name: str, args: list[str]) -> _Parsed:
    """getopt_long, roughly: option clusters, `--name[=value]`, `--`, operands anywhere."""
    shorts = OPTIONS.get(name, ("", ()))[0]
    opts: dict[str, str] = {}
    operands: list[str] = []
    it = iter(args)
    for a in it:
        if a == "--":
            operands.extend(it)
        elif a.startswith("--"):
            key, eq, val = a[2:].partition("=")
            opts[key] = val if eq or key not in LONG_WITH_ARG else next(it, "")
        elif a.startswith("-") and a != "-" and name != "dd":
            for j, ch in enumerate(a[1:], 1):
                k = shorts.find(ch)
                if ch != ":" and k >= 0 and shorts[k + 1 : k + 2] == ":":
                    opts[ch] = a[j + 1 :] or next(it, "")
                    break
                opts[ch] = ""
        else:
            operands.append(a)
    return _Parsed(opts, operands)


def _sleep_seconds(args: list[str]) -> float:
    total = 0.0
    for a in args:
        # (strtod's "inf" in any case; sleep's suffixes in lower case only)
        m = re.fullmatch(r"([+]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|(?i:inf(?:inity)?)))([smhd]?)", a)
        if m is None:
            return 0.0  # sleep refuses the line at once
        total += float(m.group(1)) * _SLEEP_MULT[m.group(2)]
    return total


def _bound(name: str, p: _Parsed) -> str:
    """What bounds a reader: "bytes", "lines" or ""."""
    if name == "head":
        return "bytes" if "c" in p.opts or "bytes" in p.opts else "lines"
    if name == "hexdump" and ("n" in p.opts or "length" in p.opts):
        return "bytes"
    if name == "dd" and any(o.startswith("count=") for o in p.operands):
        return "bytes"
    return ""


def _sources(name: str, p: _Parsed, cmd: _Command, first: bool) -> list[str]:
    """What a reader reads: "tty", "zero", "random", "pipe" or "file" for each input."""
    files = p.operands
    if name == "dd":
        files = [o[3:] for o in p.operands if o.startswith("if=")]
    elif name == "grep" and not ({"e", "f", "regexp", "file"} & p.opts.keys()):
        files = files[1:]  # the first operand is the pattern
    stdin = "tty" if first else "pipe"
    for op, target in cmd.redirs:
        if op in ("<", "0<", "<>", "0<>"):
            stdin = _kind(target)
    if not files or "-" in files:
        return [stdin]
    if all(UNSURE.search(f) for f in files):  # `cat $x`, `head ?`: maybe none, or `-`
        return [stdin, *(_kind(f) for f in files)]
    return [_kind(f) for f in files]


def _kind(path: str) -> str:
    return "tty" if TTY.match(path) else ENDLESS_FILES.get(path, "file")


def _forever(name: str, p: _Parsed, cmd: _Command, first: bool) -> bool:
    """Whether a command runs forever whatever follows it in its pipeline."""
    if name == "free":
        return bool({"s", "seconds"} & p.opts.keys()) and not ({"c", "count"} & p.opts.keys())
    if name == "sleep":
        return math.isinf(_sleep_seconds(p.operands))
    if name == "rm":
        asks = {"i", "I"} & p.opts.keys() or p.opts.get("interactive", "never") != "never"
        return bool(asks) and first
    if name in SHELLS:
        return _shell_reads_forever(name, p, first)
    if name in READERS:
        return "tty" in _sources(name, p, cmd, first)
    return False


def _shell_reads_forever(name: str, p: _Parsed, first: bool) -> bool:
    """A shell reading commands from the terminal (first in a pipeline, no script:
    the login's own prompt is not shown), or a script that never ends."""
    if name in (".", "source"):
        return bool(p.operands) and _kind(p.operands[0]) != "file"
    if "c" in p.opts or "help" in p.opts or "version" in p.opts:
        return False
    script = [o for o in p.operands if o != "-"]
    return _kind(script[0]) == "tty" if script else first


def _stream(name: str, p: _Parsed, cmd: _Command, first: bool) -> str:
    """The endless file a reader streams with no bound of its own: "zero", "random"
    or ""."""
    if name not in READERS:
        return ""
    bound = _bound(name, p)
    for src in _sources(name, p, cmd, first):
        if src == "zero" and bound != "bytes":
            return "zero"
        if src == "random" and not bound:
            return "random"
    return ""


def _pipeline_endless(cmds: list[_Command]) -> bool:
    stream, writer = "", ""  # an endless stream down the pipeline, and its writer
    for i, cmd in enumerate(cmds):
        name, args = _name_and_args(cmd.words)
        p = _parse(name, args)
        if _forever(name, p, cmd, i == 0):
            return True
        reads_pipe = name in READERS and "pipe" in _sources(name, p, cmd, False)
        if stream and not reads_pipe and writer in WRITES_AS_IT_READS:
            stream = ""  # nothing reads the pipe: the writer gets SIGPIPE
        elif stream and reads_pipe:
            bound = _bound(name, p)
            if bound == "bytes" or (bound == "lines" and stream == "random"):
                stream = ""
        if not stream:
            stream, writer = _stream(name, p, cmd, i == 0), name
    return bool(stream)


def is_endless(line: str) -> bool:
    """Whether the line runs until interrupted, by the rules of the module docstring."""
    return any(_pipeline_endless(p) for p in _pipelines(line))
