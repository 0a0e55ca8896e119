"""swapon and swapoff on the 2.6.25 kernel with the swap namespaces patch.

Numbers derived from /proc/swaps are 2.6.25's (a file of P pages gives P-2 usable
pages; default priorities -1, -2, ...), laid out the way util-linux 2.38 prints them.
"""

from __future__ import annotations

from swapsh.userland.util_linux.common import ProcSwap, SwapHeaderInfo, parse_swaps
from swapsh.userland.util_linux.swaptable import format_summary, format_table
from tests.conftest import Session
from tests.userland.swapfile_helpers import FIXED_UUID, make_file

HEADER = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"


def _mkswap(sh: Session, path: str, mib: int, mode: int = 0o600, opts: str = "") -> None:
    make_file(sh, path, mib << 20, mode=mode)
    assert sh.run(f"mkswap {opts} {path}").status == 0


def test_seed_sequence_in_a_child_swap_namespace(sh: Session) -> None:
    r = sh.run("dd if=/dev/zero of=/s2 bs=1M count=512")
    assert r.status == 0
    assert sh.run("chmod 600 /s2").status == 0
    r = sh.run("mkswap /s2")
    assert (r.err, r.status) == ("", 0)
    uuid = bytes.fromhex(r.out.rsplit("UUID=", 1)[1].strip().replace("-", ""))
    # strings sees SWAPSPACE2 and whatever the UUID bytes make printable
    from tests.userland.test_strings import reference_strings

    header = bytearray(4096)
    header[1024:1036] = (1).to_bytes(4, "little") + (131071).to_bytes(4, "little") + bytes(4)
    header[1036:1052] = uuid
    header[4086:] = b"SWAPSPACE2"
    assert sh.run("strings /s2").out == "".join(
        s + "\n" for _, s in reference_strings(bytes(header), 4)
    )
    assert sh.run("clone64(CLONE_NEWSWAP|CLONE_NEWIPC)").status == 0
    r = sh.run("swapon /s2")
    assert (r.out, r.err, r.status) == ("", "", 0)
    assert sh.run("cat /proc/swaps").out == (
        "Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n"
        "/s2                                     file\t\t524280\t0\t-1\n"
    )
    assert (
        sh.run("swapon -s").out
        == HEADER + "/s2                                     file\t\t524280\t\t0\t\t-1\n"
    )
    assert sh.run("swapon").out == "NAME TYPE SIZE USED PRIO\n/s2  file 512M   0B   -1\n"
    r = sh.run("swapon /s2")  # a second area in a child namespace: EPERM
    assert (r.err, r.status) == ("swapon: /s2: swapon failed: Operation not permitted\n", 255)
    assert sh.run("exit").status == 0
    assert sh.run("swapon -s").out == ""


def test_checks_before_the_syscall(sh: Session) -> None:
    _mkswap(sh, "/ins", 16, mode=0o644)
    make_file(sh, "/nosig", 1 << 20)
    make_file(sh, "/empty", 0)
    make_file(sh, "/sparse", 16 << 20, sparse=True)
    sh.run("mkswap /sparse")
    cases = {
        "swapon /ins": ("swapon: /ins: insecure permissions 0644, 0600 suggested.\n", 0),
        "swapon /nosig": ("swapon: /nosig: read swap header failed\n", 255),
        "swapon /empty": ("swapon: /empty: read swap header failed\n", 255),
        "swapon /sparse": ("swapon: /sparse: skipping - it appears to have holes.\n", 255),
        "swapon /nonexist": ("swapon: cannot open /nonexist: No such file or directory\n", 255),
        "swapon /dev/null": (
            "swapon: /dev/null: insecure permissions 0666, 0600 suggested.\n"
            "swapon: /dev/null: read swap header failed\n",
            255,
        ),
        "swapon -p abc /ins": ("swapon: failed to parse priority: 'abc'\n", 1),
        "swapon -p 99999 /ins": (
            "swapon: failed to parse priority: '99999': Numerical result out of range\n",
            1,
        ),
        "swapon -z": (
            "swapon: invalid option -- 'z'\nTry 'swapon --help' for more information.\n",
            1,
        ),
    }
    for line, want in cases.items():
        r = sh.run(line)
        assert (r.err, r.status) == want, line
    r = sh.run("swapon /ins")
    assert r.err.endswith("swapon: /ins: swapon failed: Device or resource busy\n")
    assert "Adding 16376k swap on /ins.  Priority:-1 extents:1 across:16376k" in sh.run("dmesg").out


def test_priority_verbose_show_and_summary(sh: Session) -> None:
    _mkswap(sh, "/a", 16, opts=f"-U {FIXED_UUID}")
    _mkswap(sh, "/b", 32, opts="-L swap2")
    r = sh.run("swapon -v -p 5 /a")
    assert r.out == "swapon /a\n"
    assert r.err == (
        "swapon: /a: found signature [pagesize=4096, signature=swap]\n"
        "swapon: /a: pagesize=4096, swapsize=16777216, devsize=16777216\n"
    )
    assert sh.run("swapon /b").status == 0
    assert sh.run("swapon -s").out == HEADER + (
        "/a                                      file\t\t16376\t\t0\t\t5\n"
        "/b                                      file\t\t32760\t\t0\t\t-1\n"
    )
    assert sh.run("swapon --show=NAME,SIZE,PRIO,UUID,LABEL").out == (
        "NAME SIZE PRIO UUID                                 LABEL\n"
        f"/a    16M    5 {FIXED_UUID} \n"
        f"/b    32M   -1 {sh.run('swapon --show=UUID --noheadings').out.split()[1]} swap2\n"
    )
    assert sh.run("swapon --show --bytes --raw --noheadings").out == (
        "/a file 16769024 0 5\n/b file 33546240 0 -1\n"
    )
    r = sh.run("swapon --show -s")
    assert (r.err, r.status) == (
        "swapon: mutually exclusive arguments: --all --options --summary --show\n",
        1,
    )


def test_swapoff(sh: Session) -> None:
    _mkswap(sh, "/a", 16)
    _mkswap(sh, "/b", 16)
    assert sh.run("swapon /a; swapon /b").status == 0
    r = sh.run("swapoff -v /a")
    assert (r.out, r.err, r.status) == ("swapoff /a\n", "", 0)
    cases = {
        "swapoff /a": "swapoff: /a: swapoff failed: Invalid argument\n",
        "swapoff /nonexist": "swapoff: /nonexist: swapoff failed: No such file or directory\n",
        "swapoff /proc": "swapoff: /proc: swapoff failed: Is a directory\n",
    }
    for line, want in cases.items():
        assert (sh.run(line).err, sh.run("true").status) == (want, 0), line
        assert sh.run(line).status == 4
    r = sh.run("su nobody -c 'swapoff -a'")
    assert (r.err, r.status) == ("swapoff: Not superuser.\n", 16)
    assert sh.run("swapoff -a").status == 0
    assert sh.run("swapon -s").out == ""
    r = sh.run("swapoff")
    assert (r.err, r.status) == (
        "swapoff: bad usage\nTry 'swapoff --help' for more information.\n",
        16,
    )


def test_swapoff_all_sees_only_the_callers_namespace(sh: Session) -> None:
    _mkswap(sh, "/host", 16)
    _mkswap(sh, "/mine", 16)
    assert sh.run("swapon /host").status == 0
    assert sh.run("clone64(CLONE_NEWSWAP|CLONE_NEWIPC)").status == 0
    assert sh.run("swapon /mine").status == 0
    assert sh.run("swapon --show=NAME --noheadings").out == "/mine\n"
    assert sh.run("swapoff -a").status == 0
    sh.run("exit")
    assert sh.run("swapon --show=NAME --noheadings").out == "/host\n"


def test_formatters_match_util_linux_golden_numbers() -> None:
    """The golden swapon -s / --show texts, fed the modern kernel's numbers."""
    swaps = parse_swaps(
        HEADER + "/swapfile01                             file\t\t16380\t\t0"
        "\t\t-2\n/swapfile02                             file\t\t"
        "32764\t\t0\t\t5\n"
    )
    assert swaps[1] == ProcSwap("/swapfile02", "file", 32764, 0, 5)
    assert format_summary(swaps) == HEADER + (
        "/swapfile01                             file\t\t16380\t\t0\t\t-2\n"
        "/swapfile02                             file\t\t32764\t\t0\t\t5\n"
    )
    none = [None, None]
    assert format_table(swaps, none, ["NAME", "TYPE", "SIZE", "USED", "PRIO"]) == (
        "NAME        TYPE SIZE USED PRIO\n"
        "/swapfile01 file  16M   0B   -2\n"
        "/swapfile02 file  32M   0B    5\n"
    )
    assert format_table(
        swaps[:1], none[:1], ["NAME", "TYPE", "SIZE", "USED", "PRIO"], in_bytes=True
    ) == ("NAME        TYPE     SIZE USED PRIO\n/swapfile01 file 16773120    0   -2\n")
    hdrs = [
        SwapHeaderInfo(4096, False, 1, 4095, FIXED_UUID, None),
        SwapHeaderInfo(4096, False, 1, 8191, "22222222-3333-4444-5555-666666666666", "swap2"),
    ]
    assert format_table(swaps, hdrs, ["NAME", "SIZE", "USED", "PRIO", "UUID", "LABEL"]) == (
        "NAME        SIZE USED PRIO UUID                                 LABEL\n"
        f"/swapfile01  16M   0B   -2 {FIXED_UUID} \n"
        "/swapfile02  32M   0B    5 22222222-3333-4444-5555-666666666666 swap2\n"
    )
    assert (
        format_table(swaps[:1], none[:1], ["NAME", "TYPE", "SIZE", "USED", "PRIO"], raw=True)
        == "NAME TYPE SIZE USED PRIO\n/swapfile01 file 16M 0B -2\n"
    )
    assert format_summary([]) == "" and format_table([], [], ["NAME"]) == ""
