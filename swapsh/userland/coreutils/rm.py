"""rm: remove files or directories (models coreutils 9.1 src/rm.c and remove.c)."""

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
from swapsh.userland.getopt import NO, OPTIONAL, LongOpt

__all__ = ["main"]

S_IFMT, S_IFDIR = 0o170000, 0o040000
ENOENT, EISDIR, ENOTEMPTY = 2, 21, 39
LONGOPTS = [
    LongOpt("force", NO, "f"),
    LongOpt("interactive", OPTIONAL),
    LongOpt("one-file-system", NO),
    LongOpt("no-preserve-root", NO),
    LongOpt("preserve-root", OPTIONAL),
    LongOpt("recursive", NO, "r"),
    LongOpt("dir", NO, "d"),
    LongOpt("verbose", NO, "v"),
    LongOpt("help", NO),
    LongOpt("version", NO),
]
HELP = """\
Usage: {0} [OPTION]... [FILE]...
Remove (unlink) the FILE(s).

  -f, --force           ignore nonexistent files and arguments, never prompt
  -i                    prompt before every removal
  -I                    prompt once before removing more than three files, or
                          when removing recursively; less intrusive than -i,
                          while still giving protection against most mistakes
      --interactive[=WHEN]  prompt according to WHEN: never, once (-I), or
                          always (-i); without WHEN, prompt always
      --one-file-system  when removing a hierarchy recursively, skip any
                          directory that is on a file system different from
                          that of the corresponding command line argument
      --no-preserve-root  do not treat '/' specially
      --preserve-root[=all]  do not remove '/' (default);
                              with 'all', reject any command line argument
                              on a separate device from its parent
  -r, -R, --recursive   remove directories and their contents recursively
  -d, --dir             remove empty directories
  -v, --verbose         explain what is being done
"""
HELP2 = """
By default, rm does not remove directories.  Use the --recursive (-r or -R)
option to remove each listed directory, too, along with all of its contents.

To remove a file whose name starts with a '-', for example '-foo',
use one of these commands:
  {0} -- -foo

  {0} ./-foo

Note that if you use rm to remove a file, it might be possible to recover
some of its contents, given sufficient expertise and/or time.  For greater
assurance that the contents are truly unrecoverable, consider using shred(1).
"""


@dataclass
class Opts:
    force: bool = False
    recursive: bool = False
    dir: bool = False
    verbose: bool = False
    preserve_root: bool = True


async def _fail(p: Prog, o: Opts, path: str, e: OSError) -> bool:
    if not (o.force and e.errno == ENOENT):
        await p.error(f"cannot remove {quoteaf(path)}", e)
        return False
    return True


async def _remove(p: Prog, o: Opts, path: str) -> bool:
    try:
        st = await p.libc.lstat(path)
    except OSError as e:
        return await _fail(p, o, path, e)
    if st.st_mode & S_IFMT != S_IFDIR:
        return await _unlink(p, o, path)
    if not o.recursive and not o.dir:
        return await _fail(p, o, path, OSError(EISDIR, "Is a directory"))
    return await _remove_dir(p, o, path)


async def _unlink(p: Prog, o: Opts, path: str) -> bool:
    try:
        await p.libc.unlink(path)
    except OSError as e:
        return await _fail(p, o, path, e)
    if o.verbose:
        await p.libc.out(f"removed {quoteaf(path)}\n")
    return True


async def _remove_dir(p: Prog, o: Opts, path: str) -> bool:
    """-r: the entries first, then the directory if they all went; -d: an empty one."""
    libc = p.libc
    if o.recursive:
        try:
            ents = await libc.listdir(path)
        except OSError as e:
            return await _fail(p, o, path, e)
        ok = True
        for ent in ents:
            if ent.d_name not in (".", ".."):
                ok = await _remove(p, o, path.rstrip("/") + "/" + ent.d_name) and ok
        if not ok:
            return False
    try:
        await libc.rmdir(path)
    except OSError as e:
        return await _fail(p, o, path, e)
    if o.verbose:
        await libc.out(f"removed directory {quoteaf(path)}\n")
    return True


async def _refused(p: Prog, o: Opts, path: str) -> bool:
    """The command-line checks: '.', '..' and (with --preserve-root) '/'."""
    base = path.rstrip("/").rsplit("/", 1)[-1] if path.rstrip("/") else path
    if o.recursive and base in (".", ".."):
        await p.error(f"refusing to remove '.' or '..' directory: skipping {quoteaf(path)}")
        return True
    if o.recursive and o.preserve_root and path.strip("/") == "" and path.startswith("/"):
        if path == "/":
            await p.error(f"it is dangerous to operate recursively on {quoteaf(path)}")
        else:
            await p.error(
                f"it is dangerous to operate recursively on {quoteaf(path)} "
                f"(same as {quoteaf('/')})"
            )
        await p.error("use --no-preserve-root to override this failsafe")
        return True
    return False


@coreutil("/bin/rm")
async def main(p: Prog, argv: list[str]) -> int:
    """rm [OPTION]... [FILE]..."""
    opts, files = await parse_opts(p, argv, "dfirvIR", LONGOPTS)
    o = Opts()
    for k, _ in opts:
        if k == "help":
            await p.libc.out(
                HELP.format(p.name) + HELP_TAIL + HELP2.format(p.name) + help_footer("rm")
            )
            return 0
        if k == "version":
            await p.libc.out(
                version_text(
                    "rm", "Paul Rubin, David MacKenzie, Richard M. Stallman,\nand Jim Meyering"
                )
            )
            return 0
        o.force = (o.force or k == "f") and k not in ("i", "I", "interactive")
        o.recursive |= k in ("r", "R")
        o.dir |= k == "d"
        o.verbose |= k == "v"
        if k in ("no-preserve-root", "preserve-root"):
            o.preserve_root = k == "preserve-root"
    if not files:
        if o.force:
            return 0
        await p.usage_error("missing operand")
    ok = True
    for path in files:
        if await _refused(p, o, path):
            ok = False
            continue
        ok = await _remove(p, o, path) and ok
    return 0 if ok else 1
