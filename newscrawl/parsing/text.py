"""Text clean-up shared by every site's parser.

Pages indent their markup, put non-breaking spaces between words and hide
scripts inside paragraphs; fields must come out as plain single-spaced text.
"""

from __future__ import annotations

import re

from lxml import etree

#: Every run of whitespace; for ``str`` patterns ``\s`` includes NBSP and the other Unicode spaces.
_SPACE = re.compile(r"\s+")
#: Invisible characters that only get in the way of comparisons (zero-width space, BOM).
_INVISIBLE_CHARS = re.compile("[\u200b\ufeff]")
#: Elements whose text is never reader-visible prose.
_INVISIBLE = frozenset({"script", "style", "noscript", "template"})
#: Elements that break a line: their neighbours must not run together.
_BREAKS = frozenset({"br", "hr"})


def clean(text: str | None) -> str | None:
    """Collapse whitespace (NBSP included) and strip; empty becomes None."""
    if text is None:
        return None
    value = _SPACE.sub(" ", _INVISIBLE_CHARS.sub("", str(text))).strip()
    return value or None


def strip_label(text: str | None, label: re.Pattern) -> str | None:
    """Remove a leading label such as ``Created:`` and clean the rest."""
    value = clean(text)
    if value is None:
        return None
    return clean(label.sub("", value, count=1))


def node_text(node) -> str | None:
    """The visible text of an element (parsel Selector or lxml element), cleaned.

    Unlike ``::text`` it skips ``<script>``/``<style>`` content (an ad script
    inside a paragraph is not prose) and keeps words apart across ``<br>``.
    """
    root = getattr(node, "root", node)
    if isinstance(root, str):
        return clean(root)
    if not isinstance(root, etree._Element):
        return None
    return clean("".join(_texts(root)))


def _texts(element):
    """Text pieces of *element* in document order (its own tail is the caller's)."""
    if not isinstance(element.tag, str):
        return  # comments and processing instructions carry no prose
    tag = element.tag.lower()
    if tag in _INVISIBLE:
        return
    if tag in _BREAKS:
        yield " "
    if element.text:
        yield element.text
    for child in element:
        yield from _texts(child)
        if child.tail:
            yield child.tail
