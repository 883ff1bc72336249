"""Scrapy settings for newscrawl.

Defaults are for a polite cron crawler: obey robots.txt and its Crawl-delay,
AutoThrottle on, retries with back-off, bounded downloads, no remote-control
or telnet ports. Every setting can be overridden with ``-s NAME=VALUE``.
"""

from newscrawl import __version__

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"
COMMANDS_MODULE = "newscrawl.commands"

# --- The site ---------------------------------------------------------------
#: Root of the site to crawl; tests and the demo point it at the local replica.
NEWSCRAWL_BASE_URL = "https://www.devdiscourse.com"
#: Listing pages per section in one run (the spider's ``-a max_pages`` wins).
NEWSCRAWL_MAX_PAGES = 5

# --- Identity ---------------------------------------------------------------
#: Who to contact about this crawler (an e-mail or URL); appended to the User-Agent.
NEWSCRAWL_CONTACT = ""
NEWSCRAWL_INFO_URL = "https://github.com/newscrawl/newscrawl"
USER_AGENT = f"newscrawl/{__version__} (+{NEWSCRAWL_INFO_URL})"

# --- Politeness -------------------------------------------------------------
ROBOTSTXT_OBEY = True
#: Honour robots.txt ``Crawl-delay`` (Scrapy does not on its own), capped here.
NEWSCRAWL_OBEY_CRAWL_DELAY = True
NEWSCRAWL_MAX_CRAWL_DELAY = 30.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024

# --- Retries: 429, 5xx and timeouts, with exponential back-off ---------------
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
#: First back-off in seconds, doubled per retry, capped; ``Retry-After`` wins when larger.
NEWSCRAWL_RETRY_BACKOFF_BASE = 1.0
NEWSCRAWL_RETRY_BACKOFF_MAX = 60.0
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newscrawl.middlewares.BackoffRetryMiddleware": 550,
}

# --- Client-rendered listings: Chromium through scrapy-playwright -------------
# Only requests with meta["playwright"] use the browser, and the driver starts
# on the first such request (newscrawl.browser.LazyPlaywrightDownloadHandler).
DOWNLOAD_HANDLERS = {
    "http": "newscrawl.browser.LazyPlaywrightDownloadHandler",
    "https": "newscrawl.browser.LazyPlaywrightDownloadHandler",
}
PLAYWRIGHT_BROWSER_TYPE = "chromium"
#: Bounded so memory stays flat over a long crawl.
PLAYWRIGHT_MAX_CONTEXTS = 1
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 2
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30_000
#: Path of the Chromium to use; empty: Playwright's own, else chromium/chromium-browser/google-chrome on PATH.
NEWSCRAWL_BROWSER_PATH = ""
#: Seconds to wait for a client-rendered list to fill or grow.
NEWSCRAWL_BROWSER_TIMEOUT = 30.0

# --- No listening ports or job files for a cron crawler ----------------------
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

EXTENSIONS = {
    "newscrawl.extensions.RobotsCrawlDelay": 100,
    "newscrawl.extensions.CrawlState": 200,
    "newscrawl.extensions.Progress": 300,
    "spidermon.contrib.scrapy.extensions.Spidermon": 500,
}

#: Live progress bar: "auto" (a terminal is watching and the log goes to a file), "1" or "0".
NEWSCRAWL_PROGRESS = "auto"

# --- Monitoring (Spidermon): newscrawl.monitors, run when the spider closes ---
SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ("newscrawl.monitors.RunMonitors",)
SPIDERMON_EXPECTED_FINISH_REASONS = ["finished"]
#: Minimum share of parsed articles that have each field.
NEWSCRAWL_MIN_FIELD_COVERAGE = {"body": 0.95, "published": 0.95, "source": 0.9, "title": 0.95}
#: Maximum share of fetched article pages that give no item (no layout, empty, invalid).
NEWSCRAWL_MAX_FAILURE_RATE = 0.2
#: Maximum share of responses that are HTTP errors on article pages.
NEWSCRAWL_MAX_HTTP_ERROR_RATE = 0.1
#: Shares and rates are judged only over at least this many pages.
NEWSCRAWL_MONITOR_MIN_SAMPLE = 20

# --- State across runs ------------------------------------------------------
#: Where runs remember articles, stories and exports (``sqlite:///path.db``).
NEWSCRAWL_STATE_URI = "sqlite:///.newscrawl/state.db"
#: A failed article fetch (404, no layout, empty body) is retried after this long.
NEWSCRAWL_RETRY_FAILED_AFTER_HOURS = 6.0
#: Revisions of one story arrive within this many days of each other.
NEWSCRAWL_REVISION_WINDOW_DAYS = 3.0
#: From a listing alone (title witness only), older revisions are recognised within this window.
NEWSCRAWL_LISTING_REVISION_WINDOW_HOURS = 24.0

# --- Distributed mode: several workers share one crawl (newscrawl.distributed) ---
ADDONS = {"newscrawl.distributed.Distributed": 0}
#: Workers on any machines share the crawl's queue, duplicate filter and state (needs a Redis).
NEWSCRAWL_DISTRIBUTED = False
#: Redis of the shared queue; empty: the state store's (NEWSCRAWL_STATE_URI) when it is a Redis.
NEWSCRAWL_QUEUE_URI = ""
#: Workers with the same crawl id share one crawl; empty: the spider's name.
NEWSCRAWL_CRAWL_ID = ""
#: Seconds between an idle worker's looks at the shared queue.
NEWSCRAWL_POLL_INTERVAL = 0.5
#: Seconds between heartbeats; a worker silent for NEWSCRAWL_WORKER_TIMEOUT is dead
#: and its unfinished requests go back in the queue.
NEWSCRAWL_WORKER_HEARTBEAT = 2.0
NEWSCRAWL_WORKER_TIMEOUT = 30.0

# --- Items ------------------------------------------------------------------
ITEM_PIPELINES = {
    "newscrawl.pipelines.validation.ValidationPipeline": 300,
    "newscrawl.pipelines.revisions.RevisionPipeline": 400,
}

# --- Feeds: UTF-8 JSON Lines, not ASCII-escaped ------------------------------
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORT_FIELDS = [
    "url", "article_id", "section", "headline", "title", "update", "wire_flags",
    "source", "dateline", "published", "modified", "image_url", "image_credit",
    "body", "tags", "related", "syndicated", "story_id", "supersedes", "crawled_at",
]

LOG_LEVEL = "INFO"
LOG_FORMATTER = "newscrawl.logformatter.NewscrawlLogFormatter"

# --- scrapy check: sample pages relative to NEWSCRAWL_BASE_URL ----------------
SPIDER_CONTRACTS = {"newscrawl.contracts.SiteUrlContract": 10}
