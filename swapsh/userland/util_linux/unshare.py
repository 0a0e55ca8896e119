"""unshare: run a program with some namespaces unshared from the parent (models
util-linux 2.38.1 sys-utils/unshare.c).

swapsh builds it for the patched kernel: `--swap` asks for CLONE_NEWSWAP, which
2.6.25's sys_unshare refuses with EINVAL (only clone can make a swap namespace, as
the seed's `clone64(CLONE_NEWSWAP|...)` does). Options that need kernels newer than
2.6.25 (time and cgroup namespaces, ID maps, mount propagation, --mount-proc,
binding namespace files) get the errors such a kernel gives: unshare(2) EINVAL, or
the missing /proc file.
"""

from __future__ import annotations

from dataclasses import dataclass

from swapsh.syscalls.abi import O_WRONLY, CloneFlags
from swapsh.userland.getopt import NO, OPTIONAL, REQUIRED, GetoptError, LongOpt, getopt_long
from swapsh.userland.libc import WEXITSTATUS, WIFEXITED, WIFSIGNALED, WTERMSIG, Libc
from swapsh.userland.registry import program
from swapsh.userland.util_linux.common import (
    UlExit,
    err,
    errtryhelp,
    errx,
    execvp,
    print_version,
    str2unum_or_err,
)

__all__ = ["main"]

# util-linux's own fallbacks (include/namespace.h) for flags newer than 2.6.25: the
# kernel refuses them (EINVAL), and 0x02000000 is 2.6.25's CLONE_STOPPED
CLONE_NEWCGROUP, CLONE_NEWTIME = 0x02000000, 0x00000080
ENOENT = 2
NS_FLAGS = {
    "m": CloneFlags.CLONE_NEWNS,
    "u": CloneFlags.CLONE_NEWUTS,
    "i": CloneFlags.CLONE_NEWIPC,
    "n": CloneFlags.CLONE_NEWNET,
    "p": CloneFlags.CLONE_NEWPID,
    "U": CloneFlags.CLONE_NEWUSER,
    "C": CLONE_NEWCGROUP,
    "T": CLONE_NEWTIME,
    "swap": CloneFlags.CLONE_NEWSWAP,
}

LONGOPTS = [
    LongOpt("help", NO, "h"),
    LongOpt("version", NO, "V"),
    LongOpt("mount", OPTIONAL, "m"),
    LongOpt("uts", OPTIONAL, "u"),
    LongOpt("ipc", OPTIONAL, "i"),
    LongOpt("net", OPTIONAL, "n"),
    LongOpt("pid", OPTIONAL, "p"),
    LongOpt("user", OPTIONAL, "U"),
    LongOpt("cgroup", OPTIONAL, "C"),
    LongOpt("time", OPTIONAL, "T"),
    LongOpt("swap", NO),
    LongOpt("fork", NO, "f"),
    LongOpt("kill-child", OPTIONAL),
    LongOpt("mount-proc", OPTIONAL),
    LongOpt("map-user", REQUIRED),
    LongOpt("map-users", REQUIRED),
    LongOpt("map-group", REQUIRED),
    LongOpt("map-groups", REQUIRED),
    LongOpt("map-root-user", NO, "r"),
    LongOpt("map-current-user", NO, "c"),
    LongOpt("map-auto", NO),
    LongOpt("propagation", REQUIRED),
    LongOpt("setgroups", REQUIRED),
    LongOpt("keep-caps", NO),
    LongOpt("setuid", REQUIRED, "S"),
    LongOpt("setgid", REQUIRED, "G"),
    LongOpt("root", REQUIRED, "R"),
    LongOpt("wd", REQUIRED, "w"),
    LongOpt("monotonic", REQUIRED),
    LongOpt("boottime", REQUIRED),
]

USAGE = """
Usage:
 unshare [options] [<program> [<argument>...]]

Run a program with some namespaces unshared from the parent.

Options:
 -m, --mount[=<file>]      unshare mounts namespace
 -u, --uts[=<file>]        unshare UTS namespace (hostname etc)
 -i, --ipc[=<file>]        unshare System V IPC namespace
 -n, --net[=<file>]        unshare network namespace
 -p, --pid[=<file>]        unshare pid namespace
 -U, --user[=<file>]       unshare user namespace
 -C, --cgroup[=<file>]     unshare cgroup namespace
 -T, --time[=<file>]       unshare time namespace
     --swap                unshare swap namespace (swap namespaces patch)

 -f, --fork                fork before launching <program>
 --map-user=<uid>|<name>   map current user to uid (implies --user)
 --map-group=<gid>|<name>  map current group to gid (implies --user)
 -r, --map-root-user       map current user to root (implies --user)
 -c, --map-current-user    map current user to itself (implies --user)
 --map-auto                map users and groups automatically (implies --user)
 --map-users=<outeruid>,<inneruid>,<count>
                           map count users from outeruid to inneruid (implies --user)
 --map-groups=<outergid>,<innergid>,<count>
                           map count groups from outergid to innergid (implies --user)

 --kill-child[=<signame>]  when dying, kill the forked child (implies --fork)
                             defaults to SIGKILL
 --mount-proc[=<dir>]      mount proc filesystem first (implies --mount)
 --propagation slave|shared|private|unchanged
                           modify mount propagation in mount namespace
 --setgroups allow|deny    control the setgroups syscall in user namespaces
 --keep-caps               retain capabilities granted in user namespaces

 -R, --root=<dir>          run the command with root directory set to <dir>
 -w, --wd=<dir>            change working directory to <dir>
 -S, --setuid <uid>        set uid in entered namespace
 -G, --setgid <gid>        set gid in entered namespace
 --monotonic <offset>      set clock monotonic offset (seconds) in time namespaces
 --boottime <offset>       set clock boottime offset (seconds) in time namespaces

 -h, --help                display this help
 -V, --version             display version

For more details see unshare(1).
"""


@dataclass(slots=True)
class UnshareCtl:
    flags: int = 0
    forkit: bool = False
    mapuser: int = -1
    mapgroup: int = -1
    setuid: int | None = None
    setgid: int | None = None
    newdir: str | None = None
    unsupported: str | None = None  # an option this kernel cannot honour


async def _apply(libc: Libc, ctl: UnshareCtl, key: str, val: str | None) -> None:
    if key in NS_FLAGS:
        ctl.flags |= NS_FLAGS[key]
        if val is not None:
            ctl.unsupported = ctl.unsupported or "persistent namespace files"
    elif key in ("f", "kill-child"):
        ctl.forkit = True
    elif key == "mount-proc":
        ctl.flags |= CloneFlags.CLONE_NEWNS
        ctl.unsupported = ctl.unsupported or "--mount-proc"
    elif key in ("r", "c", "map-user", "map-group", "map-users", "map-groups", "map-auto"):
        await _user_namespace(libc, ctl, root=key == "r")
    elif key in ("S", "G"):
        attr, what = ("setuid", "uid") if key == "S" else ("setgid", "gid")
        setattr(ctl, attr, await str2unum_or_err(libc, val or "", f"failed to parse {what}"))
    elif key == "w":
        ctl.newdir = val
    elif key == "R":
        ctl.unsupported = ctl.unsupported or "--root (chroot)"
    elif key in ("monotonic", "boottime"):
        await _time_offset(libc, ctl, key, val or "")
    elif key == "h":
        await libc.out(USAGE)
        raise UlExit(0)
    elif key == "V":
        await print_version(libc)


async def _user_namespace(libc: Libc, ctl: UnshareCtl, root: bool) -> None:
    """-r (map to root) and -c/--map-*: a user namespace mapping to 0 or to the
    current effective ids."""
    ctl.flags |= CloneFlags.CLONE_NEWUSER
    ids = await libc.getresuid(), await libc.getresgid()
    ctl.mapuser = 0 if root else ids[0][1]
    ctl.mapgroup = 0 if root else ids[1][1]


async def _time_offset(libc: Libc, ctl: UnshareCtl, key: str, val: str) -> None:
    """--monotonic/--boottime OFFSET: parsed, and allowed only after a time namespace
    (-T) was asked for."""
    await str2unum_or_err(libc, val, f"failed to parse {key} offset")
    if not ctl.flags & CLONE_NEWTIME:
        await errx(
            libc,
            1,
            "options --monotonic and --boottime require unsharing of a time namespace (-t)",
        )


async def _map_ids(libc: Libc, ctl: UnshareCtl) -> None:
    """The uid_map/gid_map writes of -r/-c: these /proc files appeared in 3.5."""
    for path, want in (("/proc/self/uid_map", ctl.mapuser), ("/proc/self/gid_map", ctl.mapgroup)):
        if want < 0:
            continue
        try:
            fd = await libc.open(path, O_WRONLY)
            await libc.close(fd)
        except OSError as e:
            await err(libc, 1, f"cannot open {path}", e)


async def _wait_child(libc: Libc, pid: int) -> int:
    _, status = await libc.waitpid(pid)
    if WIFEXITED(status):
        return WEXITSTATUS(status)
    if WIFSIGNALED(status):
        await libc.kill(await libc.getpid(), WTERMSIG(status))
    await errx(libc, 1, "child exit failed")


async def _exec(libc: Libc, ctl: UnshareCtl, args: list[str]) -> int:
    """The part after unshare(2): ids, directory, then the program or $SHELL."""
    await _map_ids(libc, ctl)
    if ctl.newdir is not None:
        try:
            await libc.chdir(ctl.newdir)
        except OSError as e:
            await err(libc, 1, f"cannot chdir to '{ctl.newdir}'", e)
    try:
        if ctl.setgid is not None:
            await libc.setgroups(())
            await libc.setresgid(ctl.setgid, ctl.setgid, ctl.setgid)
        if ctl.setuid is not None:
            await libc.setresuid(ctl.setuid, ctl.setuid, ctl.setuid)
    except OSError as e:
        await err(libc, 1, "setgid failed" if ctl.setuid is None else "setuid failed", e)
    if args:
        failure = await execvp(libc, args)
        await err(
            libc, 127 if failure.errno == ENOENT else 126, f"failed to execute {args[0]}", failure
        )
    shell = libc.getenv("SHELL") or "/bin/sh"
    try:
        await libc.execve(shell, ["-" + shell.rsplit("/", 1)[-1]], libc.environ)
    except OSError as e:
        await err(libc, 127 if e.errno == ENOENT else 126, f"failed to execute {shell}", e)
    return 0


async def _unshare(libc: Libc, argv: list[str]) -> int:
    ctl = UnshareCtl()
    try:
        opts, args = getopt_long(argv, "+fhVmuinpCTUrR:w:S:G:c", LONGOPTS)
    except GetoptError as e:
        await libc.err(f"unshare: {e.message}\n")
        await errtryhelp(libc, 1)
    for key, val in opts:
        await _apply(libc, ctl, key, val)
    try:
        await libc.unshare(ctl.flags)
    except OSError as e:
        await err(libc, 1, "unshare failed", e)
    if ctl.unsupported is not None:
        await errx(libc, 1, f"swapsh: {ctl.unsupported} is not supported on this kernel")
    if ctl.forkit:

        async def child(c: Libc) -> int:
            try:
                return await _exec(c, ctl, args)
            except UlExit as ex:
                return ex.code

        return await _wait_child(libc, await libc.fork(child))
    return await _exec(libc, ctl, args)


@program("/usr/bin/unshare")
async def main(libc: Libc, argv: list[str]) -> int:
    """unshare [options] [<program> [<argument>...]]"""
    try:
        return await _unshare(libc, argv)
    except UlExit as e:
        return e.code
