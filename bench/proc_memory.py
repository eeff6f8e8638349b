"""A running process's peak resident memory, read while it runs (the rusage of a child forked
from a large benchmark process would count that process's pages too)."""


def high_water_kb(pid):
    """The process's VmHWM in KiB; 0 when it is gone or unreadable."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0
