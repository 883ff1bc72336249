"""Feed storage that a reader can trust: a file appears complete or not at all.

Scrapy's file storage writes the final file as items arrive, so a killed run
leaves a partial file and a reader can see a partial line. Here items go to a
hidden temporary file beside the target (``.<name>.part``), which is fsynced
and renamed over the target only when the feed is complete; ``os.replace`` is
atomic. The state store counts a run's exports only after this rename
(see :class:`newscrawl.extensions.state.CrawlState`).
"""

from __future__ import annotations

import os
from pathlib import Path

from scrapy.extensions.feedexport import FileFeedStorage


def part_path(path: str | os.PathLike) -> Path:
    target = Path(path)
    return target.with_name(f".{target.name}.part")


class AtomicFileFeedStorage(FileFeedStorage):
    """FileFeedStorage writing ``.<name>.part`` and renaming it into place when done.

    The target is always replaced whole (a run's feed has a name of its own).
    """

    def open(self, spider):
        target = Path(self.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        return part_path(target).open("wb")

    def store(self, file):
        file.flush()
        os.fsync(file.fileno())
        file.close()
        target = Path(self.path)
        os.replace(part_path(target), target)
        directory = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
