"""chmod: change file mode bits (models coreutils 9.1 src/chmod.c)."""

from __future__ import annotations

from dataclasses import dataclass

from swapsh.userland.coreutils.common import (
    HELP_TAIL,
    Prog,
    coreutil,
    help_footer,
    parse_opts,
    quoteaf,
    version_text,
)
from swapsh.userland.coreutils.modes import (
    S_IFDIR,
    S_IFLNK,
    S_IFMT,
    ModeChange,
    filemodestring,
    mode_adjust,
    mode_compile,
)
from swapsh.userland.getopt import NO, REQUIRED, LongOpt

__all__ = ["main"]

LONGOPTS = [
    LongOpt("changes", NO, "c"),
    LongOpt("recursive", NO, "R"),
    LongOpt("silent", NO, "f"),
    LongOpt("quiet", NO, "f"),
    LongOpt("verbose", NO, "v"),
    LongOpt("reference", REQUIRED),
    LongOpt("preserve-root", NO),
    LongOpt("no-preserve-root", NO),
    LongOpt("help", NO),
    LongOpt("version", NO),
]
HELP = """\
Usage: {0} [OPTION]... MODE[,MODE]... FILE...
  or:  {0} [OPTION]... OCTAL-MODE FILE...
  or:  {0} [OPTION]... --reference=RFILE FILE...
Change the mode of each FILE to MODE.
With --reference, change the mode of each FILE to that of RFILE.

  -c, --changes          like verbose but report only when a change is made
  -f, --silent, --quiet  suppress most error messages
  -v, --verbose          output a diagnostic for every file processed
      --no-preserve-root  do not treat '/' specially (the default)
      --preserve-root    fail to operate recursively on '/'
      --reference=RFILE  use RFILE's mode instead of MODE values
  -R, --recursive        change files and directories recursively
"""
HELP2 = """
Each MODE is of the form '[ugoa]*([-+=]([rwxXst]*|[ugo]))+|[-+=][0-7]+'.
"""


@dataclass
class Opts:
    changes: list[ModeChange]
    verbose: bool = False
    changes_only: bool = False
    quiet: bool = False
    recursive: bool = False
    umask: int = 0o022


def _mode_words(mode: int) -> str:
    return f"{mode & 0o7777:04o} ({filemodestring(mode)[1:]})"


async def _chmod_one(p: Prog, o: Opts, path: str) -> bool:
    libc = p.libc
    try:
        st = await libc.stat(path)
    except OSError as e:
        if not o.quiet:
            await p.error(f"cannot access {quoteaf(path)}", e)
        return False
    is_dir = st.st_mode & S_IFMT == S_IFDIR
    new = mode_adjust(st.st_mode, is_dir, o.umask, o.changes)
    ok = True
    try:
        await libc.chmod(path, new)
    except OSError as e:
        if not o.quiet:
            await p.error(f"changing permissions of {quoteaf(path)}", e)
        ok = False
    changed = ok and (st.st_mode & 0o7777) != new
    if o.verbose and (changed or not o.changes_only):
        old_s, new_s = _mode_words(st.st_mode), _mode_words(st.st_mode & S_IFMT | new)
        if not ok:
            await libc.out(f"failed to change mode of {quoteaf(path)} from {old_s} to {new_s}\n")
        elif changed:
            await libc.out(f"mode of {quoteaf(path)} changed from {old_s} to {new_s}\n")
        else:
            await libc.out(f"mode of {quoteaf(path)} retained as {old_s}\n")
    if o.recursive and is_dir:
        ok = await _chmod_tree(p, o, path) and ok
    return ok


async def _chmod_tree(p: Prog, o: Opts, path: str) -> bool:
    try:
        ents = await p.libc.listdir(path)
    except OSError as e:
        if not o.quiet:
            await p.error(f"cannot read directory {quoteaf(path)}", e)
        return False
    ok = True
    for ent in ents:
        if ent.d_name in (".", ".."):
            continue
        child = path.rstrip("/") + "/" + ent.d_name if path != "/" else "/" + ent.d_name
        try:
            lst = await p.libc.lstat(child)
        except OSError:
            continue
        if lst.st_mode & S_IFMT != S_IFLNK:
            ok = await _chmod_one(p, o, child) and ok
    return ok


def _split_mode_args(argv: list[str]) -> tuple[list[str], str | None]:
    """chmod accepts modes like -w among the options: pull the first one out."""
    out, mode = [], None
    for i, a in enumerate(argv):
        if a == "--":
            out.extend(argv[i:])
            break
        if (
            mode is None
            and i > 0
            and len(a) > 1
            and a[0] == "-"
            and all(c in "rwxXstugoa,+-=" for c in a[1:])
            and a[1] in "rwxXst"
        ):
            mode = a
            continue
        out.append(a)
    return out, mode


@coreutil("/bin/chmod")
async def main(p: Prog, argv: list[str]) -> int:
    """chmod [OPTION]... MODE[,MODE]... FILE..."""
    argv, dash_mode = _split_mode_args(argv)
    opts, args = await parse_opts(p, argv, "Rcfv", LONGOPTS)
    o = Opts(changes=[])
    ref: str | None = None
    for k, v in opts:
        if k == "help":
            await p.libc.out(HELP.format(p.name) + HELP_TAIL + HELP2 + help_footer("chmod"))
            return 0
        if k == "version":
            await p.libc.out(version_text("chmod", "David MacKenzie and Jim Meyering"))
            return 0
        o.verbose |= k in ("v", "c")
        o.changes_only |= k == "c"
        o.quiet |= k == "f"
        o.recursive |= k == "R"
        ref = v if k == "reference" else ref
    if dash_mode is not None:
        args.insert(0, dash_mode)
    if ref is None:
        if not args:
            await p.usage_error("missing operand")
        mode_text = args.pop(0)
        if not args:
            await p.usage_error(f"missing operand after {p.quote(mode_text)}")
        changes = mode_compile(mode_text)
        if changes is None:
            await p.usage_error(f"invalid mode: {p.quote(mode_text)}")
            return 1
        o.changes = changes
    else:
        if not args:
            await p.usage_error("missing operand")
        try:
            st = await p.libc.stat(ref)
        except OSError as e:
            await p.die(f"failed to get attributes of {quoteaf(ref)}", e)
            return 1
        o.changes = [ModeChange("=", "", 0o7777, st.st_mode & 0o7777, 0o7777)]
    o.umask = await p.libc.umask(0)
    await p.libc.umask(o.umask)
    ok = True
    for path in args:
        ok = await _chmod_one(p, o, path) and ok
    return 0 if ok else 1
