"""State across runs: the store interface and its backends, chosen by URI.

``NEWSCRAWL_STATE_URI`` picks the backend: ``sqlite:///path.db`` (default,
embedded) or ``sqlite://:memory:`` for a throw-away run.
"""

from __future__ import annotations

from newscrawl.state.base import StateStore

DEFAULT_STATE_URI = "sqlite:///.newscrawl/state.db"


def check_uri(uri: str) -> None:
    """Raise ValueError, with one line saying what is accepted, for a URI no backend takes."""
    scheme = uri.split(":", 1)[0].lower()
    if scheme == "sqlite":
        from newscrawl.state.sqlite import path_from_uri

        path_from_uri(uri)
        return
    raise ValueError(f"unsupported state URI {uri!r} (expected sqlite:///path/to/state.db)")


def open_store(uri: str | None = None) -> StateStore:
    """Open the store *uri* names (creating it on first use)."""
    uri = uri or DEFAULT_STATE_URI
    check_uri(uri)
    from newscrawl.state.sqlite import SQLiteStore

    return SQLiteStore.from_uri(uri)
