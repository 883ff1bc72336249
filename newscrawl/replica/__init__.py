"""A local replica of the target site, for tests, benchmarks and the offline demo.

    python -m newscrawl.replica --port 8000 --articles 2000

``SiteModel`` (:mod:`.generator`) is the content and its ground truth
(``truth()``, ``expected_latest()``, ``faults``, the movable clock ``now``);
``ReplicaServer`` (:mod:`.server`) serves it over HTTP on loopback with a
request log; :mod:`.pages` renders the contract's markup.
"""

from newscrawl.replica.generator import SiteModel
from newscrawl.replica.server import ReplicaServer

__all__ = ["ReplicaServer", "SiteModel"]
