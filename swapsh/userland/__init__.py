"""Userland: libc and the programs of the simulated machine, grouped by the package
they come from. Programs reach the kernel only through libc's system calls."""
