"""kbd 2.5.1 programs: chvt."""
