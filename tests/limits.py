"""Run the `guide` command in a child process under resource limits, as the hostile-input tests need.

Time is bounded by CPU seconds (RLIMIT_CPU), not wall time, so a busy machine does not make a
test fail; memory by address space (RLIMIT_AS). A child over a limit is killed (SIGXCPU) or gets
MemoryError, and the test reports which limit it hit.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

CPU_SECONDS = 5
MEMORY_MB = 500
WALL_TIMEOUT = 120  # only against a hang (a FIFO, a lock): CPU limits do not see sleeping


@dataclass
class Limited:
    returncode: int
    stdout: str
    stderr: str
    cpu_seconds: float
    max_rss_mb: float

    def over_limit(self) -> str:
        """Which limit the child hit, or ''."""
        if self.returncode == -signal.SIGXCPU:
            return f"more than {CPU_SECONDS} s of CPU"
        if "MemoryError" in self.stderr:
            return f"more than {MEMORY_MB} MB"
        return ""


def _limits(cpu_seconds: int, memory_mb: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))
    return apply


def run_guide(*args: str, cwd: Path | None = None, stdin: str = "", cpu_seconds: int = CPU_SECONDS,
              memory_mb: int = MEMORY_MB, env: dict[str, str] | None = None) -> Limited:
    """`python -m guide ARGS` under the limits, with its CPU time and peak memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run([sys.executable, "-m", "guide", *args], input=stdin, capture_output=True, text=True,
                            cwd=cwd, env={**os.environ, **(env or {})}, timeout=WALL_TIMEOUT, check=False,
                            preexec_fn=_limits(cpu_seconds, memory_mb))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Limited(result.returncode, result.stdout, result.stderr, cpu, after.ru_maxrss / 1024)
