"""Writing JSON Lines files atomically: a reader never sees a partial file.

The file is written under a temporary name in the target's directory, flushed
and fsynced, then renamed over the target (``os.replace`` is atomic on POSIX).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def dumps_line(item: dict) -> str:
    """One JSON Lines record: UTF-8, not ASCII-escaped, no newline inside."""
    return json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_jsonl_atomic(path: str | os.PathLike, items: Iterable[dict]) -> int:
    """Write *items* to *path* atomically; return how many were written."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for item in items:
                out.write(dumps_line(item))
                count += 1
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count
