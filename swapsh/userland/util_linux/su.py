"""su: run a shell with substitute user and group IDs (models util-linux 2.38.1
login-utils/su-common.c).

`su [-] [-s SHELL] [-c CMD] [USER]` looks USER (default root) up in /etc/passwd and
/etc/group, sets the groups, gid and uid, prepares the environment and execs the
shell, as `su` does after PAM.

swapsh specifics: there are no passwords and no PAM; root may become anyone, any
other caller gets "Authentication failure" (what su prints after a wrong password).
su execs the shell directly instead of waiting for it in a session parent, so the
shell gets su's pid.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from swapsh.userland.getopt import NO, REQUIRED, GetoptError, LongOpt, getopt_long
from swapsh.userland.libc import Libc
from swapsh.userland.registry import program
from swapsh.userland.util_linux.common import (
    UlExit,
    err,
    errtryhelp,
    errx,
    getgrnam,
    getpwnam,
    print_version,
    read_file,
    warn,
)

__all__ = ["main"]

ENOENT = 2
DEFAULT_SHELL = "/bin/sh"
ENV_PATH = "/usr/local/bin:/usr/bin:/bin"
ENV_SUPATH = "/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin"

LONGOPTS = [
    LongOpt("command", REQUIRED, "c"),
    LongOpt("session-command", REQUIRED),
    LongOpt("fast", NO, "f"),
    LongOpt("login", NO, "l"),
    LongOpt("preserve-environment", NO, "p"),
    LongOpt("shell", REQUIRED, "s"),
    LongOpt("group", REQUIRED, "g"),
    LongOpt("supp-group", REQUIRED, "G"),
    LongOpt("pty", NO, "P"),
    LongOpt("whitelist-environment", REQUIRED, "w"),
    LongOpt("help", NO, "h"),
    LongOpt("version", NO, "V"),
]

USAGE = """
Usage:
 su [options] [-] [<user> [<argument>...]]

Change the effective user ID and group ID to that of <user>.
A mere - implies -l.  If <user> is not given, root is assumed.

Options:
 -m, -p, --preserve-environment      do not reset environment variables
 -w, --whitelist-environment <list>  don't reset specified variables

 -g, --group <group>             specify the primary group
 -G, --supp-group <group>        specify a supplemental group

 -, -l, --login                  make the shell a login shell
 -c, --command <command>         pass a single command to the shell with -c
 --session-command <command>     pass a single command to the shell with -c
                                   and do not create a new session
 -f, --fast                      pass -f to the shell (for csh or tcsh)
 -s, --shell <shell>             run <shell> if /etc/shells allows it
 -P, --pty                       create a new pseudo-terminal

 -h, --help                      display this help
 -V, --version                   display version

For more details see su(1).
"""


@dataclass(slots=True)
class SuCtl:
    login: bool = False
    same_env: bool = False
    fast: bool = False
    command: str | None = None
    shell: str | None = None
    group: str | None = None
    supp_groups: list[str] = field(default_factory=list)
    keep: set[str] = field(default_factory=set)


async def _apply(libc: Libc, ctl: SuCtl, key: str, val: str) -> None:
    if key in ("c", "session-command"):
        ctl.command = val
    elif key == "f":
        ctl.fast = True
    elif key == "l":
        ctl.login = True
    elif key in ("m", "p"):
        ctl.same_env = True
    elif key == "s":
        ctl.shell = val
    elif key == "g":
        ctl.group = val
    elif key == "G":
        ctl.supp_groups.append(val)
    elif key == "w":
        ctl.keep |= set(val.split(","))
    elif key == "h":
        await libc.out(USAGE)
        raise UlExit(0)
    elif key == "V":
        await print_version(libc)


async def _groups_of(libc: Libc, user: str, gid: int) -> tuple[int, ...]:
    """initgroups(): gid plus every group of /etc/group listing user."""
    groups = [gid]
    try:
        text = (await read_file(libc, "/etc/group")).decode("utf-8", "surrogateescape")
    except OSError:
        return tuple(groups)
    for line in text.split("\n"):
        f = line.split(":")
        if len(f) >= 4 and f[2].isdigit() and user in f[3].split(",") and int(f[2]) not in groups:
            groups.append(int(f[2]))
    return tuple(groups)


async def _group_id(libc: Libc, name: str) -> int:
    g = await getgrnam(libc, name)
    if g is None:
        await errx(libc, 1, f"group {name} does not exist")
    return int(g[2])


async def _switch_ids(libc: Libc, ctl: SuCtl, pw: list[str]) -> None:
    uid, gid = int(pw[2]), int(pw[3])
    if ctl.group is not None:
        gid = await _group_id(libc, ctl.group)
    groups = await _groups_of(libc, pw[0], gid)
    for name in ctl.supp_groups:
        groups += (await _group_id(libc, name),)
    try:
        await libc.setgroups(groups)
    except OSError as e:
        await err(libc, 1, "cannot set groups", e)
    try:
        await libc.setresgid(gid, gid, gid)
    except OSError as e:
        await err(libc, 1, "cannot set group id", e)
    try:
        await libc.setresuid(uid, uid, uid)
    except OSError as e:
        await err(libc, 1, "cannot set user id", e)


def _environment(libc: Libc, ctl: SuCtl, pw: list[str], shell: str) -> dict[str, str]:
    """modify_environment(): what the shell starts with."""
    env = dict(libc.environ)
    if ctl.same_env:
        return env
    if ctl.login:
        kept = {k: v for k, v in env.items() if k in ctl.keep or k == "TERM"}
        env = kept
        env["PATH"] = ENV_SUPATH if pw[2] == "0" else ENV_PATH
    env["HOME"], env["SHELL"] = pw[5], shell
    if ctl.login or pw[2] != "0":
        env["USER"] = env["LOGNAME"] = pw[0]
    return env


async def _su(libc: Libc, argv: list[str]) -> int:
    ctl = SuCtl()
    try:
        opts, args = getopt_long(argv, "c:fg:G:lmpPs:hVw:", LONGOPTS)
    except GetoptError as e:
        await libc.err(f"su: {e.message}\n")
        await errtryhelp(libc, 1)
    for key, val in opts:
        await _apply(libc, ctl, key, val or "")
    if args and args[0] == "-":  # a mere "-" implies -l
        ctl.login = True
        args.pop(0)
    user = args.pop(0) if args else "root"
    pw = await getpwnam(libc, user)
    if pw is None or pw[0] != user:
        await errx(
            libc,
            1,
            f"user {user} does not exist or the user entry does not contain "
            f"all the required fields",
        )
    ruid = (await libc.getresuid())[0]
    if ruid != 0:
        await libc.err("su: Authentication failure\n")
        return 1
    if (ctl.group or ctl.supp_groups) and ruid != 0:
        await errx(libc, 1, "only root can specify alternative groups")
    shell = ctl.shell or pw[6] or DEFAULT_SHELL
    await _switch_ids(libc, ctl, pw)
    env = _environment(libc, ctl, pw, shell)
    if ctl.login:
        try:
            await libc.chdir(pw[5])
        except OSError as e:
            await warn(libc, f"warning: cannot change directory to {pw[5]}", e)
    name = shell.rsplit("/", 1)[-1]
    sh_argv = ["-" + name if ctl.login else name]
    if ctl.fast:
        sh_argv.append("-f")
    if ctl.command is not None:
        sh_argv += ["-c", ctl.command]
    sh_argv += args
    try:
        await libc.execve(shell, sh_argv, env)
    except OSError as e:
        await warn(libc, f"failed to execute {shell}", e)
        return 127 if e.errno == ENOENT else 126
    return 0


@program("/bin/su")
async def main(libc: Libc, argv: list[str]) -> int:
    """su [options] [-] [<user> [<argument>...]]"""
    try:
        return await _su(libc, argv)
    except UlExit as e:
        return e.code
