"""What both article layouts share: URL, structured data, body rules.

A layout is a subclass naming its selectors (``SPEC``) and, where it differs,
overriding one small method per field. Each method returns candidate values
in priority order; the item loader keeps the first non-empty one.
"""

from __future__ import annotations

import json
from functools import cached_property
from urllib.parse import urljoin

from parsel import Selector

from newscrawl.parsing.devdiscourse import selectors as S
from newscrawl.parsing.text import clean


class ArticlePage:
    layout = ""
    SPEC: dict[str, str] = {}

    def __init__(self, selector: Selector, url: str):
        self.sel = selector
        self.response_url = url

    # --- identity ------------------------------------------------------------
    def url(self) -> list[str | None]:
        return [self._abs(self.sel.css(S.CANONICAL).get()), self._abs(self.sel.css(S.OG_URL).get()),
                self.response_url]

    def article_id(self) -> list[str | None]:
        return [self.sel.css(self.SPEC["article_id"]).get()]

    # --- structured data -----------------------------------------------------
    @cached_property
    def json_ld(self) -> dict:
        """The page's NewsArticle object from JSON-LD, or {} (broken JSON is ignored)."""
        for raw in self.sel.css(S.JSON_LD).getall():
            try:
                data = json.loads(raw, strict=False)
            except ValueError:
                continue
            for node in _walk(data):
                types = node.get("@type")
                types = types if isinstance(types, list) else [types]
                if any(t in S.JSON_LD_ARTICLE_TYPES for t in types):
                    return node
        return {}

    def ld(self, *path: str):
        node = self.json_ld
        for key in path:
            if isinstance(node, list):
                node = node[0] if node else None
            if not isinstance(node, dict):
                return None
            node = node.get(key)
        if isinstance(node, list):
            node = node[0] if node else None
        return node if isinstance(node, str) else None

    # --- fields --------------------------------------------------------------
    def text(self, css: str) -> str | None:
        return clean("".join(self.sel.css(css).getall()))

    def headline(self) -> list[str | None]:
        return [self.ld("headline"), self.text(self.SPEC["headline"]), self.sel.css(S.OG_TITLE).get()]

    def source(self) -> list[str | None]:
        return [self.ld("author", "name"), self.text(self.SPEC["source"])]

    def dateline(self) -> list[str | None]:
        return [self.text(self.SPEC["dateline"])]

    def published(self) -> list[str | None]:
        return [self.ld("datePublished"), self.sel.css(S.META_PUBLISHED).get()]

    def modified(self) -> list[str | None]:
        return [self.ld("dateModified"), self.sel.css(S.META_MODIFIED).get()]

    def image_url(self) -> list[str | None]:
        return [self._abs(self.ld("image", "url") or self.ld("image")),
                self._abs(self.sel.css(self.SPEC["image_url"]).get()),
                self._abs(self.sel.css(S.OG_IMAGE).get())]

    def image_credit(self) -> list[str | None]:
        caption = self.text(self.SPEC["image_credit"])
        match = S.IMAGE_CREDIT.search(caption or "")
        return [match.group("credit") if match else None]

    def tags(self) -> list[str]:
        """The first source that has tags (markup and meta repeat each other)."""
        for source in self.tag_sources():
            values = [clean(v) for v in source if clean(v)]
            if values:
                return values
        return []

    def tag_sources(self) -> list[list[str]]:
        return [self.sel.css(self.SPEC["tags"]).getall()]

    def related(self) -> list[dict]:
        """Links of the "Also Read" / "READ MORE" lines: marked by class, or only by their words."""
        anchors = list(self.sel.css(self.SPEC["related"]))
        for p in self.sel.css(self.SPEC["body_paragraphs"]):
            if S.RELATED_PREFIX.match(clean("".join(p.css("::text").getall())) or ""):
                anchors.extend(p.css("a"))
        links = []
        for a in anchors:
            title = clean("".join(a.css("::text").getall()))
            href = a.attrib.get("href")
            if title and href:
                links.append({"title": title, "url": self._abs(href)})
        return list({link["url"]: link for link in links}.values())

    def has_body_container(self) -> bool:
        return bool(self.sel.css(self.SPEC["body"]))

    def body(self) -> tuple[list[str], bool]:
        """The article's own paragraphs, and whether the syndication disclaimer was there."""
        paragraphs, syndicated = [], False
        for p in self.sel.css(self.SPEC["body_paragraphs"]):
            text = clean("".join(p.css("::text").getall()))
            if not text:
                continue
            if S.DISCLAIMER.search(text):
                syndicated = True
                continue
            if S.RELATED_PREFIX.match(text) or "also-read" in (p.attrib.get("class") or ""):
                continue
            paragraphs.append(text)
        if not syndicated:
            syndicated = bool(S.DISCLAIMER.search(" ".join(self.sel.css(self.SPEC["body"] + " ::text").getall())))
        return paragraphs, syndicated

    def root_html(self) -> str:
        return self.sel.css(self.SPEC["root"]).get() or ""

    def _abs(self, href: str | None) -> str | None:
        href = clean(href)
        return urljoin(self.response_url, href) if href else None


def _walk(data):
    """Every dict in a JSON-LD document (a bare object, a list, or an @graph)."""
    if isinstance(data, list):
        for entry in data:
            yield from _walk(entry)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _walk(data["@graph"])
