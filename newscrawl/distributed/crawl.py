"""One crawl shared by several workers, as Redis keys and atomic scripts.

Everything a worker needs to know about the others lives under
``<prefix>:crawl:<crawl id>:``:

``requests``           scrapy-redis's priority queue (a sorted set of serialised requests)
``dupefilter``         scrapy-redis's fingerprint set
``workers``            worker id -> time of its last heartbeat (Redis server time)
``inflight:<worker>``  requests the worker has taken and not finished, by claim token

Taking a request moves it from the queue into the taker's in-flight hash in one
script, and a worker drops a token only once Scrapy has finished the request
(callback run, its new requests queued, its items stored). So a request is
always either queued or in flight: a worker that dies (no heartbeat for
``timeout`` seconds) has its in-flight requests put back in the queue by whoever
notices, and nothing it held is lost. The crawl is done when the queue is empty
and no registered worker holds anything; the first worker to see that clears
the duplicate filter, so the next crawl under the same id starts afresh.
"""

from __future__ import annotations

from collections.abc import Iterable

import redis

# Lua helpers shared by the scripts: server time (no clock skew between machines),
# and putting a worker's in-flight requests back in the queue.
_COMMON = """
local function now()
  local t = redis.call('TIME')
  return tonumber(t[1]) + tonumber(t[2]) / 1000000
end
local function requeue(base, worker)
  local inflight = base .. ':inflight:' .. worker
  local entries = redis.call('HGETALL', inflight)
  for i = 1, #entries, 2 do
    local score = tonumber(string.match(entries[i], '^(.*):%d+$'))
    redis.call('ZADD', base .. ':requests', score, entries[i + 1])
  end
  redis.call('DEL', inflight)
  return #entries / 2
end
"""

#: Take the first request of the queue into ARGV[2]'s in-flight hash; returns {token, data} or nil.
TAKE = _COMMON + """
local base, worker = ARGV[1], ARGV[2]
local head = redis.call('ZRANGE', base .. ':requests', 0, 0, 'WITHSCORES')
if #head == 0 then return nil end
redis.call('ZREM', base .. ':requests', head[1])
local token = head[2] .. ':' .. redis.call('INCR', base .. ':seq')
redis.call('HSET', base .. ':inflight:' .. worker, token, head[1])
redis.call('ZADD', base .. ':workers', 'XX', now(), worker)
return {token, head[1]}
"""

#: Register ARGV[2] (or refresh its heartbeat); then requeue and forget workers silent for ARGV[3] s.
BEAT = _COMMON + """
local base, worker, timeout = ARGV[1], ARGV[2], tonumber(ARGV[3])
local t = now()
if worker ~= '' then redis.call('ZADD', base .. ':workers', t, worker) end
local requeued = 0
local dead = redis.call('ZRANGEBYSCORE', base .. ':workers', '-inf', t - timeout)
for _, w in ipairs(dead) do
  requeued = requeued + requeue(base, w)
  redis.call('ZREM', base .. ':workers', w)
end
return {#dead, requeued}
"""

#: Put ARGV[2]'s in-flight requests back (a worker stopping before it finished them).
RELEASE = _COMMON + """
return requeue(ARGV[1], ARGV[2])
"""

#: 1 if nothing is queued and no registered worker holds a request; then clear the duplicate filter.
FINISH_IF_DONE = """
local base = ARGV[1]
if redis.call('ZCARD', base .. ':requests') > 0 then return 0 end
for _, w in ipairs(redis.call('ZRANGE', base .. ':workers', 0, -1)) do
  if redis.call('HLEN', base .. ':inflight:' .. w) > 0 then return 0 end
end
redis.call('DEL', base .. ':dupefilter', base .. ':seq')
return 1
"""


class SharedCrawl:
    """The Redis side of one shared crawl; see the module docstring."""

    def __init__(self, client: redis.Redis, prefix: str, crawl_id: str, worker_id: str, timeout: float = 30.0):
        self.r = client
        self.base = f"{prefix}:crawl:{crawl_id}"
        self.worker_id = worker_id
        self.timeout = timeout
        self._take = client.register_script(TAKE)
        self._beat = client.register_script(BEAT)
        self._release = client.register_script(RELEASE)
        self._finish = client.register_script(FINISH_IF_DONE)

    # keys scrapy-redis's queue and duplicate filter are given
    @property
    def queue_key(self) -> str:
        return f"{self.base}:requests"

    @property
    def dupefilter_key(self) -> str:
        return f"{self.base}:dupefilter"

    @property
    def inflight_key(self) -> str:
        return f"{self.base}:inflight:{self.worker_id}"

    def take(self) -> tuple[str, bytes] | None:
        """The queue's first request, now in flight with this worker: (token, data)."""
        found = self._take(args=[self.base, self.worker_id])
        if not found:
            return None
        token, data = found
        return token.decode() if isinstance(token, bytes) else token, data

    def beat(self) -> tuple[int, int]:
        """Heartbeat; also requeue the requests of dead workers. Returns (dead workers, requeued)."""
        dead, requeued = self._beat(args=[self.base, self.worker_id, self.timeout])
        return int(dead), int(requeued)

    def settle(self, active_tokens: Iterable[str]) -> int:
        """Drop the in-flight tokens of requests this worker has finished. Returns how many."""
        active = set(active_tokens)
        finished = [t for t in (k.decode() for k in self.r.hkeys(self.inflight_key)) if t not in active]
        if finished:
            self.r.hdel(self.inflight_key, *finished)
        return len(finished)

    def release(self) -> int:
        """Put this worker's unfinished requests back in the queue (a stop before finishing)."""
        return int(self._release(args=[self.base, self.worker_id]))

    def leave(self) -> None:
        self.release()
        self.r.zrem(f"{self.base}:workers", self.worker_id)

    def finish_if_done(self) -> bool:
        return bool(self._finish(args=[self.base]))

    def queued(self) -> int:
        return int(self.r.zcard(self.queue_key))

    def live_workers(self) -> set[str]:
        """Workers with a recent heartbeat (dead ones are forgotten first)."""
        self._beat(args=[self.base, "", self.timeout])
        return {w.decode() for w in self.r.zrange(f"{self.base}:workers", 0, -1)}
