The seed's experiment: Serge Hallyn's "swap namespaces" post (April 2008), replayed on
two logins of one machine, as in the post's two-column record. Login N is the virtual
console ttyN. The post leaves out chmod 600 and mkswap before swapon; they are here.
Replay it with `swapsh replay --check transcripts/seed.t`, or see it in two columns
with `swapsh replay --side-by-side transcripts/seed.t`.

#: mem 256M
#: seed 0
#: swap-ns on

Two 512 MiB files, one for each login's swap namespace.

  1$ dd if=/dev/zero of=/s1 bs=1M \
  > count=512
  512+0 records in
  512+0 records out
  536870912 bytes (537 MB, 512 MiB) copied, * s, * (glob)
  2$ dd if=/dev/zero of=/s2 bs=1M \
  > count=512
  512+0 records in
  512+0 records out
  536870912 bytes (537 MB, 512 MiB) copied, * s, * (glob)
  1$ chmod 600 /s1
  1$ mkswap /s1
  Setting up swapspace version 1, size = 512 MiB (536866816 bytes)
  no label, UUID=cd072cd8-be6f-4f62-ac4c-09c28206e7e3
  2$ chmod 600 /s2
  2$ mkswap /s2
  Setting up swapspace version 1, size = 512 MiB (536866816 bytes)
  no label, UUID=5594aa6b-342f-4d0a-ba5e-4842fab428f7
  1$ strings -t d /s2
     1039 k4/M
     4086 SWAPSPACE2
(you see only the swap signature)

Each login clones a shell into a swap namespace of its own (clone64 needs
CLONE_NEWIPC with CLONE_NEWSWAP) and swaps on its file. Each namespace's /proc/swaps
shows only its own file.

  2$ clone64(CLONE_NEWSWAP|CLONE_NEWIPC)
  2$ swapon /s2
  2$ cat /proc/swaps
  Filename\t\t\t\tType\t\tSize\tUsed\tPriority (esc)
  /s2                                     file\t\t524280\t0\t-1 (esc)
  1$ clone64(CLONE_NEWSWAP|CLONE_NEWIPC)
  1$ swapon /s1
  1$ cat /proc/swaps
  Filename\t\t\t\tType\t\tSize\tUsed\tPriority (esc)
  /s1                                     file\t\t524280\t0\t-2 (esc)
  1$ cd $LTPDIR
  1$ ./runltp -p -l out1 > txt1 2>&1
  \[ *[0-9.]+\] Out of memory: kill process [0-9]+ \(mem01\) score [0-9]+ or a child (re)
  \[ *[0-9.]+\] Killed process [0-9]+ \(mem01\) (re)
(let ltp run...)

The kernel's messages appear on the active console, tty1: mem01 was killed by the
OOM killer. In LTP's results, the tests that fail here and pass outside a swap
namespace (transcripts/seed-outside-ns.t) and on the kernel without the patch
(transcripts/seed-no-swap-ns.t) are the seed's five: swapon01, swapon02, swapoff01,
swapoff02 (/s1 is this namespace's one file, so no other can be swapped on) and mem01.

  1$ cat results/out1
  Test Start Time: Wed Apr 30 12:00:00 2008
  -----------------------------------------
  Testcase                       Result     Exit Value
  --------                       ------     ----------
  swapoff01                      FAIL       4   \x20 (esc)
  swapoff02                      FAIL       2   \x20 (esc)
  swapon01                       FAIL       1   \x20 (esc)
  swapon02                       FAIL       5   \x20 (esc)
  swapon03                       PASS       0   \x20 (esc)
  mem01                          FAIL       9   \x20 (esc)
  shmt02                         PASS       0   \x20 (esc)
  shmt03                         PASS       0   \x20 (esc)
  shmt05                         PASS       0   \x20 (esc)
  shmt07                         PASS       0   \x20 (esc)
  shmt08                         PASS       0   \x20 (esc)
  shmt09                         PASS       0   \x20 (esc)
  shmt10                         PASS       0   \x20 (esc)
  
  -----------------------------------------------
  Total Tests: 13
  Total Failures: 5
  Kernel Version: 2.6.25-swapns
  Machine Architecture: x86_64
  Hostname: swapsh
  
  1$ exit
  exit
  2$ exit
  exit

Each namespace's last reference went with its shell, and with it its swap file.
"The output of strings /s2 contains no memory from the ltp run": past the header, /s2
holds only what mem01's pressure pushed out of login 2's own idle shell.

  2$ cat /proc/swaps
  Filename\t\t\t\tType\t\tSize\tUsed\tPriority (esc)
  2$ strings -t d /s2
     1039 k4/M
     4086 SWAPSPACE2
     7998 bash
     8003 HOME=/root
     8014 LANG=C.UTF-8
     8027 LOGNAME=root
     8040 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/opt/ltp
     8115 SHELL=/bin/bash
     8131 TERM=linux
     8142 USER=root
     8152 SHLVL=1
     8160 LTPDIR=/opt/ltp
     8192 cat /proc/swaps
     8208 /root:/bin/bash
     8224 daemon:x:1:1:daemon:/usr/sbin:/bin/sh
     8262 bin:x:2:2:bin:/bin:/bin/sh
     8289 nobody:x:65534:65534:nobody:/nonexistent:/bin/sh
  2$ strings /s2 | grep -c -e runltp -e LTPROOT -e mem01
  0
