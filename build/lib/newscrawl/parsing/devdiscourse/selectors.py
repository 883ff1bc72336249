"""Every Devdiscourse-specific selector and pattern, in one place.

When the live site changes its markup, this is the file to edit (then add
the new page shape to the test fixtures and to the replica). Structured data
(JSON-LD, <meta>) is read before visible markup, so the visible selectors
are the second source, not the only one.
"""

from __future__ import annotations

import re

#: Sections seen on the site; only a fallback when the home page's nav is unreadable.
KNOWN_SECTIONS = (
    "politics", "international", "business", "health", "science-environment", "sports-games",
    "law-order", "education", "agro-forestry", "entertainment", "lifestyle", "technology",
)

# --- URLs ----------------------------------------------------------------------
ARTICLE_PATH = re.compile(r"/article/(?P<section>[a-z0-9-]+)/(?P<article_id>\d+)(?:-(?P<slug>[^/?#]*))?/?$")
SECTION_PATH = re.compile(r"^/news/(?P<section>[a-z0-9]+(?:-[a-z0-9]+)*)/?$")

# --- Machine-readable indexes (backfills) ------------------------------------------
SITEMAP_INDEX_PATH = "sitemap.xml"
RSS_ALL_PATH = "rss/website"

# --- Home page -----------------------------------------------------------------
NAV_LINKS = ("nav.main-nav a::attr(href)", "ul.menu-sections a::attr(href)")

# --- Section listings ------------------------------------------------------------
LISTING = "div.listing"
LISTING_CLIENT_RENDERED = "div.listing[data-render=client]"
LISTING_SECTION_ATTR = "div.listing::attr(data-section)"
LISTING_ITEM = "div.listing > div.listing-item"
LISTING_SPONSORED_CLASS = "sponsored"
LISTING_LINK = "a.listing-link::attr(href)"
LISTING_HEADLINE = ".listing-headline ::text"
LISTING_AGENCY = ".listing-agency ::text"
LISTING_TIME_ATTR = "time::attr(datetime)"
LISTING_TIME_TEXT = "time ::text"
LISTING_SUMMARY = ".listing-summary ::text"
LISTING_NEXT = "a.load-more[rel=next]::attr(href)"
#: Client-rendered listings, as a browser sees them (plain CSS for Playwright).
LISTING_ITEM_ANY = "div.listing > div.listing-item"
CLIENT_LOAD_MORE = "button.load-more"

# --- Both article layouts ----------------------------------------------------------
CANONICAL = "link[rel=canonical]::attr(href)"
OG_URL = "meta[property='og:url']::attr(content)"
OG_TITLE = "meta[property='og:title']::attr(content)"
OG_IMAGE = "meta[property='og:image']::attr(content)"
META_PUBLISHED = "meta[property='article:published_time']::attr(content)"
META_MODIFIED = "meta[property='article:modified_time']::attr(content)"
META_TAGS = "meta[property='article:tag']::attr(content)"
JSON_LD = "script[type='application/ld+json']::text"
JSON_LD_ARTICLE_TYPES = ("NewsArticle", "Article", "ReportageNewsArticle")

#: The closing line of wire copy: not body, it marks the item ``syndicated``.
DISCLAIMER = re.compile(r"this story has not been edited by devdiscourse staff and is auto-generated", re.I)
#: Paragraphs that point elsewhere ("Also Read: ...", "READ MORE: ...") are not body.
RELATED_PREFIX = re.compile(r"^\s*(also read|read more)\s*:", re.I)
#: "Representative image. Image Credit: ANI" -> "ANI".
IMAGE_CREDIT = re.compile(r"image\s+credit\s*:\s*(?P<credit>.+?)\s*$", re.I)
CREATED_LABEL = re.compile(r"^\s*created\s*:\s*", re.I)
UPDATED_LABEL = re.compile(r"^\s*updated\s*:\s*", re.I)

# --- Legacy layout (older articles) ------------------------------------------------
LEGACY = {
    "root": ".news-detail[data-article-id]",
    "article_id": ".news-detail::attr(data-article-id)",
    "headline": "h1.news-title ::text",
    "source": ".news-agency ::text",
    "dateline": ".news-location ::text",
    "published": ".news-created ::text",
    "modified": ".news-updated ::text",
    "image_url": ".news-image img::attr(src)",
    "image_credit": ".news-image .image-credit ::text",
    "body": "#news-body",
    "body_paragraphs": "#news-body > p",
    "tags": ".news-tags a ::text",
    "related": "#news-body p.also-read a, .news-detail p.also-read a",
}

# --- Current layout (newer articles) -----------------------------------------------
CURRENT = {
    "root": "article.story[data-article-id]",
    "article_id": "article.story::attr(data-article-id)",
    "headline": "h1.story-headline ::text",
    "source": "a.story-agency ::text",
    "dateline": ".story-location ::text",
    "published": "time.story-published::attr(datetime)",
    "image_url": "figure.story-image img::attr(src)",
    "image_credit": "figure.story-image figcaption ::text",
    "body": ".story-content",
    "body_paragraphs": ".story-content > p",
    "tags": ".story-tags a ::text",
    "related": ".story-content div.read-more a, article.story div.read-more a",
}
