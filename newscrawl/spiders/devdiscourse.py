"""Crawl Devdiscourse: home nav -> section listings -> article pages.

The spider only walks the site and hands HTML to the pure parsers in
:mod:`newscrawl.parsing.devdiscourse`; cleaning, validation and revision
handling live in the item loader and the pipelines.
"""

from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.exceptions import CloseSpider
from scrapy.spidermiddlewares.httperror import HttpError

from newscrawl.arguments import BadArgument, parse_arguments
from newscrawl.drops import record_drop
from newscrawl.parsing.devdiscourse import (
    KNOWN_SECTIONS,
    NoLayoutError,
    parse_article,
    parse_listing,
    parse_nav,
)

#: ``finish_reason`` of a run stopped for a bad argument found after the nav was read.
BAD_ARGUMENTS = "bad_arguments"


class DevdiscourseSpider(scrapy.Spider):
    """Sections from the home page's nav, their listing pages, every article listed.

    Arguments: ``sections=a,b`` (default: all), ``max_pages=N`` (listing pages
    per section, default ``NEWSCRAWL_MAX_PAGES``), ``since=YYYY-MM-DD`` (skip
    older articles, from the listing's dates where it can), ``refresh=1``.
    """

    name = "devdiscourse"

    @classmethod
    def check_arguments(cls, kwargs: dict, settings) -> None:
        """Raise :class:`BadArgument` for a bad value: used before the crawl starts."""
        parse_arguments(kwargs, settings.getint("NEWSCRAWL_MAX_PAGES"))
        base = settings.get("NEWSCRAWL_BASE_URL", "")
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise BadArgument(f"NEWSCRAWL_BASE_URL: {base!r} is not an http(s) URL")

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.args = parse_arguments(kwargs, settings.getint("NEWSCRAWL_MAX_PAGES"))
        spider.base_url = settings.get("NEWSCRAWL_BASE_URL").rstrip("/") + "/"
        spider.allowed_domains = [urlsplit(spider.base_url).hostname]
        return spider

    def __init__(self, *args, **kwargs):
        # Arguments are checked in from_crawler; keep them off the instance dict.
        super().__init__(name=kwargs.pop("name", None))

    async def start(self):
        yield scrapy.Request(self.base_url, callback=self.parse_home, errback=self.home_failed)

    # --- Home and sections ---------------------------------------------------

    def parse_home(self, response):
        """Discover the sections from the nav and start each one's listing.

        @site_url /
        @returns requests 1
        """
        found = parse_nav(response.text, response.url)
        if not found:
            self.logger.warning("No sections in the home page's nav; using the known list")
            self.crawler.stats.inc_value("newscrawl/nav_fallback")
            found = list(KNOWN_SECTIONS)
        wanted = self.args.sections
        if wanted:
            unknown = [s for s in wanted if s not in found]
            if unknown:
                self.logger.error(
                    "sections: unknown section %r (the site has: %s)", unknown[0], ", ".join(found)
                )
                raise CloseSpider(BAD_ARGUMENTS)
        sections = list(wanted) if wanted else found
        self.crawler.stats.set_value("newscrawl/sections", len(sections))
        for section in sections:
            yield self.listing_request(section, urljoin(self.base_url, f"news/{section}"), page=1)

    def home_failed(self, failure):
        """No home page: crawl the known sections rather than nothing."""
        self.logger.error("Home page failed (%s); crawling the known sections", failure.value)
        self.crawler.stats.inc_value("newscrawl/nav_fallback")
        for section in self.args.sections or KNOWN_SECTIONS:
            yield self.listing_request(section, urljoin(self.base_url, f"news/{section}"), page=1)

    def listing_request(self, section: str, url: str, page: int) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_section,
            errback=self.page_failed,
            cb_kwargs={"section": section, "page": page},
        )

    def parse_section(self, response, section: str, page: int):
        """One listing page: request its articles, then the next page.

        @site_url /news/politics
        @cb_kwargs {"section": "politics", "page": 1}
        @returns requests 2
        """
        listing = parse_listing(response.text, response.url)
        stats = self.crawler.stats
        stats.inc_value("newscrawl/listing_pages")
        since = self.args.since
        older_seen = False
        for entry in listing.entries:
            if entry.sponsored or not self._on_site(entry.url):
                stats.inc_value("newscrawl/skipped/offsite")
                continue
            stats.inc_value("newscrawl/listing_entries")
            if since and entry.published and entry.published < since:
                older_seen = True
                stats.inc_value("newscrawl/skipped/older_than_since")
                continue
            yield scrapy.Request(
                entry.url,
                callback=self.parse_article,
                errback=self.page_failed,
                cb_kwargs={"section": section},
            )
        if listing.client_rendered:
            stats.inc_value("newscrawl/listing/client_rendered")
            self.logger.warning("Listing %s is rendered in the browser; not crawled without one", response.url)
        if listing.next_url and page < self.args.max_pages and not older_seen:
            yield self.listing_request(section, listing.next_url, page + 1)

    # --- Articles --------------------------------------------------------------

    def parse_article(self, response, section: str | None = None):
        """Parse one article page into an item.

        @site_url /article/politics/600001
        @returns items 1 1
        @scrapes url article_id section headline title update source published body
        """
        stats = self.crawler.stats
        try:
            parsed = parse_article(response.text, response.url)
        except NoLayoutError as exc:
            record_drop(stats, "no_layout", response.url, str(exc))
            return
        except Exception as exc:  # a broken page must not stop the crawl
            record_drop(stats, "parse_error", response.url, f"{type(exc).__name__}: {exc}")
            return
        stats.inc_value(f"newscrawl/layout/{parsed.layout}")
        if parsed.body_extractor != "selectors":
            stats.inc_value(f"newscrawl/body_fallback/{parsed.body_extractor}")
            self.logger.warning("Body of %s taken by the %s fallback", response.url, parsed.body_extractor)
        item = parsed.item
        since = self.args.since
        if since and item.get("published") and datetime.fromisoformat(item["published"]) < since:
            stats.inc_value("newscrawl/skipped/older_than_since")
            return
        item["story_id"] = item.get("story_id") or item["article_id"]
        item["supersedes"] = item.get("supersedes") or []
        item["crawled_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
        yield item

    # --- Failures --------------------------------------------------------------

    def page_failed(self, failure):
        """Log and count a page we could not get (404, 5xx after retries, network)."""
        request = failure.request
        if failure.check(HttpError):
            reason = f"http_{failure.value.response.status}"
        else:
            reason = f"download_error_{type(failure.value).__name__}"
        kind = "article" if request.callback == self.parse_article else "listing"
        record_drop(self.crawler.stats, f"{kind}_{reason}", request.url)

    def _on_site(self, url: str) -> bool:
        host = urlsplit(url).hostname
        return host is not None and any(
            host == domain or host.endswith("." + domain) for domain in self.allowed_domains
        )
