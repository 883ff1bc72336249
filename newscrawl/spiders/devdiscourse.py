"""Crawl Devdiscourse: home nav -> section listings -> article pages.

The spider only walks the site and hands HTML to the pure parsers in
:mod:`newscrawl.parsing.devdiscourse`; cleaning, validation and revision
handling live in the item loader and the pipelines.
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.exceptions import CloseSpider
from scrapy.settings import SETTINGS_PRIORITIES
from scrapy.spidermiddlewares.httperror import HttpError

from newscrawl import __version__
from newscrawl.arguments import BadArgument, parse_arguments
from newscrawl.browser import INSTALL_HINT, browser_available
from newscrawl.drops import record_drop
from newscrawl.extensions.state import CrawlState
from newscrawl.parsing.devdiscourse import selectors as S
from newscrawl.parsing.devdiscourse import (
    KNOWN_SECTIONS,
    parse_news_sitemap,
    parse_rss,
    parse_sitemap_index,
    NoLayoutError,
    article_id_from_url,
    parse_article,
    parse_listing,
    parse_nav,
    section_from_url,
)
from newscrawl.revisions.headline import parse_headline
from newscrawl.revisions.listed import ListedRevisions
from newscrawl.revisions.matching import title_key
from newscrawl.state import check_uri, state_uri
from newscrawl.state.base import LISTED, OK, ListedArticle

#: ``finish_reason`` of a run stopped for a bad argument found after the nav was read.
BAD_ARGUMENTS = "bad_arguments"

# What the listing tells us to do with an entry (also the stats key under newscrawl/skipped/).
FETCH = "fetch"
KNOWN = "known"
FAILED_RECENTLY = "failed_recently"
OLDER_REVISION = "older_revision"
OLDER_THAN_SINCE = "older_than_since"


def _section_of(url: str) -> str | None:
    try:
        return section_from_url(url)
    except ValueError:
        return None


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
        try:
            check_uri(state_uri(settings))
        except ValueError as exc:
            raise BadArgument(f"NEWSCRAWL_STATE_URI: {exc}") from None
        if settings.getbool("NEWSCRAWL_DISTRIBUTED"):
            from newscrawl.distributed.worker import crawl_id_for
            from newscrawl.state import queue_uri

            if queue_uri(settings) is None:
                raise BadArgument("NEWSCRAWL_DISTRIBUTED needs a Redis: set NEWSCRAWL_STATE_URI=redis://host:6379/0")
            if settings.get("JOBDIR"):
                raise BadArgument("JOBDIR: not with NEWSCRAWL_DISTRIBUTED (the shared queue in Redis persists already)")
            try:
                crawl_id_for(settings, cls.name)
            except ValueError as exc:
                raise BadArgument(str(exc)) from None

    @classmethod
    def update_settings(cls, settings):
        """Put ``NEWSCRAWL_CONTACT`` into the User-Agent, unless the user set their own."""
        super().update_settings(settings)
        contact = settings.get("NEWSCRAWL_CONTACT")
        if contact and settings.getpriority("USER_AGENT") <= SETTINGS_PRIORITIES["project"]:
            agent = f"newscrawl/{__version__} (+{settings.get('NEWSCRAWL_INFO_URL')}; {contact})"
            settings.set("USER_AGENT", agent, priority="spider")

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.args = parse_arguments(kwargs, settings.getint("NEWSCRAWL_MAX_PAGES"))
        spider.base_url = settings.get("NEWSCRAWL_BASE_URL").rstrip("/") + "/"
        spider.allowed_domains = [urlsplit(spider.base_url).hostname]
        spider.listing_window = settings.getfloat("NEWSCRAWL_LISTING_REVISION_WINDOW_HOURS", 24.0) * 3600
        spider.revisions_listed = ListedRevisions()
        spider.browser_timeout_ms = settings.getfloat("NEWSCRAWL_BROWSER_TIMEOUT", 30.0) * 1000
        return spider

    def __init__(self, *args, **kwargs):
        # Arguments are checked in from_crawler; keep them off the instance dict.
        super().__init__(name=kwargs.pop("name", None))

    async def start(self):
        yield scrapy.Request(self.base_url, callback=self.parse_home, errback=self.home_failed)
        if self.args.since:
            # a backfill also reads the site's indexes, which reach further back than max_pages
            yield scrapy.Request(urljoin(self.base_url, S.SITEMAP_INDEX_PATH), callback=self.parse_sitemap_index,
                                 errback=self.index_failed)
            yield scrapy.Request(urljoin(self.base_url, S.RSS_ALL_PATH), callback=self.parse_index,
                                 errback=self.index_failed, cb_kwargs={"kind": "rss"})

    # --- Backfill: news sitemap and RSS -------------------------------------------

    def parse_sitemap_index(self, response):
        for url in parse_sitemap_index(response.body, response.url):
            if self._on_site(url) and "news" in url:
                yield scrapy.Request(url, callback=self.parse_index, errback=self.index_failed,
                                     cb_kwargs={"kind": "sitemap"})

    def parse_index(self, response, kind: str):
        """A news sitemap or RSS feed: its entries go through the same triage as a listing's."""
        entries = parse_news_sitemap(response.body, response.url) if kind == "sitemap" else \
            parse_rss(response.body, response.url)
        self.crawler.stats.inc_value(f"newscrawl/backfill/{kind}_entries", len(entries))
        if self.args.sections:
            entries = [e for e in entries if _section_of(e.url) in self.args.sections]
        requests, _ = self.plan_entries(entries, section=None)
        yield from requests

    def index_failed(self, failure):
        self.crawler.stats.inc_value("newscrawl/backfill/index_failed")
        self.logger.warning("Backfill index %s failed: %s", failure.request.url, failure.value)

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
        """One listing page: request its new articles, then the next page.

        A page whose articles are all known already ends the section: the
        listing is newest first, so nothing new lies behind it. A list left
        empty for the browser to fill is requested again through Chromium.

        @site_url /news/politics
        @cb_kwargs {"section": "politics", "page": 1}
        @returns requests 2
        """
        listing = parse_listing(response.text, response.url)
        self.crawler.stats.inc_value("newscrawl/listing_pages")
        if listing.client_rendered:
            yield from self.render_in_browser(response.url, section)
            return
        requests, verdicts = self.plan_entries(listing.entries, section)
        yield from requests
        if listing.next_url and page < self.args.max_pages and self.worth_paging(verdicts):
            yield self.listing_request(section, listing.next_url, page + 1)

    def plan_entries(self, entries, section: str) -> tuple[list[scrapy.Request], list[str]]:
        """Requests for the listing entries worth fetching, and the verdict on each entry."""
        stats = self.crawler.stats
        on_site = []
        for entry in entries:
            if entry.sponsored or not self._on_site(entry.url):
                stats.inc_value("newscrawl/skipped/offsite")
            else:
                on_site.append(entry)
        stats.inc_value("newscrawl/listing_entries", len(on_site))
        records = self.store.fetch_records(e.url for e in on_site) if self.store else {}
        requests, verdicts = [], []
        for entry in on_site:
            verdict = self.triage(entry, records.get(entry.url))
            verdicts.append(verdict)
            if verdict == FETCH:
                requests.append(scrapy.Request(
                    entry.url, callback=self.parse_article, errback=self.page_failed, cb_kwargs={"section": section},
                ))
            else:
                stats.inc_value(f"newscrawl/skipped/{verdict}")
        return requests, verdicts

    def worth_paging(self, verdicts: list[str]) -> bool:
        """Go on to the next listing page unless this one showed nothing new."""
        if OLDER_THAN_SINCE in verdicts:
            return False
        if verdicts and FETCH not in verdicts:
            self.crawler.stats.inc_value("newscrawl/paging/stopped_all_known")
            return False
        return True

    # --- Client-rendered listings (scrapy-playwright) ------------------------------

    def render_in_browser(self, url: str, section: str):
        """Ask for the listing again through Chromium, if one can be launched."""
        available, detail = browser_available(self.crawler.settings)
        if not available:
            self.browser_unavailable(section, detail)
            return
        yield scrapy.Request(
            url,
            callback=self.parse_rendered_section,
            errback=self.rendered_section_failed,
            dont_filter=True,
            cb_kwargs={"section": section},
            meta={"playwright": True, "playwright_include_page": True, "playwright_context": "listings"},
        )

    async def parse_rendered_section(self, response, section: str):
        """Wait for the script to fill the list, then click "Load More" page by page,
        handing each state of the list to the same listing parser."""
        page = response.meta["playwright_page"]
        stats = self.crawler.stats
        seen: set[str] = set()
        try:
            await page.wait_for_selector(S.LISTING_ITEM_ANY, timeout=self.browser_timeout_ms)
            loaded = 1
            while True:
                stats.inc_value("newscrawl/browser/listing_pages")
                listing = parse_listing(await page.content(), response.url)
                fresh = [e for e in listing.entries if e.url not in seen]
                seen.update(e.url for e in listing.entries)
                requests, verdicts = self.plan_entries(fresh, section)
                for request in requests:
                    yield request
                if loaded >= self.args.max_pages or not self.worth_paging(verdicts):
                    break
                if not await page.is_visible(S.CLIENT_LOAD_MORE):
                    break
                await page.click(S.CLIENT_LOAD_MORE)
                await page.wait_for_function(
                    f"n => document.querySelectorAll({json.dumps(S.LISTING_ITEM_ANY)}).length > n",
                    arg=len(listing.entries), timeout=self.browser_timeout_ms,
                )
                loaded += 1
        finally:
            await page.close()

    async def rendered_section_failed(self, failure):
        page = failure.request.meta.get("playwright_page")
        if page is not None:
            await page.close()
        self.browser_unavailable(failure.request.cb_kwargs.get("section", "?"),
                                 f"{type(failure.value).__name__}: {str(failure.value).splitlines()[0][:200]}")

    def browser_unavailable(self, section: str, detail: str) -> None:
        """One clear line, a stat, and the run goes on with the other sections."""
        self.crawler.stats.inc_value("newscrawl/browser/unavailable")
        self.logger.error(
            "Section %r is rendered in the browser and no browser could be launched (%s): %s",
            section, detail, INSTALL_HINT,
        )

    def triage(self, entry, record) -> str:
        """Decide from the listing alone whether *entry* is worth a request."""
        since = self.args.since
        if since and entry.published and entry.published < since:
            return OLDER_THAN_SINCE
        if record is not None and not self.args.refresh:
            if record.outcome in (OK, LISTED):
                return KNOWN
            if record.fetched_at and time.time() - record.fetched_at < self.state.retry_failed_after:
                return FAILED_RECENTLY
        if self.args.refresh:
            return FETCH
        listed = self.listed_article(entry)
        newer = self.revisions_listed.newer_than(listed, self.listing_window)
        if newer is None and self.store is not None:
            newer = self.store.newer_revision(listed, self.listing_window)
        if newer is not None:
            if self.store is not None:
                self.store.record_listed(listed, newer)
            return OLDER_REVISION
        self.revisions_listed.add(listed)
        return FETCH

    @staticmethod
    def listed_article(entry) -> ListedArticle:
        headline = parse_headline(entry.headline or "")
        return ListedArticle(
            url=entry.url,
            article_id=article_id_from_url(entry.url),
            source=entry.agency,
            title_key=title_key(headline.title),
            update=headline.update,
            published=entry.published.timestamp() if entry.published else None,
        )

    @property
    def state(self):
        """The run's :class:`CrawlState`, or None when the state extension is off."""
        return self.crawler.get_extension(CrawlState)

    @property
    def store(self):
        state = self.state
        return state.store if state is not None else None

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
            record_drop(self.crawler, "no_layout", response.url, str(exc))
            return
        except Exception as exc:  # a broken page must not stop the crawl
            record_drop(self.crawler, "parse_error", response.url, f"{type(exc).__name__}: {exc}")
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
        record_drop(self.crawler, f"{kind}_{reason}", request.url, article=kind == "article")

    def _on_site(self, url: str) -> bool:
        host = urlsplit(url).hostname
        return host is not None and any(
            host == domain or host.endswith("." + domain) for domain in self.allowed_domains
        )
