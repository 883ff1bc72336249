"""Process exit codes, shared by ``scrapy crawl`` and ``python -m newscrawl``.

Cron and systemd act on these, so they are part of the interface (README).
"""

OK = 0
#: The run failed: site unreachable, nothing parsed, a monitor failed.
FAILED = 1
#: Bad arguments: nothing was requested.
BAD_ARGUMENTS = 2
#: The run finished but something needs a look (drops, fallbacks).
WARNINGS = 3
#: Another run holds the state store's lock (EX_TEMPFAIL: try again later).
LOCKED = 75
