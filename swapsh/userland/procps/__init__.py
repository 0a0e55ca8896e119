"""procps-ng 4.0.2: free, ps, kill."""
