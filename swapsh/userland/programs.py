"""Imports every program module so each registers itself, and the files userland
installs besides programs (models the distribution's packages)."""

from __future__ import annotations

import importlib
import pkgutil

import swapsh.userland as _userland
from swapsh.userland.registry import PROGRAMS

__all__ = ["ETC_FILES", "load_all"]

S_IFDIR = 0o040000

ETC_FILES: dict[str, tuple[int, bytes]] = {
    "/etc/passwd": (
        0o644,
        b"root:x:0:0:root:/root:/bin/bash\n"
        b"daemon:x:1:1:daemon:/usr/sbin:/bin/sh\n"
        b"bin:x:2:2:bin:/bin:/bin/sh\n"
        b"nobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n",
    ),
    "/etc/group": (0o644, b"root:x:0:\ndaemon:x:1:\nbin:x:2:\nnogroup:x:65534:\n"),
    "/etc/hostname": (0o644, b"swapsh\n"),
    "/etc/profile": (0o644, b"# /etc/profile: read by login shells\nexport LTPDIR=/opt/ltp\n"),
    "/root": (S_IFDIR | 0o700, b""),
    "/tmp": (S_IFDIR | 0o1777, b""),
    "/home": (S_IFDIR | 0o755, b""),
    "/opt/ltp": (S_IFDIR | 0o755, b""),
    "/opt/ltp/results": (S_IFDIR | 0o755, b""),
    "/opt/ltp/runtest/syscalls": (
        0o644,
        b"swapoff01 swapoff01\nswapoff02 swapoff02\n"
        b"swapon01 swapon01\nswapon02 swapon02\n"
        b"swapon03 swapon03\n",
    ),
    "/opt/ltp/runtest/mm": (
        0o644,
        b"#DESCRIPTION:Memory Mgmt tests\n"
        b"mem01 mem01\n"
        b"shmt02 shmt02\nshmt03 shmt03\nshmt05 shmt05\n"
        b"shmt07 shmt07\nshmt08 shmt08\nshmt09 shmt09\n"
        b"shmt10 shmt10\n",
    ),
    "/opt/ltp/runtest/crashme": (0o644, b"mem01 mem01 -r\n"),
    "/proc": (S_IFDIR | 0o555, b""),
    "/dev": (S_IFDIR | 0o755, b""),
    "/dev/shm": (S_IFDIR | 0o1777, b""),
    "/usr/local/bin": (S_IFDIR | 0o755, b""),
}


def load_all() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Import every module under swapsh.userland (each @program registers itself).

    Returns: program name -> (the module that registered it, its paths): the manifest.
    """
    found: dict[str, tuple[str, tuple[str, ...]]] = {}
    for mod in pkgutil.walk_packages(_userland.__path__, "swapsh.userland."):
        if mod.name == "swapsh.userland.manifest":
            continue
        before = set(PROGRAMS)
        importlib.import_module(mod.name)
        for name in set(PROGRAMS) - before:
            found[name] = (mod.name, PROGRAMS[name][0])
    return found
