"""Harness that runs REAL tools and writes golden fixtures for swapsh.

Commands are written with the placeholder '@/' for the scratch directory
(/tmp/golden-work).  The recorded command line shows '@/' as '/', and the
scratch prefix is replaced by '/' in outputs (unless verbatim=True).
"""
import os
import re
import subprocess
import time

W = '/tmp/golden-work'
OUT = os.environ.get('GOLDEN_OUT', '/work/main/tests/golden')
FIXED_UUID = '11111111-2222-3333-4444-555555555555'
FIXED_UUID2 = '22222222-3333-4444-5555-666666666666'
PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
BASE_ENV = {'PATH': PATH, 'LANG': 'C.UTF-8', 'HOME': '/root', 'TERM': 'dumb',
            'USER': 'root', 'LOGNAME': 'root', 'SHELL': '/bin/bash'}
UUID_RE = re.compile(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}')
TIME_RE = re.compile(r'(copied), [^\n\r]*')
TS_RE = re.compile(r'^\[ *[0-9]+\.[0-9]+\]', re.M)
NOBODY = 'setpriv --reuid=nobody --regid=nogroup --clear-groups '


def sub_uuid(s):
    return UUID_RE.sub(lambda m: m.group(0) if m.group(0) in (FIXED_UUID, FIXED_UUID2) else '<UUID>', s)


def sub_path(s):
    return s.replace(W + '/', '/').replace(W, '/')


def sh(cmd, check=True):
    """Unrecorded setup step."""
    r = subprocess.run(['bash', '-c', cmd.replace('@/', W + '/')], cwd=W, env=BASE_ENV,
                       capture_output=True)
    if check and r.returncode != 0:
        raise RuntimeError('setup failed: %r: %r %r' % (cmd, r.stdout, r.stderr))
    return r.stdout.decode('utf-8', 'backslashreplace')


class Golden:
    def __init__(self, name, header):
        self.name = name
        self.header = '\n'.join(l for l in header.strip('\n').split('\n') if l.strip())
        self.cases = []

    def add(self, name, display, out, err, status):
        self.cases.append((name.replace('@/', '/'), display, out, err, status))

    def case(self, name, cmd, env=None, verbatim=False, stdin=None, timeout=120,
             keep_uuid=False, keep_time=False):
        actual = cmd.replace('@/', W + '/')
        display = actual if verbatim else cmd.replace('@/', '/')
        e = dict(BASE_ENV)
        if env:
            e.update(env)
        r = subprocess.run(['bash', '-c', actual], cwd=W, env=e, capture_output=True,
                           input=stdin, timeout=timeout,
                           stdin=None if stdin is not None else subprocess.DEVNULL)
        out = r.stdout.decode('utf-8', 'backslashreplace')
        err = r.stderr.decode('utf-8', 'backslashreplace')
        if not verbatim:
            out, err = sub_path(out), sub_path(err)
        if not keep_uuid:
            out, err = sub_uuid(out), sub_uuid(err)
        if not keep_time:
            err = TIME_RE.sub(r'\1, <TIME>', err)
            out = TIME_RE.sub(r'\1, <TIME>', out)
        self.add(name, display, out, err, r.returncode)
        return out, err, r.returncode

    def write(self):
        parts = [self.header + '\n'] if self.header else []
        for name, display, out, err, status in self.cases:
            parts.append('\n### case: %s\n$ %s\n' % (name, display))
            for label, text in (('stdout', out), ('stderr', err)):
                parts.append('--- %s\n' % label)
                if text:
                    parts.append(text)
                    if not text.endswith('\n'):
                        parts.append('\n\\ No newline at end of %s\n' % label)
            parts.append('--- status\n%d\n' % status)
        path = os.path.join(OUT, self.name)
        with open(path, 'w', encoding='utf-8', newline='') as f:
            f.write(''.join(parts))
        print('wrote', path, len(self.cases), 'cases')


def dmesg_lines():
    return subprocess.run(['dmesg'], capture_output=True, text=True).stdout.splitlines()


def run_interactive(cmd, env=None):
    """Run one command line in an interactive bash on a pty (no rc files,
    no line editing).  stdout/stderr of the shell are redirected to files
    after startup so they can be separated.  Returns (out, err, status)."""
    import pexpect
    e = dict(BASE_ENV)
    if env:
        e.update(env)
    errf, outf, rcf = W + '/.ierr', W + '/.iout', W + '/.irc'
    for f in (errf, outf, rcf):
        if os.path.exists(f):
            os.unlink(f)
    child = pexpect.spawn('/bin/bash', ['--norc', '--noprofile', '--noediting', '-i'],
                          cwd=W, env=e, encoding='utf-8', timeout=20)
    child.sendline("PS1= PS2=; exec 2>%s >%s" % (errf, outf))
    time.sleep(0.3)
    child.sendline(cmd)
    time.sleep(0.3)
    child.sendline('echo $? >%s; exec 2>/dev/null; exit' % rcf)
    try:
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    out = open(outf).read() if os.path.exists(outf) else ''
    err = open(errf).read() if os.path.exists(errf) else ''
    if os.path.exists(rcf):
        status = int(open(rcf).read().strip())
    else:
        status = child.exitstatus if child.exitstatus is not None else 128 + (child.signalstatus or 0)
    return sub_path(out), sub_path(err), status
