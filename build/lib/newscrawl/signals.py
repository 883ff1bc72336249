"""newscrawl's own signals (sent through ``crawler.signals``)."""

#: An article page gave no item: ``url``, ``reason``. The state records it so
#: the page is retried only after a back-off, not on every run.
article_dropped = object()
