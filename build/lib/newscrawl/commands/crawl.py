"""``scrapy crawl``, with newscrawl's argument check and exit codes.

Scrapy reports a bad spider argument as a traceback from deep inside the
engine, and exits 0 when a spider closes itself. Here a bad argument stops
the run before any request (before Scrapy even sets up logging) with one line
and exit code 2, and a spider that closed for bad arguments (an unknown
section, known only once the nav is read) exits 2 as well.
"""

from __future__ import annotations

import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError
from scrapy.spiderloader import get_spider_loader

from newscrawl import exitcodes
from newscrawl.arguments import BadArgument
from newscrawl.spiders.devdiscourse import BAD_ARGUMENTS


class Command(ScrapyCrawlCommand):
    def process_options(self, args, opts):
        super().process_options(args, opts)
        if len(args) != 1:
            return
        try:
            spidercls = get_spider_loader(self.settings).load(args[0])
        except KeyError:
            return  # Scrapy's own "Spider not found" follows
        check = getattr(spidercls, "check_arguments", None)
        if check is None:
            return
        try:
            check(opts.spargs, self.settings)
        except BadArgument as exc:
            print(f"newscrawl: bad argument: {exc}", file=sys.stderr)
            raise SystemExit(exitcodes.BAD_ARGUMENTS) from None

    def run(self, args, opts):
        if len(args) != 1:
            raise UsageError("give exactly one spider name")
        assert self.crawler_process
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = exitcodes.FAILED
        elif crawler.stats.get_value("finish_reason") == BAD_ARGUMENTS:
            self.exitcode = exitcodes.BAD_ARGUMENTS
        elif crawler.stats.get_value("newscrawl/browser/unavailable"):
            self.exitcode = exitcodes.FAILED  # a section could not be read at all
