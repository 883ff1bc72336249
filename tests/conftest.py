"""Shared pytest fixtures. Each part of the project keeps its own marked section."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# --- Parser tests (tests/test_parsing_*.py, tests/test_items.py) ---------------------------------

TESTS_DIR = Path(__file__).resolve().parent
FIXTURES_DIR = TESTS_DIR / "fixtures"


def site_spec_candidates() -> list[Path]:
    """Where the site contract may be: $NEWSCRAWL_SITE_SPEC, <repo>/../shared/site-spec, /work/shared/site-spec."""
    env = os.environ.get("NEWSCRAWL_SITE_SPEC")
    return [Path(p) for p in (env, TESTS_DIR.parent.parent / "shared" / "site-spec", "/work/shared/site-spec") if p]


@pytest.fixture(scope="session")
def site_spec() -> Path:
    """The contract folder; a missing contract fails the tests (never skips them)."""
    for candidate in site_spec_candidates():
        if candidate.is_dir():
            return candidate
    pytest.fail("the site contract (shared/site-spec) is missing: set NEWSCRAWL_SITE_SPEC to its folder; "
                f"looked in {[str(c) for c in site_spec_candidates()]}")


@pytest.fixture(scope="session")
def spec_text(site_spec):
    """``spec_text("article-legacy.html")``: a contract file's text, failing clearly when absent."""
    def read(name: str) -> str:
        path = site_spec / name
        if not path.is_file():
            pytest.fail(f"the site contract file {path} is missing")
        return path.read_text(encoding="utf-8")
    return read


@pytest.fixture(scope="session")
def page():
    """``page("legacy_tea_auction.html")``: one of our own fixture pages in tests/fixtures."""
    def read(name: str) -> str:
        return (FIXTURES_DIR / name).read_text(encoding="utf-8")
    return read

# --- End of the parser tests' section ---------------------------------------------------------------
