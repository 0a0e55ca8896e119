The seed's other comparison run: the same steps as transcripts/seed.t on the kernel
built without the patch's namespaces (CONFIG_SWAP_NS=n, `--no-swap-ns`). clone64
refuses CLONE_NEWSWAP with EINVAL, so both logins stay in the one swap space (and
have no cloned shell to exit); LTP's results are those of the run outside a
namespace.

#: mem 256M
#: seed 0
#: swap-ns off

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
  2$ clone64(CLONE_NEWSWAP|CLONE_NEWIPC)
  clone64: Invalid argument
  2$ swapon /s2
  1$ clone64(CLONE_NEWSWAP|CLONE_NEWIPC)
  clone64: Invalid argument
  1$ swapon /s1
  1$ cat /proc/swaps
  Filename\t\t\t\tType\t\tSize\tUsed\tPriority (esc)
  /s2                                     file\t\t524280\t0\t-1 (esc)
  /s1                                     file\t\t524280\t0\t-2 (esc)
  1$ cd $LTPDIR
  1$ ./runltp -p -l out1 > txt1 2>&1
  [*] Unable to find swap-space signature (glob)
  1$ cat results/out1
  Test Start Time: Wed Apr 30 12:00:00 2008
  -----------------------------------------
  Testcase                       Result     Exit Value
  --------                       ------     ----------
  swapoff01                      PASS       0   \x20 (esc)
  swapoff02                      PASS       0   \x20 (esc)
  swapon01                       PASS       0   \x20 (esc)
  swapon02                       PASS       0   \x20 (esc)
  swapon03                       PASS       0   \x20 (esc)
  mem01                          PASS       0   \x20 (esc)
  shmt02                         PASS       0   \x20 (esc)
  shmt03                         PASS       0   \x20 (esc)
  shmt05                         PASS       0   \x20 (esc)
  shmt07                         PASS       0   \x20 (esc)
  shmt08                         PASS       0   \x20 (esc)
  shmt09                         PASS       0   \x20 (esc)
  shmt10                         PASS       0   \x20 (esc)
  
  -----------------------------------------------
  Total Tests: 13
  Total Failures: 0
  Kernel Version: 2.6.25-swapns
  Machine Architecture: x86_64
  Hostname: swapsh
  

Every test passes, as outside a namespace, and /s2 took pages of the run.

  2$ strings /s2 | grep -c -e runltp -e LTPROOT -e mem01
  13
