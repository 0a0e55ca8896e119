from harness import *

def dmesg_case(g, mark, name):
    lines = dmesg_lines()[mark:]
    txt = sub_path(''.join(TS_RE.sub('[<TS>]', l) + '\n' for l in lines))
    if not lines:
        name += ' (no new kernel messages)'
    g.add(name, 'dmesg | tail -n %d' % len(lines), txt, '', 0)

def gen_swap():
    hdr_common = '''
# Run as root on Linux 6.18 (x86_64, 4 KiB pages), util-linux 2.38.1, LANG=C.UTF-8.
# Scratch directory (the real cwd) is shown as "/" (paths under it are recorded as /NAME),
# EXCEPT cases whose command line shows /swapfile01 or /swapfile02 literally: those really
# were files in the host root directory, recorded verbatim, because /proc/swaps and
# "swapon --show" pad columns according to the path length.
# The "setpriv --reuid=nobody --regid=nogroup --clear-groups" prefix runs the tool as
# user nobody (uid 65534) with no supplementary groups.
# dmesg lines: the "[  123.456789]" timestamp is replaced by "[<TS>]".  The
# "extents:N across:Nk" values depend on the on-disk layout of the file.  Note the trailing
# space after "across:NNNNk " in the kernel message.
# /swapfile01 was made with "mkswap -U %s", /swapfile02 with
# "mkswap -L swap2 -U %s" (16 and 32 MiB, mode 0600).
''' % (FIXED_UUID, FIXED_UUID2)
    g = Golden('swapon.txt', '# Golden outputs of swapon(8) and /proc/swaps.' + hdr_common + '''# /proc/swaps: filename field padded with spaces to 40 columns (at least one space),
# then TAB-separated Type, Size (KiB), Used (KiB), Priority; header uses TABs (see cat -A case).
''')
    s = Golden('swapoff.txt', '# Golden outputs of swapoff(8).' + hdr_common)
    sh('swapoff -a')
    assert open('/proc/swaps').read().count('\n') == 1
    for p in ('/swapfile01', '/swapfile02'):
        assert not os.path.exists(p)
    try:
        sh('rm -rf @/*; mkdir @/d')
        mk = 'dd if=/dev/zero of=%s bs=1M count=%d status=none; chmod %s %s; mkswap %s >/dev/null 2>&1'
        sh(mk % ('@/sw', 16, '600', '@/sw', '@/sw'))
        sh(mk % ('@/insecure', 16, '644', '@/insecure', '@/insecure'))
        sh((mk % ('@/ltp40', 0, '600', '@/ltp40', '@/ltp40')).replace('bs=1M count=0', 'bs=1048 count=40'))
        sh('dd if=/dev/zero of=@/nosig bs=1M count=1 status=none; chmod 600 @/nosig')
        sh(': > @/empty; chmod 600 @/empty')
        sh('truncate -s 16M @/sparse; chmod 600 @/sparse; mkswap @/sparse >/dev/null 2>&1')
        sh((mk % ('/swapfile01', 16, '600', '/swapfile01', '/swapfile01')).replace('mkswap', 'mkswap -U ' + FIXED_UUID))
        sh((mk % ('/swapfile02', 32, '600', '/swapfile02', '/swapfile02')).replace('mkswap', 'mkswap -L swap2 -U ' + FIXED_UUID2))
        sh(mk % ('@/ro644', 16, '644', '@/ro644', '@/ro644'))

        g.case('swapon with nothing active (no args)', 'swapon')
        g.case('swapon --show with nothing active', 'swapon --show')
        g.case('swapon -s with nothing active', 'swapon -s')
        g.case('cat /proc/swaps with nothing active', 'cat /proc/swaps')
        mark = len(dmesg_lines())
        g.case('success is silent', 'swapon @/sw')
        dmesg_case(g, mark, 'dmesg after swapon of 16 MiB file (path substituted)')
        g.case('/proc/swaps long path (verbatim, 19-char path padded to 40 columns)', 'cat /proc/swaps', verbatim=True)
        g.case('already active (EBUSY)', 'swapon @/sw')
        s.case('swapoff of active file is silent', 'swapoff @/sw')
        s.case('swapoff again (not active)', 'swapoff @/sw')
        # root-level files for listing formats
        mark = len(dmesg_lines())
        g.case('swapon /swapfile01', 'swapon /swapfile01', verbatim=True)
        dmesg_case(g, mark, 'dmesg after swapon /swapfile01')
        g.case('cat /proc/swaps one active', 'cat /proc/swaps', verbatim=True)
        g.case('cat -A /proc/swaps one active', 'cat -A /proc/swaps', verbatim=True)
        g.case('swapon -s one active', 'swapon -s', verbatim=True)
        g.case('swapon --summary one active', 'swapon --summary', verbatim=True)
        g.case('swapon --show one active', 'swapon --show', verbatim=True)
        g.case('swapon no args one active', 'swapon', verbatim=True)
        g.case('swapon --show --bytes', 'swapon --show --bytes', verbatim=True)
        g.case('swapon --show --noheadings', 'swapon --show --noheadings', verbatim=True)
        g.case('swapon --show --raw', 'swapon --show --raw', verbatim=True)
        g.case('swapon --show=NAME,SIZE,USED,PRIO,UUID,LABEL', 'swapon --show=NAME,SIZE,USED,PRIO,UUID,LABEL', verbatim=True)
        g.case('grep Swap /proc/meminfo one active', 'grep -E "^Swap(Total|Free)" /proc/meminfo', verbatim=True)
        mark = len(dmesg_lines())
        g.case('swapon -p 5 /swapfile02', 'swapon -p 5 /swapfile02', verbatim=True)
        dmesg_case(g, mark, 'dmesg after swapon -p 5 /swapfile02')
        g.case('cat /proc/swaps two active', 'cat /proc/swaps', verbatim=True)
        g.case('cat -A /proc/swaps two active', 'cat -A /proc/swaps', verbatim=True)
        g.case('swapon -s two active', 'swapon -s', verbatim=True)
        g.case('swapon --show two active', 'swapon --show', verbatim=True)
        g.case('swapon --show=NAME,SIZE,USED,PRIO,UUID,LABEL two active', 'swapon --show=NAME,SIZE,USED,PRIO,UUID,LABEL', verbatim=True)
        g.case('as nobody, swapon -s with two active', NOBODY + 'swapon -s', verbatim=True)
        g.case('as nobody, swapon (no args) with two active', NOBODY + 'swapon', verbatim=True)
        g.case('grep Swap /proc/meminfo two active', 'grep -E "^Swap(Total|Free)" /proc/meminfo', verbatim=True)
        g.case('free two active', 'free | sed -n 1p\\;3p', verbatim=True)
        g.case('swapon /swapfile01 again (EBUSY)', 'swapon /swapfile01', verbatim=True)
        # nobody while active
        s.case('swapoff as nobody (active file)', NOBODY + 'swapoff /swapfile01', verbatim=True)
        s.case('swapoff -a as nobody', NOBODY + 'swapoff -a', verbatim=True)
        s.case('swapoff /swapfile02', 'swapoff /swapfile02', verbatim=True)
        g.case('second default-priority swap: swapon /swapfile02', 'swapon /swapfile02', verbatim=True)
        g.case('cat /proc/swaps two default-priority swaps', 'cat /proc/swaps', verbatim=True)
        g.case('swapon --show two default-priority swaps', 'swapon --show', verbatim=True)
        s.case('swapoff -a (turns off both files, silent)', 'swapoff -a', verbatim=True)
        s.case('cat /proc/swaps after swapoff -a', 'cat /proc/swaps', verbatim=True)
        s.case('swapoff -a with nothing active', 'swapoff -a')
        # errors
        mark = len(dmesg_lines())
        g.case('insecure permissions warning (continues, rc 0)', 'swapon @/insecure')
        dmesg_case(g, mark, 'dmesg after insecure swapon')
        sh('swapoff @/insecure')
        mark = len(dmesg_lines())
        g.case('LTP 41920-byte file', 'swapon @/ltp40')
        dmesg_case(g, mark, 'dmesg after swapon of LTP 41920-byte file')
        sh('swapoff @/ltp40')
        g.case('non-swap file (1 MiB of zeros)', 'swapon @/nosig')
        g.case('0-byte file', 'swapon @/empty')
        g.case('nonexistent', 'swapon @/nonexist')
        g.case('directory', 'swapon @/d')
        mark = len(dmesg_lines())
        g.case('sparse file with holes (mkswap on truncate -s 16M)', 'swapon @/sparse')
        dmesg_case(g, mark, 'dmesg after swapon of sparse file')
        g.case('/dev/null', 'swapon /dev/null')
        g.case('as nobody, 0600 root file', NOBODY + 'swapon @/sw')
        g.case('as nobody, 0644 readable swap file', NOBODY + 'swapon @/ro644')
        g.case('as nobody, nonexistent', NOBODY + 'swapon @/nonexist')
        g.case('-p without value', 'swapon -p')
        g.case('-p with bad value', 'swapon -p abc @/sw')
        g.case('bad option', 'swapon -z')
        g.case('--version', 'swapon --version')
        g.case('--help first 4 lines', 'swapon --help | head -n 4')
        g.case('-v verbose swapon', 'swapon -v @/sw')
        sh('swapoff @/sw')
        g.case('-a with empty fstab entries (no swap lines)', 'swapon -a')
        s.case('swapoff non-swap file', 'swapoff @/nosig')
        s.case('swapoff mkswap\'d but not active file', 'swapoff @/sw')
        s.case('swapoff nonexistent', 'swapoff @/nonexist')
        s.case('swapoff directory', 'swapoff @/d')
        s.case('swapoff 0-byte file', 'swapoff @/empty')
        s.case('swapoff no args', 'swapoff')
        s.case('swapoff as nobody, inactive file', NOBODY + 'swapoff @/sw')
        s.case('swapoff as nobody, nonexistent', NOBODY + 'swapoff @/nonexist')
        s.case('swapoff bad option', 'swapoff -z')
        s.case('swapoff --version', 'swapoff --version')
        s.case('swapoff --help first 4 lines', 'swapoff --help | head -n 4')
        s.case('swapoff -v active file', 'swapon @/sw; swapoff -v @/sw')
        s.case('swapoff two files, second fails', 'swapon @/sw; swapoff @/sw @/nonexist')
    finally:
        sh('swapoff -a', check=False)
        sh('rm -f /swapfile01 /swapfile02; rm -rf @/*', check=False)
        assert open('/proc/swaps').read().count('\n') == 1
    g.write()
    s.write()

if __name__ == '__main__':
    gen_swap()
