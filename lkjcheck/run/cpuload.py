"""How much CPU this machine leaves us: idle ticks from /proc/stat, and our processes' own ticks.

Read by `run.parallel` to plan and watch `--jobs auto`. Every read is
bounded and any surprise (no /proc, a strange line) gives None, which makes
the planner fall back to what it did without a measure.
"""
from __future__ import annotations

import os
import time

# /proc/stat lists the CPUs first; this much holds the lines of ~500 CPUs.
# A longer file is cut here, and CPUs beyond the cut are judged by the total.
PROC_STAT_MAX = 1 << 15
# Below this much wall time the first chunk's idle ticks (100 a second per
# CPU) are too few to tell a free core from a busy one: plan as without them.
SPARE_MIN_SECONDS = 0.2


def cpu_ticks(text: str) -> dict | None:
    """The CPU lines of a /proc/stat text: {"cpu": (all ticks, idle ticks), "cpu0": …}, or None if it has none.

    Idle counts iowait too (a CPU that waits on a disk would run a worker).
    All ticks are the first eight fields: guest time is already in user.
    """
    out: dict = {}
    for line in text.splitlines():
        if not line.startswith("cpu"):
            break
        name, *fields = line.split()
        if len(fields) < 4:
            break                         # cut off mid-line
        try:
            values = [int(v) for v in fields[:8]]
        except ValueError:
            return None
        out[name] = (sum(values), values[3] + (values[4] if len(values) > 4 else 0))
    return out if "cpu" in out else None


def read_cpu_ticks(path: str = "/proc/stat") -> dict | None:
    """`cpu_ticks` of this machine now; None where there is no /proc/stat (not Linux) or it reads strangely."""
    try:
        with open(path, "rb") as fh:
            return cpu_ticks(fh.read(PROC_STAT_MAX).decode("ascii", "replace"))
    except (OSError, ValueError):
        return None


def spare_cpus(before: dict, after: dict, allowed) -> float | None:
    """Cores' worth of the `allowed` CPUs (numbers) that stayed idle between two `cpu_ticks`; None if nothing was counted.

    CPUs listed in both samples are counted one by one; one missing (a cut
    file) counts as idle as the machine as a whole was.
    """
    if "cpu" not in before or "cpu" not in after or after["cpu"][0] <= before["cpu"][0]:
        return None
    machine = (after["cpu"][1] - before["cpu"][1]) / (after["cpu"][0] - before["cpu"][0])
    spare = 0.0
    for n in allowed:
        a, b = after.get(f"cpu{n}"), before.get(f"cpu{n}")
        idle = (a[1] - b[1]) / (a[0] - b[0]) if a and b and a[0] > b[0] else machine
        spare += max(0.0, min(1.0, idle))
    return spare


def _process_ticks(pid: int) -> int | None:
    """User and system ticks of process `pid` so far (/proc/PID/stat), or None."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read(4096).rsplit(b")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return None


class Watch:
    """Between the parent's chunks: the cores' worth this process and its workers got since the last look."""

    def __init__(self):
        try:
            self.hz = os.sysconf("SC_CLK_TCK")
        except (AttributeError, OSError, ValueError):
            self.hz = 100
        self.last = None

    def sample(self, pids):
        ticks = [_process_ticks(p) for p in pids]
        if any(t is None for t in ticks):
            return None
        return time.monotonic(), time.process_time(), sum(ticks) / self.hz

    def cores(self, pids) -> float | None:
        """None until SPARE_MIN_SECONDS have passed since the last measure: a look sooner keeps
        that one as its start, so chunks shorter than that are still measured, over several."""
        now, prev = self.sample(pids), self.last
        if now is None or prev is None:
            self.last = now
            return None
        if now[0] - prev[0] < SPARE_MIN_SECONDS:
            return None
        self.last = now
        return (now[1] - prev[1] + now[2] - prev[2]) / (now[0] - prev[0])
