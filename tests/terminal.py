"""medbib run as a user at a terminal sees it: stderr on a pseudo-terminal (the progress bars)."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path


def run_on_tty(args: list[str], cwd: Path | None = None) -> tuple[int, str]:
    """Run medbib with stderr on a pseudo-terminal; return (exit code, what the terminal showed)."""
    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": "160", "TERM": "xterm"}
    proc = subprocess.Popen([sys.executable, "-m", "medbib", *args], cwd=cwd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            proc.kill()
            break
        try:
            data = os.read(master, 65536)
        except OSError:  # the child closed its end
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return proc.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")
