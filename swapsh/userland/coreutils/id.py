"""id: print real and effective user and group IDs (models coreutils 9.1 src/id.c).

Names come from /etc/passwd and /etc/group, read through libc as glibc's NSS "files"
backend would; a user's supplementary groups are the group lines listing them.
"""

from __future__ import annotations

from swapsh.userland.coreutils.common import (
    HELP_TAIL,
    Prog,
    coreutil,
    help_footer,
    parse_opts,
    read_id_db,
    version_text,
)
from swapsh.userland.getopt import NO, LongOpt

__all__ = ["main"]

LONGOPTS = [
    LongOpt("context", NO, "Z"),
    LongOpt("group", NO, "g"),
    LongOpt("groups", NO, "G"),
    LongOpt("name", NO, "n"),
    LongOpt("real", NO, "r"),
    LongOpt("user", NO, "u"),
    LongOpt("zero", NO, "z"),
    LongOpt("help", NO),
    LongOpt("version", NO),
]
HELP = """\
Usage: {0} [OPTION]... [USER]...
Print user and group information for each specified USER,
or (when USER omitted) for the current process.

  -a             ignore, for compatibility with other versions
  -Z, --context  print only the security context of the process
  -g, --group    print only the effective group ID
  -G, --groups   print all group IDs
  -n, --name     print a name instead a number, for -ugG
  -r, --real     print the real ID instead of the effective ID, with -ugG
  -u, --user     print only the effective user ID
  -z, --zero     delimit entries with NUL characters, not whitespace;
                   not permitted in default format
"""
HELP2 = """
Without any OPTION, print some useful set of identified information.
"""


class Db:
    """The passwd and group files."""

    def __init__(self, passwd: list[list[str]], group: list[list[str]]) -> None:
        self.passwd = [r for r in passwd if len(r) >= 4]
        self.group = [r for r in group if len(r) >= 3]

    def user_by_name(self, name: str) -> list[str] | None:
        return next((r for r in self.passwd if r[0] == name), None)

    def user_name(self, uid: int) -> str | None:
        return next((r[0] for r in self.passwd if r[2] == str(uid)), None)

    def group_name(self, gid: int) -> str | None:
        return next((r[0] for r in self.group if r[2] == str(gid)), None)

    def groups_of(self, name: str, gid: int) -> list[int]:
        """getgrouplist(): the primary group, then each group listing the user."""
        out = [gid]
        for r in self.group:
            members = r[3].split(",") if len(r) > 3 else []
            if name in members and r[2].isdigit() and int(r[2]) not in out:
                out.append(int(r[2]))
        return out


def _name(n: int, name: str | None) -> str:
    return f"{n}({name})" if name is not None else str(n)


async def _ids(p: Prog, db: Db, users: list[str]) -> tuple[int, int, int, int, list[int]] | None:
    """(ruid, euid, rgid, egid, groups) of the named user, or of this process."""
    if users:
        r = db.user_by_name(users[0])
        if r is None and users[0].isdigit():
            r = next((x for x in db.passwd if x[2] == users[0]), None)
        if r is None or not r[2].isdigit() or not r[3].isdigit():
            await p.error(f"{p.quote(users[0])}: no such user")
            return None
        uid, gid = int(r[2]), int(r[3])
        return uid, uid, gid, gid, db.groups_of(r[0], gid)
    ruid, euid, _ = await p.libc.getresuid()
    rgid, egid, _ = await p.libc.getresgid()
    groups = list(await p.libc.getgroups())
    if egid not in groups:
        groups.insert(0, egid)
    else:
        groups.remove(egid)
        groups.insert(0, egid)
    return ruid, euid, rgid, egid, groups


def _default_format(db: Db, ruid: int, euid: int, rgid: int, egid: int, groups: list[int]) -> str:
    s = f"uid={_name(ruid, db.user_name(ruid))} gid={_name(rgid, db.group_name(rgid))}"
    if euid != ruid:
        s += f" euid={_name(euid, db.user_name(euid))}"
    if egid != rgid:
        s += f" egid={_name(egid, db.group_name(egid))}"
    if groups:
        s += " groups=" + ",".join(_name(g, db.group_name(g)) for g in groups)
    return s


@coreutil("/usr/bin/id")
async def main(p: Prog, argv: list[str]) -> int:
    """id [OPTION]... [USER]..."""
    opts, users = await parse_opts(p, argv, "agnruzGZ", LONGOPTS)
    flags: set[str] = set()
    for o, _ in opts:
        if o == "help":
            await p.libc.out(HELP.format(p.name) + HELP_TAIL + HELP2 + help_footer("id"))
            return 0
        if o == "version":
            await p.libc.out(version_text("id", "Arnold Robbins and David MacKenzie"))
            return 0
        flags.add(o)
    only = flags & {"u", "g", "G", "Z"}
    if len(only) > 1:
        await p.die('cannot print "only" of more than one choice')
    if "Z" in flags:
        await p.die("--context (-Z) works only on an SELinux-enabled kernel")
    if not only and flags & {"n", "r"}:
        await p.die("cannot print only names or real IDs in default format")
    if not only and "z" in flags:
        await p.die("option --zero not permitted in default format")
    db = Db(await read_id_db(p.libc, "/etc/passwd"), await read_id_db(p.libc, "/etc/group"))
    ids = await _ids(p, db, users[:1])
    if ids is None:
        return 1
    ruid, euid, rgid, egid, groups = ids
    real, names = "r" in flags, "n" in flags
    end = "\0" if "z" in flags else "\n"
    if "u" in flags:
        uid = ruid if real else euid
        await p.libc.out((db.user_name(uid) or str(uid) if names else str(uid)) + end)
    elif "g" in flags:
        gid = rgid if real else egid
        await p.libc.out((db.group_name(gid) or str(gid) if names else str(gid)) + end)
    elif "G" in flags:
        sep = "\0" if "z" in flags else " "
        words = [(db.group_name(g) or str(g)) if names else str(g) for g in groups]
        await p.libc.out(sep.join(words) + end)
    else:
        await p.libc.out(_default_format(db, ruid, euid, rgid, egid, groups) + "\n")
    return 0
