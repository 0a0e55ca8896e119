"""Credentials and capabilities (models include/linux/capability.h, kernel/sys.c setres*id)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum

__all__ = ["ROOT_CRED", "Cap", "Cred", "capable_cred", "cred_setresuid"]


class Cap(IntEnum):
    """Linux: include/linux/capability.h (the ones the model checks)."""

    CAP_CHOWN = 0
    CAP_DAC_OVERRIDE = 1
    CAP_DAC_READ_SEARCH = 2
    CAP_FOWNER = 3
    CAP_KILL = 5
    CAP_SETGID = 6
    CAP_SETUID = 7
    CAP_IPC_OWNER = 15
    CAP_SYS_RAWIO = 17
    CAP_SYS_ADMIN = 21
    CAP_SYS_RESOURCE = 24
    CAP_SYS_TTY_CONFIG = 26


ALL_CAPS = frozenset(Cap)


@dataclass(frozen=True, slots=True, kw_only=True)
class Cred:
    """The credential fields of 2.6.25's task_struct (uid..sgid, groups,
    cap_effective, cap_permitted)."""

    uid: int
    euid: int
    suid: int
    gid: int
    egid: int
    sgid: int
    groups: tuple[int, ...]
    cap_effective: frozenset[Cap]
    cap_permitted: frozenset[Cap] = frozenset(Cap)


ROOT_CRED = Cred(
    uid=0,
    euid=0,
    suid=0,
    gid=0,
    egid=0,
    sgid=0,
    groups=(0,),
    cap_effective=ALL_CAPS,
    cap_permitted=ALL_CAPS,
)


def capable_cred(cred: Cred, cap: Cap) -> bool:
    """Linux: capable() for a given credential set."""
    return cap in cred.cap_effective


def cred_setresuid(cred: Cred, ruid: int, euid: int, suid: int) -> Cred:
    """New credentials after setresuid() (Linux: cap_task_post_setuid, without
    SECURE_NO_SETUID_FIXUP): leaving uid 0 in all three ids drops the permitted and
    effective sets; an euid leaving 0 drops the effective set; an euid coming back to
    0 gets the permitted set back as effective (seteuid(nobody) then seteuid(0))."""
    eff, perm = cred.cap_effective, cred.cap_permitted
    was_root = 0 in (cred.uid, cred.euid, cred.suid)
    if was_root and 0 not in (ruid, euid, suid):
        eff = perm = frozenset()
    if cred.euid == 0 and euid != 0:
        eff = frozenset()
    elif cred.euid != 0 and euid == 0:
        eff = perm
    return replace(cred, uid=ruid, euid=euid, suid=suid, cap_effective=eff, cap_permitted=perm)
