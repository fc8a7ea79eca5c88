"""Running a benchmark phase in a fresh interpreter and measuring it from outside.

Peak memory is the largest sum of resident memory over the phase's process and all its
descendants (the image workers), sampled every 20 ms; CPU is the user+system time of the same
process tree, read from /proc (Linux only) while the phase runs, so that workers count
whichever process reaps them.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                children = [int(c) for c in (task / "children").read_text().split()]
                found += children
                stack += children
        except (OSError, ValueError):
            continue
    return found


def stat(pid: int) -> list[str]:
    """Fields of /proc/PID/stat after the command name (field 3 onwards)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _tree(pid: int, cpu: dict[int, float]) -> int:
    """Resident bytes of a process and all its descendants; records each one's CPU seconds so
    far in `cpu`."""
    total = 0
    for current in [pid, *descendants(pid)]:
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines()
                              if line.startswith("VmRSS:"))) * 1024
            fields = stat(current)
            cpu[current] = max(cpu.get(current, 0.0),
                               (int(fields[11]) + int(fields[12])) / TICKS)
        except (OSError, StopIteration, ValueError, IndexError):
            continue
    return total


def run(script: str, root: Path, phase: str, argument: object) -> dict:
    """Run `script --phase PHASE ARGUMENT` in a fresh interpreter (it prints its result as
    JSON on its last line); add the phase's peak memory and CPU seconds."""
    command = [sys.executable, script, "--phase", phase, json.dumps(argument)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, cwd=root, text=True)
    peak = 0
    cpu: dict[int, float] = {}
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree(process.pid, cpu))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = process.communicate()
    done.set()
    sampler.join()
    if process.returncode:
        raise SystemExit(f"phase {phase} failed")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_mb"] = peak / 1e6
    # sampled every 20 ms, so each process's last few milliseconds are missing; interpreter
    # start is included
    result["cpu"] = sum(cpu.values())
    return result


def median_of(script: str, root: Path, phase: str, argument: object, times: int) -> dict:
    """The middle run's result, with the median wall and CPU seconds of `times` runs."""
    results = [run(script, root, phase, argument) for _ in range(times)]
    best = dict(results[len(results) // 2])
    for key in ("seconds", "cpu"):
        best[key] = statistics.median(r[key] for r in results)
    return best
