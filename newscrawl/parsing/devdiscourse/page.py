"""What both article layouts share: reading helpers, JSON-LD, URL, body rules.

A layout is a subclass naming its selectors (``SPEC``, from ``selectors``)
and giving one small method per field. Each field method returns raw
candidate values in priority order; the item loader cleans them and keeps
the first non-empty one, so a method never has to decide between sources.
"""

from __future__ import annotations

import json
import re
from functools import cached_property
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from newscrawl.parsing.devdiscourse import selectors as S
from newscrawl.parsing.text import clean, node_text


class ArticlePage:
    """One article page in one layout; subclasses provide the layout-specific fields."""

    layout = ""
    SPEC: dict[str, str] = {}

    def __init__(self, selector: Selector, url: str):
        self.sel = selector
        self.response_url = url
        self.root = self._find_root(selector)

    @classmethod
    def matches(cls, selector: Selector) -> bool:
        """Whether the page has this layout's article element."""
        return bool(selector.css(cls.SPEC["root"]))

    def _find_root(self, selector: Selector) -> Selector:
        """The article element (the one carrying an id when there are several)."""
        roots = selector.css(self.SPEC["root"])
        with_id = [r for r in roots if r.attrib.get(self.SPEC["article_id_attr"])]
        return (with_id or roots or [selector])[0]

    # --- reading helpers ---------------------------------------------------------------------
    def first(self, css: str, scope: Selector | None = None) -> str | None:
        """The first non-empty value of *css* within *scope* (the article element by default).

        ``::attr(...)`` selectors give the attribute; element selectors the
        element's visible text.
        """
        scope = self.root if scope is None else scope
        for match in scope.css(css):
            value = clean(match.get()) if "::" in css else node_text(match)
            if value:
                return value
        return None

    def head(self, css: str) -> str | None:
        """A ``<link>``/``<meta>`` value anywhere in the document."""
        return clean(self.sel.css(css).get())

    def absolute(self, href: str | None) -> str | None:
        """*href* made absolute against the response URL; None unless http(s)."""
        href = clean(href)
        if not href:
            return None
        absolute = urljoin(self.response_url, href)
        return absolute if urlsplit(absolute).scheme in ("http", "https") else None

    @staticmethod
    def credit(caption: str | None, bare_is_credit: bool) -> str | None:
        """"Representative image. Image Credit: ANI" -> "ANI".

        A caption without the label is the credit only where the element holds
        nothing else (*bare_is_credit*); a figcaption's description is not.
        """
        caption = clean(caption)
        if not caption:
            return None
        match = S.IMAGE_CREDIT.search(caption)
        if match:
            return clean(match.group("credit"))
        return caption if bare_is_credit else None

    @staticmethod
    def labelled_date(text: str | None, pattern: re.Pattern) -> str | None:
        """The labelled "DD-MM-YYYY HH:MM IST" date inside *text*; else *text*, for the loader to judge."""
        match = pattern.search(text or "")
        return match.group("date") if match else text

    # --- structured data -------------------------------------------------------------------
    @cached_property
    def json_ld(self) -> dict:
        """The page's article object from JSON-LD, or {} (broken JSON is ignored)."""
        for raw in self.sel.css(S.JSON_LD).getall():
            for node in _walk(_load_json(raw)):
                if _is_article(node):
                    return node
        return {}

    def ld(self, key: str) -> str | None:
        """A text property of the JSON-LD article (the first, when it is a list)."""
        value = self.json_ld.get(key)
        if isinstance(value, list):
            value = next((v for v in value if isinstance(v, (str, int, float))), None)
        return clean(str(value)) if isinstance(value, (str, int, float)) else None

    def ld_name(self, key: str) -> str | None:
        """``author``/``publisher`` as a name: a string, an object's ``name``, or the first of a list."""
        return _first_of(self.json_ld.get(key), "name")

    def ld_url(self, key: str) -> str | None:
        """``image`` as a URL: a string, an ImageObject's ``url``/``contentUrl``, or the first of a list."""
        return _first_of(self.json_ld.get(key), "url", "contentUrl")

    def ld_list(self, key: str) -> list[str]:
        """``keywords``: a list, or one comma-separated string."""
        value = self.json_ld.get(key)
        if isinstance(value, str):
            value = value.split(",")
        if not isinstance(value, list):
            return []
        return [v for v in (clean(x) for x in value if isinstance(x, str)) if v]

    # --- identity ------------------------------------------------------------------------------
    def url(self) -> list[str | None]:
        """Canonical link, og:url, the response URL: all absolute."""
        return [self.absolute(self.head(S.CANONICAL)), self.absolute(self.head(S.OG_URL)),
                self.absolute(self.response_url)]

    def article_id(self) -> list[str | None]:
        return [clean(self.root.attrib.get(self.SPEC["article_id_attr"]))]

    # --- fields every layout gives -------------------------------------------------------------
    def headline(self) -> list[str | None]:
        raise NotImplementedError

    def source(self) -> list[str | None]:
        raise NotImplementedError

    def dateline(self) -> list[str | None]:
        return [self.first(self.SPEC["dateline"])]

    def published(self) -> list[str | None]:
        raise NotImplementedError

    def modified(self) -> list[str | None]:
        raise NotImplementedError

    def image_url(self) -> list[str | None]:
        raise NotImplementedError

    def image_credit(self) -> list[str | None]:
        raise NotImplementedError

    def tag_sources(self) -> list[list[str]]:
        raise NotImplementedError

    def tags(self) -> list[str]:
        """The first source that has tags (meta and markup repeat each other)."""
        for source in self.tag_sources():
            values = [v for v in (clean(x) for x in source) if v]
            if values:
                return values
        return []

    # --- related links ---------------------------------------------------------------------------
    def related(self) -> list[dict]:
        """``{title, url}`` of the "Also Read" / "READ MORE" links, in page order, no repeats.

        Marked lines (``p.also-read``, ``div.read-more``) and unmarked lines of
        the body that start with those words both count.
        """
        anchors = list(self.root.css(S.RELATED_LINKS))
        for line in self.body_lines():
            if self.is_related_line(line, node_text(line) or ""):
                anchors.extend(line.css(S.LINKS))
        links, seen = [], set()
        for anchor in _in_document_order(self.root, anchors):
            title, url = node_text(anchor), self.absolute(anchor.attrib.get("href"))
            if title and url and url not in seen:
                seen.add(url)
                links.append({"title": title, "url": url})
        return links

    # --- body --------------------------------------------------------------------------------------
    def has_body_container(self) -> bool:
        return bool(self.root.css(self.SPEC["body"]))

    def body_lines(self) -> list[Selector]:
        """Direct children of the body container (where related lines sit, marked or not)."""
        return list(self.root.css(self.SPEC["body_lines"]))

    @staticmethod
    def is_related_line(element: Selector, text: str) -> bool:
        """An "Also Read: ..." / "READ MORE: ..." line, by class or by its opening words."""
        if _classes(element) & S.RELATED_CLASSES or S.RELATED_PREFIX.match(text):
            return True
        return bool(S.RELATED_WORDS.match(text) and element.css(S.LINKS))

    def body(self) -> tuple[list[str], bool]:
        """The article's own paragraphs in order, and whether the syndication disclaimer was there."""
        paragraphs, syndicated = [], False
        for p in self.root.css(self.SPEC["body_paragraphs"]):
            text = node_text(p)
            if not text or _classes(p) & S.NOT_BODY_CLASSES or self.is_related_line(p, text):
                continue
            text, had_disclaimer = strip_disclaimer(text)
            syndicated = syndicated or had_disclaimer
            if text and not S.AD_LABEL.match(text):
                paragraphs.append(text)
        return paragraphs, syndicated or self.has_disclaimer()

    def has_disclaimer(self) -> bool:
        """The disclaimer anywhere in the article (some pages put it outside the body)."""
        return bool(S.DISCLAIMER.search(node_text(self.root) or ""))

    def clean_fallback(self, paragraphs: list[str]) -> list[str]:
        """The same line rules applied to a generic extractor's paragraphs."""
        kept = []
        for text in paragraphs:
            text, _ = strip_disclaimer(clean(text) or "")
            if text and not S.RELATED_PREFIX.match(text) and not S.AD_LABEL.match(text):
                kept.append(text)
        return kept

    def root_html(self) -> str:
        """The article element's HTML: what the generic extractor may read (never the sidebar)."""
        return self.root.get() if self.root is not self.sel else ""


def strip_disclaimer(text: str) -> tuple[str | None, bool]:
    """Remove the syndication disclaimer from a paragraph; say whether it was there."""
    stripped, count = S.DISCLAIMER.subn(" ", text)
    return (clean(stripped) if count else text), bool(count)


def _classes(element: Selector) -> set[str]:
    return set((element.attrib.get("class") or "").split())


def _in_document_order(root: Selector, elements: list[Selector]) -> list[Selector]:
    """*elements* (parsel selectors under *root*) sorted by position, each element once."""
    order = {el: i for i, el in enumerate(root.root.iter())}
    unique = {el.root: el for el in elements if el.root in order}
    return [unique[el] for el in sorted(unique, key=order.__getitem__)]


def _load_json(raw: str):
    """A JSON-LD block, tolerating HTML comment / CDATA wrappers; None when it is not JSON."""
    text = re.sub(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$", "", raw or "")
    try:
        return json.loads(text, strict=False)
    except ValueError:
        return None


def _walk(data):
    """Every object in a JSON-LD document (a bare object, a list, or an ``@graph``)."""
    if isinstance(data, list):
        for entry in data:
            yield from _walk(entry)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _walk(data["@graph"])


def _is_article(node: dict) -> bool:
    """``NewsArticle``, ``schema:NewsArticle`` or ``https://schema.org/NewsArticle`` (or a list)."""
    types = node.get("@type")
    types = types if isinstance(types, list) else [types]
    names = {re.split(r"[/:#]", t)[-1] for t in types if isinstance(t, str)}
    return bool(names & set(S.JSON_LD_ARTICLE_TYPES))


def _first_of(value, *keys: str) -> str | None:
    """The first text of *value*: itself if a string, else ``value[key]`` for the first key present."""
    if isinstance(value, list):
        return next((v for v in (_first_of(x, *keys) for x in value) if v), None)
    if isinstance(value, dict):
        return next((v for v in (_first_of(value.get(k)) for k in keys) if v), None)
    return clean(value) if isinstance(value, str) else None
