"""Symbolic and octal file modes (models gnulib modechange.c and filemode.c), shared by
chmod, mkdir and ls."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ModeChange", "filemodestring", "mode_adjust", "mode_compile"]

S_IFMT, S_IFDIR, S_IFREG, S_IFLNK = 0o170000, 0o040000, 0o100000, 0o120000
S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK = 0o020000, 0o060000, 0o010000, 0o140000
S_ISUID, S_ISGID, S_ISVTX = 0o4000, 0o2000, 0o1000
ALLM = 0o7777
_WHO = {"u": S_ISUID | 0o700, "g": S_ISGID | 0o070, "o": S_ISVTX | 0o007, "a": ALLM}
_PERM = {"r": 0o444, "w": 0o222, "x": 0o111, "s": S_ISUID | S_ISGID, "t": S_ISVTX}


@dataclass(frozen=True)
class ModeChange:
    """One clause of a mode: op in '+-=' (or '=' with mentioned=ALLM for octal)."""

    op: str
    flag: str  # '' normal, 'X' conditional execute, or 'u'/'g'/'o' copy
    affected: int  # who bits; 0 means "as umask allows"
    value: int
    mentioned: int


def mode_compile(s: str) -> list[ModeChange] | None:
    """Parse a chmod mode. Returns None if it is invalid."""
    if s and "0" <= s[0] < "8":
        if not all("0" <= c < "8" for c in s) or int(s, 8) > ALLM:
            return None
        octal = int(s, 8)
        mentioned = ALLM if len(s) >= 5 else (octal & (S_ISUID | S_ISGID)) | S_ISVTX | 0o777
        return [ModeChange("=", "", ALLM, octal, mentioned)]
    out: list[ModeChange] = []
    for clause in s.split(","):
        i, who = 0, 0
        while i < len(clause) and clause[i] in _WHO:
            who |= _WHO[clause[i]]
            i += 1
        if i >= len(clause) or clause[i] not in "+-=":
            return None
        while i < len(clause) and clause[i] in "+-=":
            op = clause[i]
            i += 1
            value, flag = 0, ""
            if i < len(clause) and clause[i] in "ugo":
                flag = clause[i]
                value = {"u": 0o700, "g": 0o070, "o": 0o007}[flag]
                i += 1
            else:
                while i < len(clause) and clause[i] in "rwxXst":
                    if clause[i] == "X":
                        flag = "X"
                    else:
                        value |= _PERM[clause[i]]
                    i += 1
            out.append(ModeChange(op, flag, who, value, who & value if who else value))
        if i != len(clause):
            return None
    return out


def mode_adjust(oldmode: int, is_dir: bool, umask: int, changes: list[ModeChange]) -> int:
    """The new permission bits after applying changes to oldmode."""
    mode = oldmode & ALLM
    for c in changes:
        omit = (S_ISUID | S_ISGID if is_dir else 0) & ~c.mentioned
        value = c.value
        if c.flag in ("u", "g", "o"):
            value &= mode
            value |= (
                (0o444 if value & 0o444 else 0)
                | (0o222 if value & 0o222 else 0)
                | (0o111 if value & 0o111 else 0)
            )
        elif c.flag == "X" and (mode & 0o111 or is_dir):
            value |= 0o111
        value &= (c.affected if c.affected else ~umask) & ~omit
        if c.op == "=":
            preserved = (~c.affected if c.affected else 0) | omit
            mode = (mode & preserved) | value
        elif c.op == "+":
            mode |= value
        else:
            mode &= ~value
    return mode & ALLM


def _ftypelet(mode: int) -> str:
    return {
        S_IFDIR: "d",
        S_IFREG: "-",
        S_IFLNK: "l",
        S_IFCHR: "c",
        S_IFBLK: "b",
        S_IFIFO: "p",
        S_IFSOCK: "s",
    }.get(mode & S_IFMT, "?")


def filemodestring(mode: int) -> str:
    """strmode(): 'drwxr-xr-x' (10 characters)."""

    def trio(r: int, w: int, x: int, special: int, lower: str) -> str:
        s = ("r" if mode & r else "-") + ("w" if mode & w else "-")
        if mode & special:
            return s + (lower if mode & x else lower.upper())
        return s + ("x" if mode & x else "-")

    return (
        _ftypelet(mode)
        + trio(0o400, 0o200, 0o100, S_ISUID, "s")
        + trio(0o040, 0o020, 0o010, S_ISGID, "s")
        + trio(0o004, 0o002, 0o001, S_ISVTX, "t")
    )
