"""swapon: enable devices and files for paging and swapping (models util-linux 2.38.1
sys-utils/swapon.c).

Before swapon(2) it checks the file itself, as util-linux does: permissions and owner
warnings, holes (st_blocks against st_size), and a swap signature in the first 64 KiB.
-s and --show read /proc/swaps and print util-linux's own layouts (swaptable.py).

swapsh specifics: LABEL=/UUID= specs and -L/-U are resolved by probing the swap files
listed in /etc/fstab (swapsh has no block devices or udev links); --fixpgsz runs
/sbin/mkswap as util-linux does; discard flags are passed to a kernel that ignores them
(2.6.25 rejects nothing here).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from swapsh.syscalls.abi import O_RDONLY, SWAP_FLAG_PREFER, SWAP_FLAG_PRIO_MASK
from swapsh.userland.getopt import NO, OPTIONAL, REQUIRED, GetoptError, LongOpt, getopt_long
from swapsh.userland.libc import WEXITSTATUS, WIFEXITED, Libc
from swapsh.userland.registry import program
from swapsh.userland.util_linux.common import (
    SwapHeaderInfo,
    UlExit,
    errtryhelp,
    errx,
    exclusive_options,
    fstab_swaps,
    get_swaps,
    print_version,
    probe_swap_header,
    read_file,
    realpath,
    str2num_or_err,
    warn,
    warnx,
)
from swapsh.userland.util_linux.swaptable import COLUMNS, format_summary, format_table

__all__ = ["main"]

SYSTEM_PAGESIZE = 4096
MAX_PAGESIZE = 64 * 1024
SWAP_FLAG_DISCARD, SWAP_FLAG_DISCARD_ONCE, SWAP_FLAG_DISCARD_PAGES = 0x10000, 0x20000, 0x40000
S_IFMT, S_IFREG, S_IFBLK = 0o170000, 0o100000, 0o060000

LONGOPTS = [
    LongOpt("priority", REQUIRED, "p"),
    LongOpt("discard", OPTIONAL, "d"),
    LongOpt("ifexists", NO, "e"),
    LongOpt("options", OPTIONAL, "o"),
    LongOpt("summary", NO, "s"),
    LongOpt("fixpgsz", NO, "f"),
    LongOpt("all", NO, "a"),
    LongOpt("help", NO, "h"),
    LongOpt("verbose", NO, "v"),
    LongOpt("version", NO, "V"),
    LongOpt("show", OPTIONAL),
    LongOpt("output-all", NO),
    LongOpt("noheadings", NO),
    LongOpt("raw", NO),
    LongOpt("bytes", NO),
]
LONGNAMES = {
    "a": "all",
    "o": "options",
    "s": "summary",
    "show": "show",
    "bytes": "bytes",
    "noheadings": "noheadings",
    "raw": "raw",
}
EXCLUSIVE = [
    ("a", "o", "s", "show"),
    ("a", "o", "bytes"),
    ("a", "o", "noheadings"),
    ("a", "o", "raw"),
]

USAGE = (
    """
Usage:
 swapon [options] [<spec>]

Enable devices and files for paging and swapping.

Options:
 -a, --all                enable all swaps from /etc/fstab
 -d, --discard[=<policy>] enable swap discards, if supported by device
 -e, --ifexists           silently skip devices that do not exist
 -f, --fixpgsz            reinitialize the swap space if necessary
 -o, --options <list>     comma-separated list of swap options
 -p, --priority <prio>    specify the priority of the swap device
 -s, --summary            display summary about used swap devices (DEPRECATED)
     --show[=<columns>]   display summary in definable table
     --noheadings         don't print table heading (with --show)
     --raw                use the raw output format (with --show)
     --bytes              display swap size in bytes in --show output
 -v, --verbose            verbose mode

 -h, --help               display this help
 -V, --version            display version

The <spec> parameter:
 -L <label>             synonym for LABEL=<label>
 -U <uuid>              synonym for UUID=<uuid>
 LABEL=<label>          specifies device by swap area label
 UUID=<uuid>            specifies device by swap area UUID
 PARTLABEL=<label>      specifies device by partition label
 PARTUUID=<uuid>        specifies device by partition UUID
 <device>               name of device to be used
 <file>                 name of file to be used

Available discard policy types (for --discard):
 once    : only single-time area discards are issued
 pages   : freed pages are discarded before they are reused
If no policy is selected, both discard types are enabled (default).

Available output columns:
"""
    + "".join(f" {c.name:<5}  {c.help}\n" for c in COLUMNS.values())
    + """
For more details see swapon(8).
"""
)


@dataclass(slots=True)
class SwapProp:
    """struct swap_prop: per-device settings."""

    discard: int = 0
    priority: int = -1
    no_fail: bool = False


@dataclass(slots=True)
class SwaponCtl:
    """struct swapon_ctl."""

    props: SwapProp = field(default_factory=SwapProp)
    columns: list[str] = field(default_factory=list)
    tags: list[tuple[str, str]] = field(default_factory=list)  # -L / -U
    options: str | None = None
    all: bool = False
    in_bytes: bool = False
    fix_page_size: bool = False
    no_heading: bool = False
    raw: bool = False
    show: bool = False
    verbose: bool = False


async def _read_header(libc: Libc, path: str) -> SwapHeaderInfo | None:
    try:
        return probe_swap_header(await read_file(libc, path, MAX_PAGESIZE))
    except OSError:
        return None


async def _show(libc: Libc, ctl: SwaponCtl, summary: bool) -> int:
    swaps = await get_swaps(libc)
    if swaps is None:
        return -1
    if summary:
        await libc.out(format_summary(swaps))
        return 0
    cols = ctl.columns or ["NAME", "TYPE", "SIZE", "USED", "PRIO"]
    headers: list[SwapHeaderInfo | None] = []
    for s in swaps:
        need = "UUID" in cols or "LABEL" in cols
        headers.append(await _read_header(libc, s.source) if need else None)
    await libc.out(
        format_table(
            swaps, headers, cols, in_bytes=ctl.in_bytes, raw=ctl.raw, noheadings=ctl.no_heading
        )
    )
    return 0


async def _checks(libc: Libc, ctl: SwaponCtl, path: str) -> SwapHeaderInfo | None:
    """swapon_checks(): None (after a message) when the area must be skipped."""
    try:
        fd = await libc.open(path, O_RDONLY)
    except OSError as e:
        await warn(libc, f"cannot open {path}", e)
        return None
    try:
        st = await libc.fstat(fd)
        mask = 0o7007 if st.st_mode & S_IFMT == S_IFBLK else 0o7077
        if st.st_mode & mask:
            await warnx(
                libc,
                f"{path}: insecure permissions {st.st_mode & 0o7777:04o}, "
                f"{~mask & 0o666:04o} suggested.",
            )
        is_reg = st.st_mode & S_IFMT == S_IFREG
        if is_reg and st.st_uid != 0:
            await warnx(libc, f"{path}: insecure file owner {st.st_uid}, 0 (root) suggested.")
        if is_reg and st.st_blocks * 512 < st.st_size:
            await warnx(libc, f"{path}: skipping - it appears to have holes.")
            return None
        try:
            buf = await libc.read(fd, MAX_PAGESIZE)
        except OSError:
            buf = b""
        hdr = probe_swap_header(buf)
        if hdr is None:
            await warnx(libc, f"{path}: read swap header failed")
            return None
        devsize = st.st_size if is_reg else 0
        return await _check_header(libc, ctl, path, hdr, devsize)
    finally:
        await libc.close(fd)


async def _check_header(
    libc: Libc, ctl: SwaponCtl, path: str, hdr: SwapHeaderInfo, devsize: int
) -> SwapHeaderInfo | None:
    sig = "suspend" if hdr.suspend else "swap"
    if ctl.verbose:
        await warnx(libc, f"{path}: found signature [pagesize={hdr.pagesize}, signature={sig}]")
    if hdr.suspend:
        await warnx(libc, f"{path}: software suspend data detected. Rewriting the swap signature.")
        return hdr
    last = (
        hdr.last_page
        if hdr.version == 1
        else int.from_bytes(hdr.last_page.to_bytes(4, "little"), "big")
        if int.from_bytes(hdr.version.to_bytes(4, "little"), "big") == 1
        else 0
    )
    swapsize = (last + 1) * hdr.pagesize
    if ctl.verbose:
        await warnx(
            libc, f"{path}: pagesize={hdr.pagesize}, swapsize={swapsize}, devsize={devsize}"
        )
    if swapsize > devsize:
        if ctl.verbose:
            await warnx(
                libc, f"{path}: last_page 0x{swapsize:08x} is larger than actual size of swapspace"
            )
    elif hdr.pagesize != SYSTEM_PAGESIZE:
        if not ctl.fix_page_size:
            await warnx(
                libc,
                f"{path}: swap format pagesize does not match. (Use --fixpgsz to reinitialize it.)",
            )
        else:
            await warnx(libc, f"{path}: swap format pagesize does not match.")
            if not await _reinitialize(libc, path, hdr):
                return None
    return hdr


async def _reinitialize(libc: Libc, path: str, hdr: SwapHeaderInfo) -> bool:
    """swap_reinitialize(): run mkswap with the old label and UUID."""
    await warnx(libc, f"{path}: reinitializing the swap.")
    cmd = ["mkswap"]
    if hdr.label:
        cmd += ["-L", hdr.label]
    if hdr.uuid:
        cmd += ["-U", hdr.uuid]
    cmd.append(path)

    async def child(c: Libc) -> int:
        try:
            await c.execve("/sbin/mkswap", cmd, c.environ)
        except OSError as e:
            await c.err(f"swapon: failed to execute mkswap: {e.strerror}\n")
        return 127

    pid = await libc.fork(child)
    _, status = await libc.waitpid(pid)
    return WIFEXITED(status) and WEXITSTATUS(status) == 0


async def do_swapon(libc: Libc, ctl: SwaponCtl, prop: SwapProp, spec: str, canonic: bool) -> int:
    """Checks, then swapon(2). Returns 0 or -1."""
    path = spec if canonic else await _resolve_spec(libc, spec)
    if path is None:
        await warnx(libc, f"cannot find the device for {spec}")
        return -1
    if await _checks(libc, ctl, path) is None:
        return -1
    flags = 0
    if prop.priority >= 0:
        flags = SWAP_FLAG_PREFER | (min(prop.priority, SWAP_FLAG_PRIO_MASK) & SWAP_FLAG_PRIO_MASK)
    d = prop.discard
    if d and not d & ~(SWAP_FLAG_DISCARD | SWAP_FLAG_DISCARD_ONCE | SWAP_FLAG_DISCARD_PAGES):
        both = d & SWAP_FLAG_DISCARD_ONCE and d & SWAP_FLAG_DISCARD_PAGES
        flags |= SWAP_FLAG_DISCARD if both else d
    if ctl.verbose:
        await libc.out(f"swapon {path}\n")
    try:
        await libc.swapon(path, flags)
    except OSError as e:
        await warn(libc, f"{path}: swapon failed", e)
        return -1
    return 0


async def _resolve_spec(libc: Libc, spec: str) -> str | None:
    """mnt_resolve_spec(): a path is canonicalized (kept as given if that fails);
    LABEL=/UUID= are looked up among the swap files named in /etc/fstab."""
    tag, eq, value = spec.partition("=")
    if eq and tag in ("LABEL", "UUID"):
        return await _resolve_tag(libc, tag, value)
    return await realpath(libc, spec) or spec


async def _resolve_tag(libc: Libc, tag: str, value: str) -> str | None:
    for source, _opts in await fstab_swaps(libc):
        if source.startswith(("LABEL=", "UUID=")):
            continue
        hdr = await _read_header(libc, source)
        if hdr is not None and (hdr.label if tag == "LABEL" else hdr.uuid) == value:
            return await realpath(libc, source) or source
    return None


def parse_options(prop: SwapProp, options: str) -> None:
    """-o / fstab options: nofail, discard[=once|pages], pri=N."""
    for opt in options.split(","):
        name, eq, arg = opt.partition("=")
        if name == "nofail":
            prop.no_fail = True
        elif name == "discard":
            prop.discard |= SWAP_FLAG_DISCARD
            if eq and "once".startswith(arg):
                prop.discard |= SWAP_FLAG_DISCARD_ONCE
            if eq and "pages".startswith(arg):
                prop.discard |= SWAP_FLAG_DISCARD_PAGES
        elif name == "pri" and eq:
            digits = arg.lstrip("+-")
            end = len(digits) - len(digits.lstrip("0123456789"))
            if end:
                n = int(arg[: len(arg) - len(digits) + end])
                prop.priority = n


async def swapon_all(libc: Libc, ctl: SwaponCtl) -> int:
    """swapon -a: every swap line of /etc/fstab not marked noauto and not yet active."""
    status = 0
    for source, opts in await fstab_swaps(libc):
        if "noauto" in opts.split(","):
            if ctl.verbose:
                await warnx(libc, f"{source}: noauto option -- ignored")
            continue
        prop = SwapProp(ctl.props.discard, ctl.props.priority, ctl.props.no_fail)
        parse_options(prop, opts)
        device = await _resolve_spec(libc, source)
        if device is None:
            if not prop.no_fail:
                await warnx(libc, f"cannot find the device for {source}")
                status = -1
            continue
        active = await get_swaps(libc) or []
        if any(s.source == device for s in active):
            if ctl.verbose:
                await warnx(libc, f"{device}: already active -- ignored")
            continue
        status |= await do_swapon(libc, ctl, prop, device, True)
    return status


# the options that only switch a SwaponCtl flag on
_SWITCHES = {
    "a": "all",
    "f": "fix_page_size",
    "v": "verbose",
    "noheadings": "no_heading",
    "raw": "raw",
    "bytes": "in_bytes",
}


async def _apply(libc: Libc, ctl: SwaponCtl, key: str, val: str | None) -> int | None:
    """One option. Returns an exit status when the option ends the program (-s)."""
    if key in _SWITCHES:
        setattr(ctl, _SWITCHES[key], True)
    elif key == "e":
        ctl.props.no_fail = True
    elif key == "o":
        ctl.options = val
    elif key == "p":
        ctl.props.priority = await str2num_or_err(
            libc, val or "", "failed to parse priority", -32768, 32767
        )
    elif key in ("L", "U"):
        ctl.tags.append(("LABEL" if key == "L" else "UUID", val or ""))
    elif key == "d":
        await _discard(libc, ctl, val)
    elif key == "s":
        return await _show(libc, ctl, summary=True)
    elif key in ("show", "output-all"):
        await _columns(libc, ctl, key, val)
    elif key == "h":
        await libc.out(USAGE)
        raise UlExit(0)
    elif key == "V":
        await print_version(libc)
    return None


async def _discard(libc: Libc, ctl: SwaponCtl, val: str | None) -> None:
    """-d / --discard[=policy]; an unknown policy is fatal once recorded."""
    ctl.props.discard |= SWAP_FLAG_DISCARD
    policy = (val or "").lstrip("=")
    if policy == "once":
        ctl.props.discard |= SWAP_FLAG_DISCARD_ONCE
    elif policy == "pages":
        ctl.props.discard |= SWAP_FLAG_DISCARD_PAGES
    elif val:
        await errx(libc, 1, f"unsupported discard policy: {policy}")


async def _columns(libc: Libc, ctl: SwaponCtl, key: str, val: str | None) -> None:
    """--show[=COLUMNS] (which turns --show on) and --output-all (every column)."""
    if key == "output-all":
        ctl.columns = list(COLUMNS)
        return
    if val is not None:
        await _set_columns(libc, ctl, val)
    ctl.show = True


async def _set_columns(libc: Libc, ctl: SwaponCtl, val: str) -> None:
    cols = []
    for name in val.split(","):
        match = [c for c in COLUMNS if c.lower() == name.lower()]
        if not match:
            await warnx(libc, f"unknown column: {name}")
            raise UlExit(1)
        cols.append(match[0])
    if len(cols) > 2 * len(COLUMNS):
        raise UlExit(1)
    ctl.columns = cols


async def _swapon(libc: Libc, argv: list[str]) -> int:
    ctl = SwaponCtl()
    try:
        opts, args = getopt_long(argv, "ahd::efo:p:svVL:U:", LONGOPTS)
    except GetoptError as e:
        await libc.err(f"swapon: {e.message}\n")
        await errtryhelp(libc, 1)
    for i, (key, val) in enumerate(opts):
        await exclusive_options(libc, [k for k, _ in opts[: i + 1]], EXCLUSIVE, LONGNAMES)
        done = await _apply(libc, ctl, key, val)
        if done is not None:
            return done
    if ctl.show or (not ctl.all and not ctl.tags and not args):
        return await _show(libc, ctl, summary=False)
    if ctl.props.no_fail and not ctl.all:
        await warnx(libc, "bad usage")
        await errtryhelp(libc, 1)
    status = await swapon_all(libc, ctl) if ctl.all else 0
    if ctl.options is not None:
        parse_options(ctl.props, ctl.options)
    for tag, value in ctl.tags:
        dev = await _resolve_tag(libc, tag, value)
        if dev is None:
            await warnx(libc, f"cannot find the device for {value}")
            status = -1
        else:
            status |= await do_swapon(libc, ctl, ctl.props, dev, True)
    for spec in args:
        status |= await do_swapon(libc, ctl, ctl.props, spec, False)
    return status & 0xFF


@program("/sbin/swapon")
async def main(libc: Libc, argv: list[str]) -> int:
    """swapon [options] [<spec>]"""
    try:
        return await _swapon(libc, argv)
    except UlExit as e:
        return e.code
    except OSError as e:
        await warn(libc, "unexpected error", e)
        return 1
