"""The system call layer: decode arguments, call the kernel, turn KernelError into
-errno. The only way userland reaches the kernel."""
