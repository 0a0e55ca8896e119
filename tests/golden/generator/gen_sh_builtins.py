"""Record bash 5.2.15's `test`/`[` and `printf` builtins into sh_test.txt and
sh_printf.txt (run as root: cd tests/golden/generator && GOLDEN_OUT=.. python3
gen_sh_builtins.py). Each case is `bash -c '<command line>'` in the scratch
directory after TEST_SETUP (harness.py: env, stdin /dev/null, stdout a pipe).
"""
import harness
from harness import Golden, sh

harness.W = '/tmp/golden-work-sh'  # its own scratch directory

# Files the file primaries look at; tests/userland/test_golden_sh_builtins.py makes
# the same ones on the machine. (No symlinks, fifos or sockets: the machine has no
# symlink() or mkfifo.)
TEST_SETUP = [
    'mkdir d k',
    'chmod 1777 k',
    'touch f e ro x su sg',
    '/bin/echo -n data > s',
    'chmod 000 ro',
    'chmod 755 x',
    'chmod 4755 su',
    'chmod 2755 sg',
]

TEST_CASES = r"""
test
test ''
test x
test -n
test -z
test !
test '!' ''
test ! x
test ]
test -t
[
[ ]
[ x ]
[ '' ]
[ x
[ x ]]
[ ] ]
[ ! ]
[ ! x ]
[ ! '' ]
[ '(' ]
[ -n ]
test -n ''
test -n x
test -z ''
test -z x
test -l x
test -q x
test x y
test -n a b
test ! a b
test ! -z x
test ! -n ''
test a = a
test a = b
test a == a
test a != b
test a != a
test a '<' b
test b '<' a
test a '>' b
test B '<' a
test é '>' z
test abc = ABC
test '' = ''
test x -a y
test x -a ''
test '' -o ''
test x -o ''
test '(' x ')'
test '(' '' ')'
test '(x' a ')y'
test a -q b
test a -a
test -a
test ! -a
test -e
[ -e ]
test a =~ a
test ! a = b
test ! a = a
test '(' -n x ')'
test '(' -z x ')'
test a = b -o
test ! ! a = b
test a = a -a b = b
test a = a -a b = c
test a = b -o b = b
test '(' a = a ')' -a x
test ! '(' a = b ')' -a 1
test 1 -eq 1 -a 2 -lt 3
test -n x -o -z x
test -z x -o -n x -a ''
test '(' a
test '(' a = a
test '(' a = a x
[ '(' a = a ]
[ '(' '(' ]
test a = a ')'
test a b c d e
test a = a b
test -z a b c d
test ! ! ! a = b
test x -a y -o ''
test '(' '(' x ')' ')'
test x -a -n
test -x -a -x
test a = b -o c
test 1 -eq 1
test 1 -eq 2
test 1 -ne 2
test 2 -lt 10
test 2 '<' 10
test 10 -gt 9
test -1 -lt 0
test 3 -le 3
test 3 -ge 4
test ' 5 ' -eq 5
test '5 ' -eq 5
test ' 5' -eq 5
test +5 -eq 5
test -0 -eq 0
test 007 -eq 7
test 0x10 -eq 16
test 1.5 -eq 1
test '' -eq 0
test x -eq 1
test 1 -eq y
[ 1 -lt x ]
test 9223372036854775807 -eq 9223372036854775807
test 9223372036854775808 -gt 1
test -9223372036854775808 -lt 0
test '1 2' -eq 1
test 1 -eq
test -eq 1
[ 1 -eq ]
test -e f
test -e nope
test -e ''
test -a f
test -f f
test -f d
test -f nope
test -d d
test -d f
test -s s
test -s e
test -s nope
test -r f
test -r ro
test -w ro
test -x ro
test -x x
test -x d
test -x nope
test -u su
test -u f
test -g sg
test -g f
test -k k
test -k d
test -c /dev/null
test -c f
test -b /dev/null
test -p /dev/null
test -S /dev/null
test -h f
test -L f
test -h nope
test -L ''
test -O f
test -G f
test -O nope
test -G nope
test -N nope
test -t 0 </dev/null
test -t 1 >/dev/null
test -t x
test -t 99
test -t -1
[ -t ]
test f -ef f
test f -ef s
test d -ef ./d
test f -ef nope
test nope -ef nope
test f -nt nope
test nope -nt f
test nope -ot f
test f -ot nope
test f -nt f
test f -ot f
test nope -nt nope
test -v PATH
test -v NOSUCHVAR
test -v 0
test -v 1
test -v -1
test -v ''
test -R PATH
test -o braceexpand
test -o emacs
test -o hashall
test -o nosuch
test -o ''
test -d d -a -f f
test -d f -o -f f
test ! -e nope -a -e f
[ -f f -a '(' -s s -o -s e ')' ]
[ -f f ] && echo yes
test 1 -eq x || echo no
"""

PRINTF_CASES = r"""
printf
printf ''
printf -v
printf -x
printf -5
printf --
printf -- -v
printf --help
printf -v 1x a
printf -v x; echo "[$x]"
printf -vx '%s' a; echo "[$x]"
printf -v x -- '%s-%s' a b; echo "[$x]"
printf -v x ''; echo "[$x]"
printf -v x 'a\0b'; echo "[$x]"
printf '%s\n' -v x
printf hello
printf 'hello\n'
printf 'x\n' a b
printf '%s %s\n' a b c
printf '%s\n'
printf '%d|%s|%c|%f|%b|%q|\n'
printf '%s-%d\n' a 1 b 2 c
printf '[%5s][%-5s][%.2s][%5.1s][%-5.3s]\n' abc abc abc abc abcdef
printf '[%05s][%+s][% s][%#s]\n' ab ab ab ab
printf '[%*s][%-*s][%.*s]\n' 4 a 4 b 1 xyz
printf '[%*s]\n' -4 a
printf '[%.*s]\n' -1 abc
printf '[%c][%3c][%-3c]\n' xyz a b
printf '%c|' ''
printf '%d\n' 42 -42 0 +7
printf '%i %d\n' 010 0x1F
printf '%d\n' 08
printf '%d\n' 0x
printf '%d\n' x
printf '%d\n' 12x
printf '%d\n' ' 5' '5 '
printf '%d\n' ' '
printf '%d|%u\n' '' ''
printf '%d\n' - +
printf '%d\n' 9223372036854775807 9223372036854775808
printf '%d\n' -9223372036854775809
printf '%u\n' -1 18446744073709551615 18446744073709551616
printf '%d %d %d\n' "'A" '"a' "'é"
printf '%d\n' "'"
printf '%x %X %o\n' 255 255 8
printf '%x %o %u\n' -1 -1 -1
printf '[%5d][%-5d][%05d][%+d][% d][%+ d]\n' 42 42 42 42 42 42
printf '[%05d][%-05d][%+05d]\n' -42 -42 42
printf '[%.3d][%.0d][%.0d][%5.3d][%05.3d]\n' 7 0 1 7 -7
printf '[%#o][%#x][%#X][%#.3o][%#o][%#x]\n' 8 255 255 8 0 0
printf "[%'d][%'.2f]\n" 1234567 1234.5
printf '%hhd %hd %ld %lld %jd %zd %td %Lf\n' 300 70000 1 2 3 4 5 6
printf '%qd\n' 4
printf '%f\n' 3.14159
printf '%.2f %.0f %.0f %.0f %.0f\n' 2.675 0.5 1.5 2.5 -0.5
printf '%.20f\n' 0.1
printf '%f %f\n' 1e10 -2.5e-3
printf '[%10.3f][%-10.3f][%010.3f][%+.1f][% .1f]\n' 3.14159 3.14159 -3.14159 2 2
printf '%#.0f %.0f\n' 3 3
printf '%e %E\n' 12345.678 0.000123
printf '%.0e %#.0e %.10e\n' 5 5 1
printf '%e\n' 0
printf '%g %g %g %g %g\n' 100000 1000000 0.0001 0.00001 123.456
printf '%G %g %#g %.3g %.10g\n' 1e-10 1e100 1 3.14159 3.14159
printf '%g %.0g %.1g\n' 0 0.5 0.05
printf '%a %A\n' 1 255.5
printf '%a %a %.2a %.0a %.1a\n' 0 -0 0.1 1.5 15.99
printf '%a\n' 0x1p-16400
printf '%f|%e|%g|%G|%F\n' inf -inf nan -nan INFINITY
printf '[%5f][%-6f][%06f][%+f]\n' inf nan inf inf
printf '%f\n' 1e5000
printf '%e\n' 1e-5000
printf '%g\n' 1.18e4932
printf '%f\n' 1.5x
printf '%f\n' ' 1.5' '1.5 '
printf '%f\n' 0x1.8p1 0x 0x10
printf '%f\n' "'A"
printf '%.3f\n' 1e-4940
printf '%s\n' 1e-4940
printf '%5.2Lf|\n' 3
printf '%b\n' 'a\tb' 'a\nb'
printf '%b|\n' 'a\0101\101\x41' '\0' '\c' zz
printf '%b|' 'x\cy' z
printf '%s\n' first; printf '%b%s\n' '\c' after; echo "rc=$?"
printf '%b\n' '\x' '\u' '\q' '\9' "\\'" '\"' '\?' 'a\'
printf '%b\n' '\u00e9\e[0m\E\a' '\U0001F600'
printf '[%5b][%-5b][%.2b]\n' ab ab abc
printf '%q\n' 'a b' "a'b" '~x' 'a~' 'x=~y' 'a:~b' '#x' 'a#' '' '*' '[x]' '{a,b}' '$HOME' 'a|b;c&d' '!' é
printf '%q\n' $'a\tb' $'\001x' $'e\033' $'\u2028' $'\u00a0'
printf '%Q|%.2Q|%5.1q|%.Q|\n' 'a b' 'a b c' xyz '0x'
printf '[%10q][%-10q][%.3q]\n' 'a b' 'a b' 'a b'
printf '%(%Y-%m-%d %H:%M:%S)T\n' 0 86400 1234567890
printf '%(%s %j %A %B %e %I %p %y %C %U %W %V %G %u %w %Z %z)T\n' 1700000000
printf '%()T|%(%c)T|%(%D %R %T %F)T\n' 0 0 0
printf '[%20(%F)T][%-12(%F)T][%.4(%F)T]\n' 0 0 0
printf '%(%F)T\n' -9999999999 99999999999
printf '%(%F %%)T\n' 0
printf '%(%F)T\n' x
printf '%(a)X\n' 0
printf '%(%H)T%(%M)T\n' 3600 60
printf '%%\n'
printf '%'
printf 'abc%'
printf '%5'
printf '%l'
printf '%z'
printf '%y'
printf 'ab%y\n'; echo "rc=$?"
printf '%d %y %d\n' 1 2 3
printf '%s %k\n' a b
printf '%.-5d|%.-3s|%-.-3s|%5.-2f|%#.-2x|\n' 3 abcd xyzw 1 16
printf '%.-5b|%.-1q|\n' abc def
printf 'abc%n|%s\n' v x; echo "[$v]"
printf '%s%n\n' abcd v; echo "[$v]"
printf '%n' 1v
printf '\n\t\\|\a\b\f\v|\e\E|\n'
printf '\101\0101\x41\x4a\u00e9\U0001F600|\c|\q|\n'
printf '\x\n'
printf '\u\n'
printf '\U\n'
printf "\\'\\\"\\?\\n"
printf 'a\'
printf '\%s\n' x
printf '\1010\n'
printf '\u263a \u00e9 \uFFFF\n'
printf '%s\n' 'a\tb' "a'b"
printf '%5%|\n'
printf '%s' >&-
printf '%s\n' hi >&-
printf '%d %s\n' 1 a 2
printf '%d\n' 1 x 3
printf '%*d|\n' x 5
printf '%.*d|\n' 3 5
printf '%*.*f|\n' 8 2 3.14159
printf '%*d|\n' 5
printf '%.*s|\n' 99999999999 abc
printf '%d %d\n' 0x7fffffffffffffff -0x8000000000000000
printf '%o %x\n' 0777 0xdeadbeef
printf '%c%c%c\n' 1 22 333
printf '%s\n' '%d'
printf '%s %d\n' -- 5
printf -- '--%s\n' x
printf '%d\n' 1e3
printf '%x\n' 3.5
printf '%5.3s|%.0s|%.10s|\n' abcdef abc ab
printf '%-3s|%-3s|\n' 'éé' 'é'
printf 'no newline'
printf '%s\n' "a b" 'c  d'
printf '%b' 'one\n' 'two\n'
printf '%s=%s\n' a 1 b
printf '%f %e\n' 1e-4951 3.6e-4951
printf '%.3e %a\n' 1.18973149535723176502e+4932 1e-4950
printf '%d %d %i\n' 00012 -0x1f 0X1f
printf '[%s][%5s][%-4s]\n' é é é
printf '%(%F)T\n' "'A"
printf '%b|%b\n' '\0101' '\01011'
printf '%d\n' "'" '"'
printf '%.40f\n' 1e-30
"""

# coreutils' /usr/bin/test and /usr/bin/[ (not the builtins), in TEST_SETUP's directory
COREUTILS_TEST_CASES = r"""
/usr/bin/test
/usr/bin/test x
/usr/bin/test ''
/usr/bin/test -n
/usr/bin/test !
/usr/bin/test --help
/usr/bin/test --version
/usr/bin/test a b
/usr/bin/test a = b c
/usr/bin/test a b c d e
/usr/bin/test 1 -eq x
/usr/bin/test x -lt 1
/usr/bin/test -q x
/usr/bin/test a -q b
/usr/bin/test '(' a
/usr/bin/test '(' a b
/usr/bin/test '(' '(' x ')' ')'
/usr/bin/test -v PATH
/usr/bin/test -o emacs
/usr/bin/test -a f
/usr/bin/test -R x
/usr/bin/test -t
/usr/bin/test -t x </dev/null
/usr/bin/test -t 0 </dev/null
/usr/bin/test a -a
/usr/bin/test ! a b
/usr/bin/test a =~ a
/usr/bin/test a '<' b
/usr/bin/test 1 -eq ' 5'
/usr/bin/test ' 5 ' -eq 5
/usr/bin/test +5 -eq 5
/usr/bin/test +-5 -eq -5
/usr/bin/test 99999999999999999999 -gt 99999999999999999998
/usr/bin/test -99999999999999999999 -lt 1
/usr/bin/test 007 -eq 7
/usr/bin/test -l abc -eq 3
/usr/bin/test 3 -eq -l abc
/usr/bin/test -l abc -gt -l ab
/usr/bin/test -l f -nt f
/usr/bin/test f -ef -l f
/usr/bin/test x -a y -o ''
/usr/bin/test -e f
/usr/bin/test -e nope
/usr/bin/test -f f
/usr/bin/test -f d
/usr/bin/test -d d
/usr/bin/test -s s
/usr/bin/test -x x
/usr/bin/test -x ro
/usr/bin/test -u su
/usr/bin/test -g sg
/usr/bin/test -k k
/usr/bin/test -c /dev/null
/usr/bin/test -O f
/usr/bin/test -N nope
/usr/bin/test f -ef f
/usr/bin/test f -nt nope
/usr/bin/test nope -ot f
/usr/bin/test a == a
/usr/bin/test a != a
/usr/bin/test '(' x ')'
/usr/bin/test ! '(' x ')' -o ''
/usr/bin/[
/usr/bin/[ ]
/usr/bin/[ x
/usr/bin/[ x ]
/usr/bin/[ --help
/usr/bin/[ --version
/usr/bin/[ --version ]
/usr/bin/[ a = ]
/usr/bin/[ '(' ]
/usr/bin/[ '(' a = a ]
/usr/bin/[ 1 -lt 2 ]
"""

# coreutils' /usr/bin/printf (not the builtin)
COREUTILS_PRINTF_CASES = r"""
/usr/bin/printf
/usr/bin/printf --
/usr/bin/printf --help
/usr/bin/printf --version
/usr/bin/printf -- '%s\n' a
/usr/bin/printf -v x a
/usr/bin/printf '%s-%d\n' a 1 b 2 c
/usr/bin/printf 'x\n' a b
/usr/bin/printf '%d\n' x
/usr/bin/printf '%d\n' 12x
/usr/bin/printf '%d\n' 08 0x
/usr/bin/printf '%d\n' 99999999999999999999
/usr/bin/printf '%u %x %o\n' -1 255 8
/usr/bin/printf '%d %d %d\n' "'A" "'é" "'ab"
/usr/bin/printf '%d\n' "'"
/usr/bin/printf '%f %e %g %a\n' 3.14159 12345.678 0.0001 1
/usr/bin/printf '%.20f\n' 0.1
/usr/bin/printf '%f\n' 1e5000
/usr/bin/printf '%f\n' x 1.5x
/usr/bin/printf '[%5s][%-5s][%.2s][%c][%3c]\n' abc abc abc xyz a
/usr/bin/printf '[%*d][%-*d][%.*f]\n' 5 1 5 2 3 3.14159
/usr/bin/printf '%*d\n' 2147483648 1
/usr/bin/printf '%.*d\n' 2147483648 1
/usr/bin/printf '[%.*d]\n' -3 7
/usr/bin/printf '%z'
/usr/bin/printf '%'
/usr/bin/printf 'ab%5'
/usr/bin/printf "%'s" x
/usr/bin/printf '%#d' 1
/usr/bin/printf '%0c' x
/usr/bin/printf '%.3c' x
/usr/bin/printf '%5b' x
/usr/bin/printf '%b|%b|%b\n' 'a\tb' '\0101\101' '\x41\q'
/usr/bin/printf '%b%s\n' 'x\cy' z; echo "rc=$?"
/usr/bin/printf '%q|%q|%q|%q\n' 'a b' "a'b" '' '$x'
/usr/bin/printf '\101\0101\x41\u00e9\U0001F600\e[0m\q\n'
/usr/bin/printf '\x\n'
/usr/bin/printf '\u12\n'
/usr/bin/printf '\u0041\n'
/usr/bin/printf '\ud800\n'
/usr/bin/printf 'a\cb\n'
/usr/bin/printf "\\'\\\"\\?\\n"
/usr/bin/printf '%s\n' 'a\b'
/usr/bin/printf '%d\n' 'a\b'
/usr/bin/printf '%hhd %ld %Lf %jd\n' 300 1 2 3
/usr/bin/printf '%5%|\n'
/usr/bin/printf '%i %i\n' 010 0x1F
/usr/bin/printf '%s\n' >&-
"""


def gen(name, header, cases, setup=()):
    g = Golden(name, header)
    sh('rm -rf @/* && cd @/ && ' + ' && '.join(setup) if setup else 'rm -rf @/*')
    for line in cases.strip('\n').split('\n'):
        g.case(line, line)
    g.write()


if __name__ == '__main__':
    gen('sh_test.txt', '''
# bash 5.2.15's `test` and `[` builtins, each command line run as bash -c '<line>'
# (messages "bash: line 1: ..."), LANG=C.UTF-8, as root, stdin /dev/null, stdout a pipe.
# Recorded by tests/golden/generator/gen_sh_builtins.py, in a scratch directory made by
# its TEST_SETUP: directories d and k (mode 1777); empty files f e ro (mode 000) x (755)
# su (4755) sg (2755); s holding "data".
''', TEST_CASES, TEST_SETUP)
    gen('coreutils_test.txt', '''
# coreutils 9.1's /usr/bin/test and /usr/bin/[ (not bash's builtins), each command line
# run as bash -c '<line>', LANG=C.UTF-8, as root, stdin /dev/null, stdout a pipe, in the
# scratch directory of sh_test.txt. Recorded by tests/golden/generator/gen_sh_builtins.py.
''', COREUTILS_TEST_CASES, TEST_SETUP)
    gen('coreutils_printf.txt', '''
# coreutils 9.1's /usr/bin/printf (not bash's builtin), each command line run as
# bash -c '<line>', LANG=C.UTF-8, as root, stdin /dev/null, stdout a pipe.
# Recorded by tests/golden/generator/gen_sh_builtins.py.
''', COREUTILS_PRINTF_CASES)
    gen('sh_printf.txt', '''
# bash 5.2.15's `printf` builtin, each command line run as bash -c '<line>' (messages
# "bash: line 1: ..."), LANG=C.UTF-8, as root, stdin /dev/null, stdout a pipe.
# Recorded by tests/golden/generator/gen_sh_builtins.py.
''', PRINTF_CASES)
