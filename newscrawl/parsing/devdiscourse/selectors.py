"""Every Devdiscourse-specific selector and pattern, in one place.

When the live site changes its markup, this is the file to edit (then add
the new page shape to the test fixtures and to the replica). Structured data
(JSON-LD, <meta>) is read before visible markup where the site has it, so a
visible selector going stale costs a fallback, not a field.

Grouped by page type: URLs, home nav, section listings, what both article
layouts share, one dict per article layout, then the generic fallback.
Article-layout selectors select *elements* (their text is read by
``parsing.text.node_text``, which skips scripts), or end in ``::attr(...)``.
"""

from __future__ import annotations

import re

#: Sections seen on the site; only a fallback when the home page's nav is unreadable.
KNOWN_SECTIONS = (
    "politics", "international", "business", "health", "science-environment", "sports-games",
    "law-order", "education", "agro-forestry", "entertainment", "lifestyle", "technology",
)

# --- URLs ----------------------------------------------------------------------------------
#: ``/article/{section}/{article_id}-{slug}`` (the slug is optional; ids are digits).
ARTICLE_PATH = re.compile(
    r"/article/(?P<section>[a-z0-9]+(?:-[a-z0-9]+)*)/(?P<article_id>\d+)(?:-(?P<slug>[^/?#]*))?/?$",
    re.IGNORECASE,
)
#: ``/news/{section}`` (a listing; ``?page=N`` is in the query, not the path).
SECTION_PATH = re.compile(r"^/news/(?P<section>[a-z0-9]+(?:-[a-z0-9]+)*)/?$", re.IGNORECASE)

# --- Machine-readable indexes (backfills) ------------------------------------------------------
SITEMAP_INDEX_PATH = "sitemap.xml"
RSS_ALL_PATH = "rss/website"

# --- Home page nav ---------------------------------------------------------------------------
#: Section links, in priority order: the current header nav, then the legacy left menu.
NAV_LINKS = ("nav.main-nav a::attr(href)", "ul.menu-sections a::attr(href)")

# --- Section listings ------------------------------------------------------------------------
LISTING = "div.listing"
LISTING_CLIENT_RENDERED = "div.listing[data-render=client]"
LISTING_SECTION_ATTR = "div.listing::attr(data-section)"
LISTING_ITEM = "div.listing > div.listing-item"
LISTING_SPONSORED_CLASS = "sponsored"
LISTING_LINK = "a.listing-link::attr(href)"
LISTING_HEADLINE = ".listing-headline"
LISTING_AGENCY = ".listing-agency"
LISTING_TIME_ATTR = "time::attr(datetime)"
LISTING_TIME = "time"
LISTING_SUMMARY = ".listing-summary"
LISTING_NEXT = "a.load-more[rel=next]::attr(href)"
#: Client-rendered listings, as a browser sees them (plain CSS for Playwright).
LISTING_ITEM_ANY = "div.listing > div.listing-item"
CLIENT_LOAD_MORE = "button.load-more"

# --- Both article layouts: document head -------------------------------------------------------
CANONICAL = "link[rel=canonical]::attr(href)"
OG_URL = "meta[property='og:url']::attr(content)"
OG_TITLE = "meta[property='og:title']::attr(content)"
OG_IMAGE = "meta[property='og:image']::attr(content)"
META_PUBLISHED = "meta[property='article:published_time']::attr(content)"
META_MODIFIED = "meta[property='article:modified_time']::attr(content)"
META_TAGS = "meta[property='article:tag']::attr(content)"
JSON_LD = "script[type='application/ld+json']::text"
#: schema.org types that describe the article itself (not its breadcrumbs or publisher).
JSON_LD_ARTICLE_TYPES = ("NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle",
                         "BlogPosting", "OpinionNewsArticle", "BackgroundNewsArticle")

# --- Both article layouts: body and byline rules -------------------------------------------------
#: The closing line of wire copy: not body; it marks the item ``syndicated``.
DISCLAIMER = re.compile(
    r"\(?\s*this story has not been edited by devdiscourse staff and is auto-generated"
    r"(?:\s+from\s+a\s+syndicated\s+feed)?\s*\.?\s*\)?",
    re.IGNORECASE,
)
#: Lines that point elsewhere ("Also Read: ...", "READ MORE: ..."): related links, not body.
RELATED_PREFIX = re.compile(r"^\s*(?:also\s+read|read\s+more)\s*[:\-\u2013\u2014|>]", re.IGNORECASE)
#: The same words without the colon are a related line only when the line holds a link
#: ("Read more about the scheme on its website." stays prose).
RELATED_WORDS = re.compile(r"^\s*(?:also\s+read|read\s+more)\b", re.IGNORECASE)
#: Related links wherever the article marks them (legacy ``p.also-read``, current ``div.read-more``).
RELATED_LINKS = ".also-read a[href], .read-more a[href]"
#: Classes that mark a line of the body as a related line.
RELATED_CLASSES = frozenset({"also-read", "read-more"})
#: Links inside an unmarked related line.
LINKS = "a[href]"
#: Classes that mark a ``<p>`` inside the body container as not body (related lines, ads, embeds).
NOT_BODY_CLASSES = frozenset({"also-read", "read-more", "ad-slot", "ad-container", "inline-ad", "ad-label",
                              "adsbygoogle", "advertisement", "twitter-tweet", "instagram-media"})
#: A paragraph that is nothing but an ad label.
AD_LABEL = re.compile(r"^\s*(?:advertisement|sponsored|ad)\s*$", re.IGNORECASE)
#: "Representative image. Image Credit: ANI" -> "ANI".
IMAGE_CREDIT = re.compile(r"image\s+credits?\s*[:\-]\s*(?P<credit>.+?)\s*$", re.IGNORECASE)
#: The byline's dates, "Created: 12-09-2019 04:00 IST" / "Updated: ...", found inside the element's
#: text (broken markup can run a neighbour into it); a time followed by another zone name is not taken.
_DAY_FIRST_DATE = r"(?P<date>\d{1,2}-\d{1,2}-\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*IST\b|(?!\s*[A-Za-z])))"
CREATED_DATE = re.compile(r"created\s*:\s*" + _DAY_FIRST_DATE, re.IGNORECASE)
UPDATED_DATE = re.compile(r"updated\s*:\s*" + _DAY_FIRST_DATE, re.IGNORECASE)

# --- Legacy layout (older articles) -----------------------------------------------------------
LEGACY = {
    "root": "div.news-detail",
    "article_id_attr": "data-article-id",      # an attribute of the root
    "headline": "h1.news-title",
    "source": ".news-agency",
    "dateline": ".news-location",
    "published": ".news-created",               # "Created: DD-MM-YYYY HH:MM IST"
    "modified": ".news-updated",                # "Updated: DD-MM-YYYY HH:MM IST"
    "image_url": ".news-image img::attr(src)",
    "image_credit": ".news-image .image-credit",
    "body": "#news-body",
    "body_paragraphs": "#news-body > p",
    "body_lines": "#news-body > *",
    "tags": ".news-tags a",
}

# --- Current layout (newer articles) -----------------------------------------------------------
CURRENT = {
    "root": "article.story",
    "article_id_attr": "data-article-id",      # an attribute of the root
    "headline": "h1.story-headline",
    "source": "a.story-agency",
    "dateline": ".story-location",
    "published": "time.story-published::attr(datetime)",
    # The byline's visible text is "Updated: DD-MM-YYYY HH:MM IST", the modification time.
    "modified": "time.story-published",
    "image_url": "figure.story-image img::attr(src)",
    "image_credit": "figure.story-image figcaption",
    "body": ".story-content",
    "body_paragraphs": ".story-content > p",
    "body_lines": ".story-content > *",
    "tags": ".story-tags a",
}

# --- Generic fallback (body container missing) ---------------------------------------------------
#: Pruned from the article element before the generic extractor reads it: what is not body.
FALLBACK_PRUNE = (
    "h1, h2, nav, figure, figcaption, blockquote, aside, script, style, noscript, time, "
    ".story-byline, .news-info, .news-title-repeat, .news-image, .story-image, .image-credit, "
    ".story-tags, .news-tags, .breadcrumb, .also-read, .read-more, "
    ".ad-slot, .ad-container, .inline-ad, .ad-label, .adsbygoogle, .twitter-tweet"
)
