"""dmesg over the 2.6.25 syslog buffer, unshare (with the patch's --swap), su."""

from __future__ import annotations

import re

from swapsh.userland.util_linux.dmesg import DmesgCtl, format_records
from tests.conftest import Session
from tests.userland.swapfile_helpers import make_file

BUF = (
    b"<6>[    0.000000] Linux version 2.6.25\n<4>[    1.500000] careful\n"
    b"<3>[   12.345678] Unable to find swap-space signature\n<6>[   13.000000] bell\x07\n"
)


def test_dmesg_formats_of_a_syslog_buffer() -> None:
    assert format_records(DmesgCtl(), BUF) == (
        b"[    0.000000] Linux version 2.6.25\n[    1.500000] careful\n"
        b"[   12.345678] Unable to find swap-space signature\n[   13.000000] bell\\x07\n"
    )
    assert (
        format_records(DmesgCtl(decode=True, time_fmt="none"), BUF).splitlines()[1]
        == b"kern  :warn  : careful"
    )
    assert (
        format_records(DmesgCtl(fltr_lev=True, levels={3}), BUF)
        == b"[   12.345678] Unable to find swap-space signature\n"
    )
    assert format_records(DmesgCtl(raw=True), BUF) == BUF.replace(b"\x07", b"\\x07")
    delta = format_records(DmesgCtl(time_fmt="time_delta"), BUF).splitlines()
    assert delta[1] == b"[    1.500000 <    0.000000>] careful"  # after a zero stamp
    assert delta[2] == b"[   12.345678 <   10.845678>] Unable to find swap-space signature"


def test_dmesg_on_the_machine(sh: Session) -> None:
    make_file(sh, "/nosig", 1 << 20)
    sh.run("swapoff /nosig")
    out = sh.run("dmesg").out
    assert re.match(r"\[    0\.\d{6}\] Linux version 2\.6\.25", out)
    assert sh.run("dmesg -r").out.startswith("<6>[    0.")
    assert sh.run("dmesg -x -t").out.startswith("kern  :info  : Linux version 2.6.25")
    assert re.match(r"\[\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\] Linux", sh.run("dmesg -T").out)
    cases = {
        "dmesg -n 0": ("dmesg: unknown level '0'\n", 1),
        "dmesg -l foo,info": ("dmesg: unknown level 'foo,info'\n", 1),
        "dmesg -l info,foo": ("dmesg: unknown level 'foo'\n", 1),
        "dmesg -c -C": (
            "dmesg: mutually exclusive arguments: --clear --console-off "
            "--console-on --read-clear --console-level --raw\n",
            1,
        ),
        "dmesg x": ("dmesg: bad usage\nTry 'dmesg --help' for more information.\n", 1),
        "su nobody -c 'dmesg -C'": (
            "dmesg: clear kernel buffer failed: Operation not permitted\n",
            1,
        ),
        "su nobody -c 'dmesg -n 1'": ("dmesg: klogctl failed: Operation not permitted\n", 1),
    }
    for line, want in cases.items():
        r = sh.run(line)
        assert (r.err, r.status) == want, line
    assert sh.run("dmesg -n 8").status == 0
    assert sh.run("dmesg -c").out == out
    assert sh.run("dmesg").out == ""


def test_unshare(sh: Session) -> None:
    cases = {
        "unshare --swap": ("unshare: unshare failed: Invalid argument\n", 1),
        "unshare --swap true": ("unshare: unshare failed: Invalid argument\n", 1),
        "unshare -p true": ("unshare: unshare failed: Invalid argument\n", 1),
        "unshare -i true": ("", 0),
        "unshare -i nonexistcmd": (
            "unshare: failed to execute nonexistcmd: No such file or directory\n",
            127,
        ),
        "unshare -i /tmp": ("unshare: failed to execute /tmp: Permission denied\n", 126),
        "unshare -f -u sh -c 'exit 3'": ("", 3),
        "su nobody -c 'unshare -i true'": ("unshare: unshare failed: Operation not permitted\n", 1),
        "unshare -z": (
            "unshare: invalid option -- 'z'\nTry 'unshare --help' for more information.\n",
            1,
        ),
    }
    for line, want in cases.items():
        r = sh.run(line)
        assert (r.err, r.status) == want, line
    assert sh.run("unshare -u sh -c 'echo in'").out == "in\n"
    assert sh.run("unshare --version").out == "unshare from util-linux 2.38.1\n"


def test_su_becomes_nobody_and_back_is_refused(sh: Session) -> None:
    assert sh.run("su nobody -c id").out.startswith("uid=65534(nobody) gid=65534(nogroup)")
    r = sh.run("su - nobody -c 'echo $USER $HOME $SHELL'")
    assert r.out == "nobody /nonexistent /bin/sh\n"
    assert r.err == (
        "su: warning: cannot change directory to /nonexistent: No such file or directory\n"
    )
    r = sh.run("su nobody -c 'su -c true'")
    assert (r.err, r.status) == ("su: Authentication failure\n", 1)
    r = sh.run("su nosuch")
    assert (r.err, r.status) == (
        "su: user nosuch does not exist or the user entry does not "
        "contain all the required fields\n",
        1,
    )
    r = sh.run("su -s /bin/bash nobody -c 'swapon /x'")
    assert r.err == "swapon: cannot open /x: No such file or directory\n"


# Records far in time, each line as util-linux 2.38.1's dmesg printed it on a real
# Linux (TZ=UTC, its boot time 1796427913) -- except the day of the month where
# localtime_r() failed: dmesg prints an uninitialised one there, swapsh 0.
FAR = (
    b"<6>[99999999999999.000000] hello\n<6>[999999999999999999.000000] bigger\n"
    b"<6>[9223372036854775807.000000] max\n<6>[1000000000000.004306] x\n"
)
HOST_BOOT = 1796427913


def test_dmesg_ctime_of_years_past_9999_and_past_int() -> None:
    assert format_records(DmesgCtl(time_fmt="ctime", boot_time=HOST_BOOT), FAR) == (
        b"[Mon Oct 11 09:31:52 3170900] hello\n[Sun Jan  0 01:31:52 1623969461] bigger\n"
        b"[Tue Jan  0 08:15:04 -219246473] max\n[Sun Sep  1 01:31:53 33715] x\n"
    )
    assert format_records(DmesgCtl(time_fmt="reltime", boot_time=HOST_BOOT), FAR) == (
        b"[Oct11 09:31] hello\n[Jan 0 01:31] bigger\n[Jan 0 08:15] max\n[Sep 1 01:31] x\n"
    )


def test_dmesg_iso_time_out_of_range_is_null_and_a_warning() -> None:
    ctl = DmesgCtl(time_fmt="iso", boot_time=HOST_BOOT)
    assert format_records(ctl, FAR) == (
        b"3170900-10-11T09:31:52,000000+00:00 hello\n(null) bigger\n(null) max\n"
        b"33715-09-01T01:31:53,004306+00:00 x\n"
    )
    assert ctl.out_of_range == [1000000001796427912, -9223372035058347896]


def test_dmesg_timestamps_are_parsed_with_strtol() -> None:
    buf = (
        b"<6>[99999999999999999999.000000] over\n<6>[  -5.000001] neg\n<6>[ +7.5] plus\n"
        b"<6>[12.] nodot\n<6>[12] nousec\n"
    )
    assert format_records(DmesgCtl(), buf) == (  # util-linux 2.38.1's own output
        b"[9223372036854775807.000000] 99999999999999999999.000000] over\n"
        b"[   -5.000001] neg\n[    7.000005] plus\n[   12.000000] 12.] nodot\n"
        b"[   12.000000] nousec\n"
    )


def test_dmesg_far_times_on_the_machine(sh: Session) -> None:
    sh.run("echo -ne '<6>[999999999999999999.000000] far\\n<6>[1000000000000.5] x\\n' > /tmp/k")
    r = sh.run("dmesg --time-format iso -F /tmp/k")
    assert re.fullmatch(r"\(null\) far\n33\d\d\d-\d\d-\d\dT\d\d:\d\d:\d\d,000005\+00:00 x\n", r.out)
    assert re.fullmatch(r"dmesg: time 10{8}\d{10} is out of range\.\n", r.err), r.err
    assert re.fullmatch(
        r"\[\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d 33\d{3}\] x\n",
        sh.run("dmesg -T -F /tmp/k").out.split("\n", 1)[1],
    )
