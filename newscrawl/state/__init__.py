"""State across runs: the store interface and its backends, chosen by URI.

``NEWSCRAWL_STATE_URI`` picks the backend: ``sqlite:///path.db`` (default,
embedded) or ``sqlite://:memory:`` for a throw-away run.
"""

from __future__ import annotations

from newscrawl.state.base import StateStore

DEFAULT_STATE_URI = "sqlite:///.newscrawl/state.db"


def open_store(uri: str | None = None) -> StateStore:
    """Open the store *uri* names (creating it on first use)."""
    uri = uri or DEFAULT_STATE_URI
    scheme = uri.split(":", 1)[0].lower()
    if scheme == "sqlite":
        from newscrawl.state.sqlite import SQLiteStore

        return SQLiteStore.from_uri(uri)
    raise ValueError(f"unsupported state URI {uri!r} (expected sqlite:///path/to/state.db)")
