"""The JSON Schema every exported item is validated against.

Kept as a plain JSON file (draft 2020-12) so users can validate our output
with their own tools; this module loads it once and reports errors by field.
Formats (``date-time``, ``uri``) are checked, not just annotated: jsonschema's
FormatChecker does that when ``rfc3339-validator`` and ``rfc3987`` are installed
(:data:`CHECKED_FORMATS`; the test suite fails when they are not).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources

from jsonschema import Draft202012Validator, FormatChecker

#: Formats the schema relies on; each needs a checker, or it would pass silently.
REQUIRED_FORMATS = frozenset({"date-time", "uri"})
CHECKED_FORMATS = frozenset(f for f in REQUIRED_FORMATS if f in FormatChecker().checkers)


@lru_cache(maxsize=1)
def load_article_schema() -> dict:
    """The article schema as a dict (package data, so it ships with Scrapyd eggs)."""
    return json.loads(resources.files(__package__).joinpath("article.schema.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def article_validator() -> Draft202012Validator:
    """A ready validator (the schema itself checked once, formats enforced)."""
    schema = load_article_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def validate_article(item: Mapping) -> list[str]:
    """Error messages naming the field, e.g. ``published: '2019' is not a 'date-time'``; [] when valid.

    A missing field is reported as ``(item): 'tags' is a required property``.
    """
    errors = []
    for error in sorted(article_validator().iter_errors(dict(item)), key=lambda e: [str(p) for p in e.path]):
        where = "/".join(str(p) for p in error.path) or "(item)"
        errors.append(f"{where}: {error.message[:200]}")
    return errors
