"""One run at a time per state store.

A kernel lock (``flock``) on ``<store>.lock``: it is released when the holding
process ends, however it ends, so a lock left by a killed run is recovered
without any clean-up or guessing about stale PIDs. The file also says who
holds it, for the message the second run prints.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from pathlib import Path


class Locked(RuntimeError):
    """Another run holds the lock; the message is one line."""


def lock_path_for(state_uri: str) -> Path | None:
    """The lock file beside a SQLite store; None for a store that cannot be shared."""
    from newscrawl.state.sqlite import path_from_uri

    if state_uri.startswith("sqlite:"):
        path = path_from_uri(state_uri)
        return None if path == ":memory:" else Path(path + ".lock")
    return None


class RunLock:
    def __init__(self, path: Path | None):
        self.path = path
        self.fd: int | None = None

    def __enter__(self) -> "RunLock":
        if self.path is None:
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise Locked(f"another run holds {self.path} ({holder}); try again when it has finished") from None
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid(), "since": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}).encode())
        self.fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


def _read_holder(fd: int) -> str:
    try:
        info = json.loads(os.pread(fd, 4096, 0) or b"{}")
        return f"pid {info.get('pid')} since {info.get('since')}"
    except (OSError, ValueError):
        return "holder unknown"
