"""The legacy article layout (older articles): ``div.news-detail``, no JSON-LD.

The visible markup is the source; ``og:title`` backs up the headline. Dates
are only in the ``Created:`` / ``Updated:`` lines, day-first IST (the loader
parses them). Structured data, should a legacy page ever carry it, comes last.
"""

from __future__ import annotations

from newscrawl.parsing.devdiscourse import selectors as S
from newscrawl.parsing.devdiscourse.page import ArticlePage
from newscrawl.parsing.text import node_text


class LegacyArticlePage(ArticlePage):
    layout = "legacy"
    SPEC = S.LEGACY

    def headline(self):
        return [self.first(self.SPEC["headline"]), self.head(S.OG_TITLE), self.ld("headline")]

    def source(self):
        return [self.first(self.SPEC["source"]), self.ld_name("author")]

    def published(self):
        """``Created: 12-09-2019 04:00 IST``."""
        visible = self.labelled_date(self.first(self.SPEC["published"]), S.CREATED_DATE)
        return [visible, self.ld("datePublished"), self.head(S.META_PUBLISHED)]

    def modified(self):
        """``Updated: 12-09-2019 04:04 IST``."""
        visible = self.labelled_date(self.first(self.SPEC["modified"]), S.UPDATED_DATE)
        return [visible, self.ld("dateModified"), self.head(S.META_MODIFIED)]

    def image_url(self):
        return [self.absolute(self.first(self.SPEC["image_url"])), self.absolute(self.head(S.OG_IMAGE))]

    def image_credit(self):
        """``.image-credit`` holds only the credit, with or without its "Image Credit:" label."""
        return [self.credit(self.first(self.SPEC["image_credit"]), bare_is_credit=True)]

    def tag_sources(self):
        """Only the tag links: ``meta keywords`` holds SEO terms that are not the page's tags."""
        return [[node_text(a) for a in self.root.css(self.SPEC["tags"])]]
