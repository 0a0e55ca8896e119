from harness import *

MON = r'(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)'
DATE_RE = re.compile(MON + r' [ 0-9][0-9] [0-9][0-9]:[0-9][0-9]')

class LsGolden(Golden):
    def case(self, name, cmd, dates=True, **kw):
        out, err, rc = super().case(name, cmd, **kw)
        if dates:
            n, d, o, e, s = self.cases.pop()
            self.cases.append((n, d, DATE_RE.sub('<DATE>', o), e, s))

def icase(g, name, cmd, env=None):
    out, err, rc = run_interactive(cmd.replace('@/', W + '/'), env=env)
    g.add(name + ' (interactive bash)', cmd.replace('@/', '/'), out, err, rc)

def gen_ls():
    g = LsGolden('ls.txt', '''
# Golden outputs of GNU ls (coreutils 9.1), LANG=C.UTF-8, run as root, stdout NOT a terminal
# (a pipe): plain "ls" then prints one name per line (no columns, no colour, no quoting of
# ordinary names).
# Scratch directory (the real cwd) is shown as "/" (paths under it are recorded as /NAME).
# Dates: recent mtimes ("Nov 28 01:05", always 12 characters: "%b %e %H:%M") are replaced by
# the 6-character placeholder <DATE>; the other columns keep their real widths.  Files older
# than 6 months show "%b %e  %Y" (e.g. "May  1  2008"), recorded verbatim in the cases that
# use touch -d 2008-05-01.
# Column widths in -l: each of link count, owner, group, size is right/left padded to the
# widest value in the listing (owner/group left-aligned, numbers right-aligned); for device
# files the size column becomes "major, minor".
# /lsdir contains: a (0 B), b (5 B), c (41920 B), big (512 MiB written by dd), sub/ (dir).
# "total N" counts allocated 1 KiB blocks (ext4 host filesystem).
''')
    sh('rm -rf @/*; mkdir -p @/lsdir/sub @/sortdir @/old')
    sh('cd @/lsdir && : > a && printf hello > b && dd if=/dev/zero of=c bs=1048 count=40 status=none && dd if=/dev/zero of=big bs=1M count=512 status=none')
    sh('cd @/sortdir && touch B a _x .hidden Z 10 9 "with space" && mkdir dir')
    sh('cd @/old && printf hello > f5 && : > f0 && dd if=/dev/zero of=f41920 bs=1048 count=40 status=none && mkdir d && chmod 600 f41920 && ln -s f5 link && touch -h -d "2008-05-01 12:34" f5 f0 f41920 d link')
    g.case('plain in cwd (cd first)', 'cd @/lsdir && ls')
    g.case('plain with path', 'ls @/lsdir')
    g.case('-1', 'ls -1 @/lsdir')
    g.case('-a', 'ls -a @/lsdir')
    g.case('-A', 'ls -A @/lsdir')
    g.case('-l', 'ls -l @/lsdir')
    g.case('-la', 'ls -la @/lsdir')
    g.case('-lh', 'ls -lh @/lsdir')
    g.case('-s', 'ls -s @/lsdir')
    g.case('-ls', 'ls -ls @/lsdir')
    g.case('-ld directory', 'ls -ld @/lsdir')
    g.case('-d directory', 'ls -d @/lsdir')
    g.case('-l single file (no total line)', 'ls -l @/lsdir/big')
    g.case('-l two files', 'ls -l @/lsdir/a @/lsdir/big')
    g.case('-l files given by relative name', 'cd @/lsdir && ls -l b c')
    g.case('-l of empty directory (total 0)', 'ls -l @/lsdir/sub')
    g.case('plain of empty directory', 'ls @/lsdir/sub')
    g.case('-l old dates verbatim (touch -d 2008-05-01 12:34)', 'ls -l @/old', dates=False)
    g.case('-l --time-style=long-iso old dates', 'ls -l --time-style=long-iso @/old', dates=False)
    g.case('-l --full-time old dates', 'ls -l --full-time @/old', dates=False)
    g.case('file', 'ls @/lsdir/b')
    g.case('file relative', 'cd @/lsdir && ls b')
    g.case('nonexistent', 'ls @/nonexist')
    g.case('nonexistent relative', 'cd @/lsdir && ls nonexist')
    g.case('nonexistent -l', 'ls -l @/nonexist')
    g.case('nonexistent and existing', 'ls @/nonexist @/lsdir/b')
    g.case('-l /dev/null /dev/zero', 'ls -l /dev/null /dev/zero')
    g.case('-l /dev/null', 'ls -l /dev/null')
    g.case('multiple args: file then dirs (headers)', 'ls @/lsdir/b @/lsdir @/old')
    g.case('multiple dirs -l', 'ls -l @/lsdir/sub @/old')
    g.case('sorting under C.UTF-8', 'ls -a @/sortdir')
    g.case('sorting under LC_ALL=C', 'LC_ALL=C ls -a @/sortdir')
    g.case('-C (columns forced) COLUMNS=80', 'COLUMNS=80 ls -C @/sortdir')
    g.case('-C COLUMNS=20 (note TAB padding, tabsize 8)', 'COLUMNS=20 ls -C @/sortdir')
    g.case('-F', 'ls -F @/old')
    g.case('-R', 'ls -R @/old')
    g.case('bad option', 'ls -y')
    g.case('bad long option', 'ls --bogus')
    g.case('LC_ALL=C nonexistent', 'LC_ALL=C ls @/nonexist')
    g.case('permission denied (as nobody)', 'mkdir -p @/priv && chmod 700 @/priv && ' + NOBODY + 'ls @/priv')
    g.case('--version first line', 'ls --version | head -n 1')
    g.write()
    sh('rm -rf @/*')

def gen_small():
    sh('rm -rf @/*; mkdir @/d; printf "line1\\nline2\\n" > @/f1; printf "x\\ty\\n\\tz \\n" > @/tabs; printf "noeol" > @/noeol')
    hdr = '''
# Golden outputs (coreutils 9.1 / bash 5.2.15), LANG=C.UTF-8, run as root.
# Scratch directory (the real cwd) is shown as "/" (paths under it are recorded as /NAME).
# Locale quotes: messages using ‘...’ under C.UTF-8 print '...' under LC_ALL=C; messages with
# '...' in both are shell-style quoting (quoteaf) and do not change with the locale.
# Every command line was executed as: bash -c '<command line>' (cwd = scratch dir), so
# messages produced by the shell itself carry the non-interactive "bash: line 1: " prefix.
'''
    # cat
    g = Golden('cat.txt', '# cat.' + hdr + '# /f1 = "line1\\nline2\\n", /tabs = "x\\ty\\n\\tz \\n", /noeol = "noeol" (no newline), /d a directory.\n')
    g.case('file', 'cat @/f1')
    g.case('missing file', 'cat @/nonexist')
    g.case('missing file LC_ALL=C', 'LC_ALL=C cat @/nonexist')
    g.case('directory', 'cat @/d')
    g.case('multiple files', 'cat @/f1 @/tabs')
    g.case('multiple with missing in middle', 'cat @/f1 @/nonexist @/tabs')
    g.case('-A tabs', 'cat -A @/tabs')
    g.case('-A no final newline', 'cat -A @/noeol')
    g.case('-n', 'cat -n @/f1')
    g.case('-E', 'cat -E @/f1')
    g.case('-T', 'cat -T @/tabs')
    g.case('no final newline', 'cat @/noeol')
    g.case('stdin', "printf 'abc\\n' | cat")
    g.case('stdin via -', "printf 'abc\\n' | cat @/f1 - @/f1")
    g.case('/proc/swaps with nothing active', 'cat /proc/swaps')
    g.case('bad option', 'cat -z')
    g.case('permission denied (as nobody)', 'cp @/f1 @/priv && chmod 600 @/priv && ' + NOBODY + 'cat @/priv')
    g.write()
    # echo
    g = Golden('echo.txt', '# echo (bash builtin unless /bin/echo is used).' + hdr)
    for c in ['echo hello', 'echo', 'echo a   b', "echo 'a   b'", 'echo -n x', 'echo -e "a\\tb"',
              'echo "a\\tb"', 'echo -E "a\\tb"', 'echo -- x', 'echo -n -e "x\\n"', 'echo -ne "x\\ny"',
              'echo -x', 'echo -e "\\x41\\0102\\c tail"', 'echo -e "a\\nb"', 'echo $?', 'false; echo $?',
              'echo "$HOME"', "echo '$HOME'", 'echo -', 'echo -nn y', '/bin/echo -- x', '/bin/echo -n x',
              '/bin/echo --version | head -n 1', 'echo hi > @/nodir/x']:
        g.case(c, c)
    g.write()
    # chmod
    g = Golden('chmod.txt', '# chmod.' + hdr)
    sh('printf x > @/f; chmod 644 @/f')
    g.case('600 silent', 'chmod 600 @/f')
    g.case('mode after 600', 'stat -c %a @/f')
    g.case('u+x', 'chmod u+x @/f')
    g.case('mode after u+x', 'stat -c %a @/f')
    g.case('ls -l after u+x', 'ls -l @/f | cut -c1-10')
    g.case('0600 four digits', 'chmod 0600 @/f')
    g.case('bad mode', 'chmod abc @/f')
    g.case('bad mode 999', 'chmod 999 @/f')
    g.case('bad mode LC_ALL=C', 'LC_ALL=C chmod abc @/f')
    g.case('missing file', 'chmod 600 @/nonexist')
    g.case('missing file LC_ALL=C', 'LC_ALL=C chmod 600 @/nonexist')
    g.case('no args', 'chmod')
    g.case('only mode', 'chmod 600')
    g.case('-v', 'chmod -v 644 @/f')
    g.case('-v unchanged', 'chmod -v 644 @/f')
    g.case('-c changed', 'chmod -c 600 @/f')
    g.case('as nobody (not owner)', NOBODY + 'chmod 600 @/f')
    g.case('bad option', 'chmod -z 600 @/f')
    g.write()
    # rm
    g = Golden('rm.txt', '# rm.' + hdr)
    sh('printf x > @/f; mkdir -p @/rd/sub; printf y > @/rd/sub/g; mkdir @/empty')
    g.case('file silent', 'rm @/f')
    g.case('missing file', 'rm @/f')
    g.case('missing file LC_ALL=C', 'LC_ALL=C rm @/f')
    g.case('directory without -r', 'rm @/rd')
    g.case('empty directory without -r', 'rm @/empty')
    g.case('-d empty directory', 'rm -d @/empty')
    g.case('-d non-empty directory', 'rm -d @/rd')
    g.case('-f missing', 'rm -f @/nonexist')
    g.case('no args', 'rm')
    g.case('-f no args', 'rm -f')
    g.case('-r dir silent', 'rm -r @/rd')
    g.case('-r missing', 'rm -r @/rd')
    g.case('-v file', 'printf x > @/f; rm -v @/f')
    g.case('-rv dir', 'mkdir -p @/rd/sub && printf y > @/rd/sub/g && rm -rv @/rd')
    g.case('rm of / refused', 'rm -r /')
    g.case('rm of . refused', 'cd @/d && rm -r .')
    g.case('as nobody in root-owned dir', 'printf x > @/f && ' + NOBODY + 'rm @/f')
    g.case('as nobody -f in root-owned dir', NOBODY + 'rm -f @/f')
    g.case('bad option', 'rm -z @/f')
    g.write()
    # touch
    g = Golden('touch.txt', '# touch.' + hdr)
    g.case('new file silent', 'touch @/new')
    g.case('ls of new file', 'ls -l @/new | cut -d" " -f1-5')
    g.case('existing file', 'touch @/new')
    g.case('missing dir component', 'touch @/nodir/x')
    g.case('missing dir component LC_ALL=C', 'LC_ALL=C touch @/nodir/x')
    g.case('no args', 'touch')
    g.case('directory', 'touch @/d')
    g.case('path through a file', 'touch @/new/x')
    g.case('as nobody in root-owned dir', NOBODY + 'touch @/x')
    g.case('bad date', 'touch -d garbage @/new')
    g.case('bad option', 'touch -z @/new')
    g.write()
    # mkdir
    g = Golden('mkdir.txt', '# mkdir.' + hdr)
    g.case('new silent', 'mkdir @/m')
    g.case('exists', 'mkdir @/m')
    g.case('exists LC_ALL=C', 'LC_ALL=C mkdir @/m')
    g.case('exists as a file', 'mkdir @/f1')
    g.case('missing parent', 'mkdir @/a/b/c')
    g.case('-p', 'mkdir -p @/a/b/c')
    g.case('-p existing silent', 'mkdir -p @/a/b/c')
    g.case('-p through a file', 'mkdir -p @/f1/x')
    g.case('-v', 'mkdir -v @/v')
    g.case('-pv', 'mkdir -pv @/p/q')
    g.case('no args', 'mkdir')
    g.case('-m 700', 'mkdir -m 700 @/m7 && stat -c %a @/m7')
    g.case('as nobody in root-owned dir', NOBODY + 'mkdir @/x')
    g.case('several, one fails', 'mkdir @/n1 @/m @/n2')
    g.case('bad option', 'mkdir -z @/x')
    g.write()
    # cd / pwd
    g = Golden('cd_pwd.txt', '''# bash 5.2.15 builtins cd and pwd.  Cases come in two flavours: "bash -c '...'" (a
# non-interactive shell: messages carry "bash: line 1: " prefix) and "(interactive bash)"
# cases, typed at an interactive bash on a pty (bash --norc --noprofile --noediting -i),
# whose messages use the plain "bash: " prefix; the command shown is what was typed.
# Scratch directory (the real cwd) is shown as "/"; /f1 is a regular file, /d a directory.
# Interactive-bash status is $? after the command.
''')
    sh('mkdir -p @/priv2 && chmod 700 @/priv2')
    cds = ['cd /nonexist', 'cd @/f1', 'cd @/d @/d', 'cd a b c', 'cd @/d && pwd', 'cd /tmp && pwd',
           'cd; pwd', 'cd -', 'cd @/d && cd @/ && cd - ', 'pwd', 'pwd -P', 'pwd -L', 'pwd -x', 'pwd extra',
           'cd ""; echo $?', 'cd @/d && cd .. && pwd', 'cd -z', 'cd @/d; echo $?; cd /nonexist; echo $?',
           'cd @/nonexist/sub', 'cd @/f1/sub']
    for c in cds:
        g.case('bash -c: ' + c, "bash -c '%s'" % c)
    g.case('cd into mode-700 root dir as nobody', NOBODY + "bash -c 'cd @/priv2'")
    for c in cds:
        icase(g, c, c)
    g.write()

def gen_sys():
    hdr = '''
# Run as root on the host ("vm", Linux 6.18.44, x86_64), LANG=C.UTF-8.  Host-specific values
# (kernel release/version, hostname) are recorded verbatim.
# "setpriv --reuid=nobody --regid=nogroup --clear-groups" runs the tool as user nobody.
# Every command line was executed as: bash -c '<command line>'.
'''
    g = Golden('id.txt', '# id (coreutils 9.1).' + hdr)
    for c in ['id', 'id -u', 'id -g', 'id -G', 'id -un', 'id -gn', 'id -n', 'id root', 'id nobody',
              'id nosuchuser', 'LC_ALL=C id nosuchuser', NOBODY + 'id', NOBODY + 'id -un',
              'su nobody -s /bin/sh -c id', 'id -z', 'whoami', NOBODY + 'whoami']:
        g.case(c, c)
    g.write()
    g = Golden('uname.txt', '# uname (coreutils 9.1).' + hdr)
    for c in ['uname', 'uname -a', 'uname -r', 'uname -n', 'uname -m', 'uname -s', 'uname -v',
              'uname -o', 'uname -p', 'uname -i', 'uname -sr', 'uname -rs', 'uname -z', 'uname --bogus',
              'uname extra', 'uname --version | head -n 1', 'cat /proc/sys/kernel/osrelease',
              'cat /proc/version', 'arch', 'hostname']:
        g.case(c, c)
    g.write()
    g = Golden('true_false.txt', '# true / false (bash builtins; /bin/true and /bin/false from coreutils 9.1).' + hdr)
    for c in ['true', 'false', 'true; echo $?', 'false; echo $?', '! true; echo $?', '! false; echo $?',
              'true --help', 'false --version', '/bin/true --version | head -n 1', '/bin/false', '/bin/false --help | head -n 1',
              'true && echo yes', 'false || echo no', 'false; true; echo $?', 'type true']:
        g.case(c, c)
    g.write()
    g = Golden('unshare.txt', '# unshare (util-linux 2.38.1).' + hdr)
    for c in ['unshare --swap', 'unshare --swap true', 'unshare -i true', 'unshare -i true; echo $?',
              'unshare -m true', 'unshare --help | head -n 8', 'unshare --version',
              'unshare -z', NOBODY + 'unshare -i true', NOBODY + 'unshare -m true',
              NOBODY + 'unshare -r -i true', NOBODY + 'unshare -U id -u', 'unshare -i nonexistcmd',
              'unshare -i /tmp']:
        g.case(c, c)
    g.write()

def gen_bash():
    g = Golden('bash_errors.txt', '''# bash 5.2.15 error messages, LANG=C.UTF-8, as root.
# "bash -c '...'" cases run a non-interactive shell (messages "bash: line 1: ..." or
# "bash: -c: line 1: ..." for syntax errors).  "(interactive bash)" cases are typed at an
# interactive bash on a pty (bash --norc --noprofile --noediting -i); the command shown is what
# was typed and the status is $? right after it (or the shell's exit status for exit).
# Scratch directory (the real cwd) is shown as "/".  /noexec is a mode-0644 file containing
# "echo hi"; /d is a directory.
''')
    sh('rm -rf @/*; mkdir @/d; printf "echo hi\\n" > @/noexec; chmod 644 @/noexec')
    cmds = ['foo', 'foo bar baz', 'foo; echo $?', 'echo (', 'echo )', ';;', '| x', 'echo "unterminated',
            "echo 'unterminated", '&& x', 'if true', 'echo hi > /nonexist/x', 'echo hi > @/nodir/x',
            'cat < missing', 'cat < @/nonexist', 'exit abc', 'exit 300', 'exit -1', 'exit 1 2',
            'false; echo $?', 'cat /nonexist; echo $?', '/tmp', '@/d', './noexec', '@/noexec', './nonexist',
            'nosuch/cmd', 'ls /nonexist 2>&1', 'echo hi >', 'echo ${', 'echo ${x', 'cd /nonexist; echo after',
            'mkswapp /x', 'swapon_x']
    for c in cmds:
        qc = c.replace("'", "'\\''")
        g.case('bash -c: ' + c, "bash -c '%s'" % qc)
    g.case('bash -c with $0 name', "bash -c 'foo' myname")
    g.case('bash script file line number', "printf 'true\\nfoo\\n' > @/s.sh && bash @/s.sh")
    g.case('sh (dash) unknown command', "sh -c 'foo'")
    for c in cmds:
        if 'unterminated' in c or c in ('if true', 'echo ${', 'echo ${x'):
            continue
        icase(g, c, c)
    g.write()
    sh('rm -rf @/*')

if __name__ == '__main__':
    import sys
    fns = {'ls': gen_ls, 'small': gen_small, 'sys': gen_sys, 'bash': gen_bash}
    for a in sys.argv[1:] or fns:
        fns[a]()
