"""The simulated kernel: Linux 2.6.25 plus the swap namespaces patch.

Nothing under this package imports the front-ends, the syscall layer or userland.
"""
