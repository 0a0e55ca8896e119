"""swapoff: disable devices and files for paging and swapping (models util-linux 2.38.1
sys-utils/swapoff.c).

-a turns off every area in /proc/swaps as the caller sees it (with the patch: the
areas of the caller's swap namespace), last first, then quietly the swap lines of
/etc/fstab that are not active. LABEL=/UUID= are found by probing the swap files
listed in /proc/swaps, as util-linux does for regular files.
"""

from __future__ import annotations

from swapsh.userland.getopt import NO, REQUIRED, GetoptError, LongOpt, getopt_long
from swapsh.userland.libc import Libc
from swapsh.userland.registry import program
from swapsh.userland.util_linux.common import (
    UlExit,
    errtryhelp,
    errx,
    fstab_swaps,
    get_swaps,
    print_version,
    probe_swap_header,
    read_file,
    realpath,
    warn,
    warnx,
)

__all__ = ["main"]

EPERM, ENOMEM = 1, 12
SWAPOFF_EX_OK, SWAPOFF_EX_ENOMEM, SWAPOFF_EX_FAILURE = 0, 2, 4
SWAPOFF_EX_SYSERR, SWAPOFF_EX_USAGE, SWAPOFF_EX_ALLERR, SWAPOFF_EX_SOMEOK = 8, 16, 32, 64

LONGOPTS = [
    LongOpt("all", NO, "a"),
    LongOpt("help", NO, "h"),
    LongOpt("verbose", NO, "v"),
    LongOpt("version", NO, "V"),
    LongOpt("label", REQUIRED, "L"),
    LongOpt("uuid", REQUIRED, "U"),
]

USAGE = """
Usage:
 swapoff [options] [<spec>]

Disable devices and files for paging and swapping.

Options:
 -a, --all              disable all swaps from /proc/swaps
 -v, --verbose          verbose mode

 -h, --help             display this help
 -V, --version          display version

The <spec> parameter:
 -L <label>             LABEL of device to be used
 -U <uuid>              UUID of device to be used
 LABEL=<label>          LABEL of device to be used
 UUID=<uuid>            UUID of device to be used
 <device>               name of device to be used
 <file>                 name of file to be used

For more details see swapoff(8).
"""


async def _resolve_tag(libc: Libc, tag: str, value: str) -> str | None:
    """swapoff_resolve_tag(): probe the regular files of /proc/swaps, last first."""
    for s in reversed(await get_swaps(libc) or []):
        if s.type != "file":
            continue
        try:
            hdr = probe_swap_header(await read_file(libc, s.source, 0x10000))
        except OSError:
            continue
        if hdr is not None and (hdr.label if tag == "LABEL" else hdr.uuid) == value:
            return s.source
    return None


async def do_swapoff(libc: Libc, orig: str, quiet: bool, canonic: bool, verbose: bool) -> int:
    """swapoff(2) on one spec. EPERM ends the program with "Not superuser."."""
    if verbose:
        await libc.out(f"swapoff {orig}\n")
    special = orig
    if not canonic:
        tag, eq, value = orig.partition("=")
        if eq and tag in ("LABEL", "UUID"):
            found = await _resolve_tag(libc, tag, value)
        else:
            found = await realpath(libc, orig) or orig
        if found is None:
            await warnx(libc, f"cannot find the device for {orig}")
            return -1
        special = found
    try:
        await libc.swapoff(special)
    except OSError as e:
        if e.errno == EPERM:
            await errx(libc, SWAPOFF_EX_USAGE, "Not superuser.")
        if e.errno == ENOMEM:
            await warn(libc, f"{orig}: swapoff failed", e)
            return SWAPOFF_EX_ENOMEM
        if not quiet:
            await warn(libc, f"{orig}: swapoff failed", e)
        return SWAPOFF_EX_FAILURE
    return SWAPOFF_EX_OK


async def swapoff_all(libc: Libc, verbose: bool) -> int:
    nerrs = nsucc = 0
    swaps = await get_swaps(libc) or []
    for s in reversed(swaps):
        if await do_swapoff(libc, s.source, True, True, verbose) == SWAPOFF_EX_OK:
            nsucc += 1
        else:
            nerrs += 1
    active = {s.source for s in await get_swaps(libc) or []}
    for source, _opts in await fstab_swaps(libc):
        if source not in active:
            await do_swapoff(libc, source, True, False, verbose)
    if nerrs == 0:
        return SWAPOFF_EX_OK
    return SWAPOFF_EX_ALLERR if nsucc == 0 else SWAPOFF_EX_SOMEOK


async def _swapoff_tags(libc: Libc, tags: list[tuple[str, str]], verbose: bool) -> int:
    """swapoff -L LABEL / -U UUID, each looked up among the fstab swap files."""
    status = 0
    for tag, value in tags:
        dev = await _resolve_tag(libc, tag, value)
        if dev is None:
            await warnx(libc, f"cannot find the device for {value}")
            status |= -1
        else:
            status |= await do_swapoff(libc, dev, False, True, verbose)
    return status


async def _swapoff(libc: Libc, argv: list[str]) -> int:
    try:
        opts, args = getopt_long(argv, "ahvVL:U:", LONGOPTS)
    except GetoptError as e:
        await libc.err(f"swapoff: {e.message}\n")
        await errtryhelp(libc, SWAPOFF_EX_USAGE)
    all_, verbose, tags = False, False, []
    for key, val in opts:
        if key == "a":
            all_ = True
        elif key == "v":
            verbose = True
        elif key in ("L", "U"):
            tags.append(("LABEL" if key == "L" else "UUID", val or ""))
        elif key == "h":
            await libc.out(USAGE)
            return SWAPOFF_EX_OK
        elif key == "V":
            await print_version(libc)
    if not all_ and not tags and not args:
        await warnx(libc, "bad usage")
        await errtryhelp(libc, SWAPOFF_EX_USAGE)
    status = await _swapoff_tags(libc, tags, verbose)
    for spec in args:
        status |= await do_swapoff(libc, spec, False, False, verbose)
    if all_:
        status |= await swapoff_all(libc, verbose)
    return status & 0xFF


@program("/sbin/swapoff")
async def main(libc: Libc, argv: list[str]) -> int:
    """swapoff [options] [<spec>]"""
    try:
        return await _swapoff(libc, argv)
    except UlExit as e:
        return e.code
    except OSError as e:
        await warn(libc, "unexpected error", e)
        return SWAPOFF_EX_SYSERR
