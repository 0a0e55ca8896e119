from harness import *

def gen_dd():
    g = Golden('dd.txt', '''
# Golden outputs of GNU dd (coreutils 9.1), LANG=C.UTF-8 unless the command sets LC_ALL=C.
# All statistics go to stderr.  The timing part after "copied, " ("0.00703548 s, 2.4 GB/s")
# is replaced by the literal placeholder <TIME>.
# Scratch directory (the real cwd) is shown as "/" (paths under it are recorded as /NAME).
# Quoting: "failed to open" / "error reading" use shell-style quoting ('...' in every locale);
# "invalid number" / "unrecognized operand" use locale quotes: ‘...’ under C.UTF-8, '...' under LC_ALL=C.
''')
    sh('rm -rf @/*; mkdir @/d; printf abc > @/three')
    for n in (0, 1, 16, 512):
        g.case('bs=1M count=%d' % n, 'dd if=/dev/zero of=@/s%d bs=1M count=%d' % (n, n))
    g.case('size of 512 MiB result', 'stat -c %s @/s512')
    sh('rm -f @/s512')
    g.case('1 byte singular', 'dd if=/dev/zero of=@/b1 bs=1 count=1')
    g.case('bs=1 count=5', 'dd if=/dev/zero of=@/b5 bs=1 count=5')
    g.case('bs=999 count=1', 'dd if=/dev/zero of=@/b999 bs=999 count=1')
    g.case('bs=1000 count=1', 'dd if=/dev/zero of=@/b1000 bs=1000 count=1')
    g.case('bs=1023 count=1', 'dd if=/dev/zero of=@/b1023 bs=1023 count=1')
    g.case('bs=1024 count=1', 'dd if=/dev/zero of=@/b1024 bs=1024 count=1')
    g.case('bs=1048 count=40 (LTP 41920 B)', 'dd if=/dev/zero of=@/ltp40 bs=1048 count=40')
    g.case('bs=1024 count=65536 (LTP 64 MiB)', 'dd if=/dev/zero of=@/swapfile01 bs=1024 count=65536')
    g.case('bs=1M count=1000 to /dev/null (GB range)', 'dd if=/dev/zero of=/dev/null bs=1M count=1000')
    g.case('bs=1M count=1024 to /dev/null', 'dd if=/dev/zero of=/dev/null bs=1M count=1024')
    g.case('short input 3-byte file', 'dd if=@/three of=@/o3 bs=1M count=1')
    g.case('short input, multiple blocks asked', 'dd if=@/three of=@/o3b bs=2 count=5')
    g.case('no count, copies whole input', 'dd if=@/three of=@/o3c')
    g.case('status=none', 'dd if=/dev/zero of=@/sn bs=1M count=1 status=none')
    g.case('status=noxfer', 'dd if=/dev/zero of=@/sx bs=1M count=1 status=noxfer')
    g.case('status=progress short copy', 'dd if=/dev/zero of=@/sp bs=1M count=16 status=progress')
    g.case('status=bogus', 'dd if=/dev/zero of=@/sb bs=1M count=1 status=bogus')
    g.case('stdin to stdout', "printf 'hello\\n' | dd")
    g.case('no operands, empty stdin', 'dd </dev/null')
    # seek / skip / truncation
    sh('dd if=/dev/zero of=@/t4k bs=4K count=1 status=none; cp @/t4k @/t4k2')
    g.case('seek default truncation', 'dd if=/dev/zero of=@/t4k bs=1K count=1 seek=1')
    g.case('size after seek (truncated)', 'stat -c %s @/t4k')
    g.case('seek conv=notrunc', 'dd if=/dev/zero of=@/t4k2 bs=1K count=1 seek=1 conv=notrunc')
    g.case('size after seek notrunc', 'stat -c %s @/t4k2')
    g.case('seek past end extends', 'dd if=/dev/zero of=@/t4k3 bs=1K count=1 seek=3')
    g.case('size after seek past end', 'stat -c %s @/t4k3')
    sh("printf 'abcdefghij' > @/ten")
    g.case('skip', 'dd if=@/ten bs=1 skip=3 count=4')
    g.case('skip past end of input', 'dd if=@/ten of=@/skp bs=1 skip=20 count=4')
    g.case('ibs/obs', 'dd if=/dev/zero of=@/io ibs=512 obs=1024 count=4')
    g.case('ibs/obs partial out', 'dd if=/dev/zero of=@/io2 ibs=512 obs=1024 count=3')
    g.case('conv=bogus', 'dd if=/dev/zero of=@/cb bs=1 count=1 conv=bogus')
    # size suffixes
    for bs in ['1', '1c', '1w', '1b', '1K', '1k', '1kB', '1KB', '1KiB', '1kiB', '1M', '1m', '1MB',
               '1MiB', '1G', '1GB', '1GiB', '1xM', 'xM', '2x512', '2x3x4', '1Kx2', '0x1', '1B',
               '1e3', '0x10', '010']:
        g.case('bs=%s' % bs, 'dd if=/dev/zero of=/dev/null bs=%s count=1' % bs)
    g.case('count with suffix (count=1K bs=1)', 'dd if=/dev/zero of=/dev/null bs=1 count=1K')
    g.case('count=1B (count_bytes-style B suffix)', 'dd if=/dev/zero of=/dev/null bs=1K count=1B')
    g.case('count=0 bs=1', 'dd if=/dev/zero of=/dev/null bs=1 count=0')
    # errors
    g.case('bs=0', 'dd if=/dev/zero of=@/e bs=0 count=1')
    g.case('bs=-1', 'dd if=/dev/zero of=@/e bs=-1 count=1')
    g.case('bs=1Q', 'dd if=/dev/zero of=@/e bs=1Q count=1')
    g.case('bs= empty', 'dd if=/dev/zero of=@/e bs= count=1')
    g.case('count=abc', 'dd if=/dev/zero of=@/e bs=1 count=abc')
    g.case('count=-1', 'dd if=/dev/zero of=@/e bs=1 count=-1')
    g.case('huge bs', 'dd if=/dev/zero of=@/e bs=99999999999999999999 count=1')
    g.case('huge count', 'dd if=/dev/zero of=@/e bs=1 count=99999999999999999999')
    g.case('bs too large for memory (1E)', 'dd if=/dev/zero of=@/e bs=1E count=1')
    g.case('bs=8G', 'dd if=/dev/zero of=/dev/null bs=8G count=0')
    g.case('unknown operand foo=1', 'dd if=/dev/zero of=@/e foo=1')
    g.case('bare word operand', 'dd bar')
    g.case('missing input file', 'dd if=@/nonexist of=@/e bs=1 count=1')
    g.case('missing input file, absolute /nonexist', 'dd if=/nonexist of=/dev/null bs=1 count=1', verbatim=True)
    g.case('output directory component missing', 'dd if=/dev/zero of=@/nodir/x bs=1 count=1')
    g.case('output is a directory', 'dd if=/dev/zero of=@/d bs=1 count=1')
    g.case('output is a directory (trailing slash)', 'dd if=/dev/zero of=@/d/ bs=1 count=1')
    g.case('input is a directory', 'dd if=@/d of=@/e bs=1 count=1')
    g.case('if= empty', 'dd if= of=@/e bs=1 count=1')
    g.case('LC_ALL=C bs=1Q', 'LC_ALL=C dd if=/dev/zero of=@/e bs=1Q count=1')
    g.case('LC_ALL=C unknown operand', 'LC_ALL=C dd foo=1')
    g.case('LC_ALL=C missing input', 'LC_ALL=C dd if=@/nonexist of=@/e')
    g.case('LC_ALL=C count=16 ok', 'LC_ALL=C dd if=/dev/zero of=@/lc bs=1M count=16')
    g.case('--help first 3 lines', 'dd --help | head -n 3')
    g.case('--version first line', 'dd --version | head -n 1')
    g.case('bad option', 'dd --bogus')
    g.case('bad short option', 'dd -x')
    g.write()
    sh('rm -rf @/*')

if __name__ == '__main__':
    gen_dd()
