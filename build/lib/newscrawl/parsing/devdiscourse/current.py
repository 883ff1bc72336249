"""The current article layout (newer articles): ``article.story`` with JSON-LD.

JSON-LD and ``article:*`` meta come first; the visible byline is the fallback
(its ``time.story-published`` holds the publication time, though its text
says "Updated").
"""

from __future__ import annotations

from newscrawl.parsing.devdiscourse import selectors as S
from newscrawl.parsing.devdiscourse.page import ArticlePage
from newscrawl.parsing.text import strip_label


class CurrentArticlePage(ArticlePage):
    layout = "current"
    SPEC = S.CURRENT

    def published(self):
        return [*super().published(), self.sel.css(self.SPEC["published"]).get()]

    def modified(self):
        visible = self.text(self.SPEC["published"].replace("::attr(datetime)", " ::text"))
        return [*super().modified(), strip_label(visible, S.UPDATED_LABEL)]

    def tag_sources(self):
        keywords = self.ld("keywords")
        return [
            self.sel.css(S.META_TAGS).getall(),
            [k for k in (keywords or "").split(",")],
            self.sel.css(self.SPEC["tags"]).getall(),
        ]
