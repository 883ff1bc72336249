"""Spider contracts for ``scrapy check``.

Scrapy's ``@url`` takes a fixed absolute URL; ours crawl whatever site
``NEWSCRAWL_BASE_URL`` names (the live site, or the local replica in tests
and the demo), so ``@site_url /path`` resolves the path against it.
"""

from __future__ import annotations

from urllib.parse import urljoin

from scrapy.contracts import Contract


class SiteUrlContract(Contract):
    """``@site_url /news/politics``: the sample page, relative to ``NEWSCRAWL_BASE_URL``."""

    name = "site_url"

    def __init__(self, method, *args):
        super().__init__(method, *args)
        self.spider = method.__self__

    def adjust_request_args(self, args):
        args["url"] = urljoin(self.spider.base_url, self.args[0])
        return args
