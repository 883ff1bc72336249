"""Items straight from the replica's model, for benchmarks of the revision logic
(what the parser would produce, without the HTTP and HTML round trip)."""

from __future__ import annotations

from newscrawl.replica.generator import SiteModel
from newscrawl.revisions.headline import parse_headline

BASE = "http://127.0.0.1:8000"


def item_for(model: SiteModel, spec) -> dict:
    headline = parse_headline(spec.headline)
    return {
        "url": BASE + spec.path, "article_id": str(spec.id), "section": spec.section,
        "headline": spec.headline, "title": headline.title, "update": headline.update,
        "wire_flags": list(headline.wire_flags), "source": spec.source,
        "published": spec.published.isoformat(), "modified": spec.modified.isoformat(),
        "body": "\n\n".join(model.body(spec)),
    }


def parseable(model: SiteModel):
    """Articles that become items (the 404 and empty-bodied faults excluded)."""
    return [a for a in model.articles if a.fault not in ("not_found", "empty_body")]
