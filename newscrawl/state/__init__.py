"""State across runs: the store interface and its backends, chosen by URI.

``NEWSCRAWL_STATE_URI`` picks the backend: ``sqlite:///path.db`` (default,
embedded), ``sqlite://:memory:`` for a throw-away run, or
``redis://[:password@]host:port/db[?prefix=name]`` for several machines.
"""

from __future__ import annotations

import os

from newscrawl.state.base import StateStore

DEFAULT_STATE_URI = "sqlite:///.newscrawl/state.db"


def state_uri(settings) -> str:
    """The store to use: ``-s NEWSCRAWL_STATE_URI`` on the command line, else the
    environment variable of that name, else the settings file's value.

    A URI with a password belongs in the environment: Scrapy logs the settings
    given with ``-s``.
    """
    from scrapy.settings import SETTINGS_PRIORITIES

    if settings.getpriority("NEWSCRAWL_STATE_URI") >= SETTINGS_PRIORITIES["cmdline"]:
        return settings.get("NEWSCRAWL_STATE_URI")
    return os.environ.get("NEWSCRAWL_STATE_URI") or settings.get("NEWSCRAWL_STATE_URI") or DEFAULT_STATE_URI


REDIS_SCHEMES = ("redis", "rediss", "unix")


def is_redis(uri: str) -> bool:
    return uri.split(":", 1)[0].lower() in REDIS_SCHEMES


def queue_uri(settings, state: str | None = None) -> str | None:
    """The Redis of distributed mode's shared queue: ``NEWSCRAWL_QUEUE_URI`` (environment
    or setting), else the state store's (*state*, or the settings') when that is a Redis;
    None when there is none."""
    uri = os.environ.get("NEWSCRAWL_QUEUE_URI") or settings.get("NEWSCRAWL_QUEUE_URI") \
        or state or state_uri(settings)
    return uri if is_redis(uri) else None


def check_uri(uri: str) -> None:
    """Raise ValueError, with one line saying what is accepted, for a URI no backend takes."""
    scheme = uri.split(":", 1)[0].lower()
    if scheme == "sqlite":
        from newscrawl.state.sqlite import path_from_uri

        path_from_uri(uri)
        return
    if is_redis(uri):
        return
    raise ValueError(f"unsupported state URI {redact(uri)!r} "
                     "(expected sqlite:///path/to/state.db or redis://host:6379/0)")


def open_store(uri: str | None = None) -> StateStore:
    """Open the store *uri* names (creating it on first use)."""
    uri = uri or DEFAULT_STATE_URI
    check_uri(uri)
    if uri.startswith("sqlite:"):
        from newscrawl.state.sqlite import SQLiteStore

        return SQLiteStore.from_uri(uri)
    from newscrawl.state.redis import RedisStore

    return RedisStore.from_uri(uri)


def redact(uri: str) -> str:
    """*uri* without its password: state URIs may carry secrets and must not be logged."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(uri)
    if parts.password is None:
        return uri
    netloc = f"{parts.username or ''}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))
