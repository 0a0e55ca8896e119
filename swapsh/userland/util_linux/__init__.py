"""util-linux 2.38.1 programs: mkswap, swapon, swapoff, dmesg, unshare, su."""
