"""Start a measured process and read what it costs: first paint, wall time, peak memory, CPU."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from tests.bench.environment import PAINT_PREFIX, ROOT


@dataclass(frozen=True)
class Run:
    """One finished process."""

    #: seconds from just before the process was started to its first painted frame
    paint: float | None
    #: seconds from start to exit
    wall: float
    #: peak resident memory, kB (``ru_maxrss`` of the child alone)
    maxrss_kb: int
    returncode: int
    stderr: str


class ProcessFailed(RuntimeError):
    pass


def run(command: list[str], env: dict[str, str], *, timeout: float = 120.0) -> Run:
    """Run ``command`` to its end; its own rusage comes from ``wait4`` (not its children's)."""
    started = time.monotonic()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    killer = threading.Timer(timeout, process.kill)
    killer.start()
    try:
        assert process.stderr is not None
        err = process.stderr.read().decode(errors="replace")
        _, status, usage = os.wait4(process.pid, 0)
        ended = time.monotonic()
    finally:
        killer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    paint = None
    for line in err.splitlines():
        if line.startswith(PAINT_PREFIX):
            paint = float(line[len(PAINT_PREFIX) :]) - started
    result = Run(paint, ended - started, int(usage.ru_maxrss), process.returncode, err)
    if process.returncode != 0:
        raise ProcessFailed(f"{command} exited {process.returncode}:\n{err[-2000:]}")
    return result


def cpu_ticks(pid: int) -> int:
    """utime + stime of a process so far, in clock ticks (``/proc/<pid>/stat``)."""
    text = Path(f"/proc/{pid}/stat").read_text()
    # The command name may hold spaces and parentheses: fields start after the last ")".
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[11]) + int(fields[12])


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")
