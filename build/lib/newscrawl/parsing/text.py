"""Text clean-up shared by every site's parser."""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")


def clean(text: str | None) -> str | None:
    """Collapse whitespace (NBSP included) and strip; empty becomes None."""
    if text is None:
        return None
    value = _SPACE.sub(" ", text.replace("\xa0", " ")).strip()
    return value or None


def strip_label(text: str | None, label: re.Pattern) -> str | None:
    """Remove a leading label such as ``Created:`` and clean the rest."""
    value = clean(text)
    if value is None:
        return None
    return clean(label.sub("", value, count=1))
