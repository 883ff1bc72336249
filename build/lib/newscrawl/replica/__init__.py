"""A local replica of the target site, for tests, benchmarks and the offline demo.

    python -m newscrawl.replica --port 8000 --articles 2000

See :mod:`newscrawl.replica.generator` (content and ground truth) and
:mod:`newscrawl.replica.server` (HTTP, request log).
"""

from newscrawl.replica.generator import SiteModel
from newscrawl.replica.server import ReplicaServer

__all__ = ["ReplicaServer", "SiteModel"]
