"""Place each parsed article in its story, and hold it until the run's end.

A page later in the same run may bring a newer revision of the same story, so
a fresh article is not exported when it is parsed: it is recorded in the
state store (which decides, atomically, which story it belongs to and whether
it is now that story's latest) and held back. At the end of the crawl
:class:`newscrawl.extensions.state.CrawlState` emits each pending story once,
in its latest revision, as a :class:`StoryItem`, which passes through here.
"""

from __future__ import annotations

from datetime import timedelta

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from newscrawl.extensions.state import CrawlState
from newscrawl.items import StoryItem
from newscrawl.revisions import matching
from newscrawl.revisions.placing import place


class HeldForStory(DropItem):
    """Not an error: the article is in the store, to be exported with its story."""


class RevisionPipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        days = crawler.settings.getfloat("NEWSCRAWL_REVISION_WINDOW_DAYS", 0)
        self.window = timedelta(days=days) if days > 0 else matching.DEFAULT_WINDOW

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        if isinstance(item, StoryItem):
            return item  # the end-of-run export of a story's latest revision
        state = self.crawler.get_extension(CrawlState)
        if state is None:
            return item  # no state: export every article as it comes
        placed = place(state.store, ItemAdapter(item).asdict(), self.window)
        story = placed.story
        if story.is_new_story:
            self.stats.inc_value("newscrawl/revisions/new_story")
        else:
            self.stats.inc_value(f"newscrawl/revisions/joined/{placed.reason or 'refetch'}")
        if not story.became_latest:
            # an older revision than one already known: counted, never exported
            self.stats.inc_value("newscrawl/revisions/superseded/older_than_latest")
        elif len(story.members) > 1 and story.exported_url is None:
            self.stats.inc_value("newscrawl/revisions/superseded/newer_in_run")
        raise HeldForStory(f"held for story {story.story_id}")
