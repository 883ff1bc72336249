"""Parsing: pure functions from HTML to fields, one package per site.

Nothing here touches the network or Scrapy's engine, so every parser is
tested on saved pages without a crawl.
"""
