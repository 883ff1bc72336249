"""The JSON Schema every exported item is validated against.

Kept as a plain JSON file so users can validate our output with their own
tools; this module loads it once and reports errors by field.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from jsonschema import Draft202012Validator, FormatChecker


@lru_cache(maxsize=1)
def load_article_schema() -> dict:
    return json.loads(resources.files(__package__).joinpath("article.schema.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def article_validator() -> Draft202012Validator:
    return Draft202012Validator(load_article_schema(), format_checker=FormatChecker())


def validate_article(item: dict) -> list[str]:
    """Error messages naming the field, e.g. ``published: '2019' is not a 'date-time'``; [] when valid."""
    errors = []
    for error in sorted(article_validator().iter_errors(item), key=lambda e: list(e.path)):
        where = "/".join(str(p) for p in error.path) or "(item)"
        errors.append(f"{where}: {error.message[:200]}")
    return errors
