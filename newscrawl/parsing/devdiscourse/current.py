"""The current article layout (newer articles): ``article.story`` with JSON-LD.

Priority per field: the JSON-LD ``NewsArticle`` first, then ``<meta>``
(``article:*``), then the visible markup. The byline's
``time.story-published`` holds the publication time in its ``datetime``
attribute, while its text ("Updated: ...") is the modification time.
"""

from __future__ import annotations

from newscrawl.parsing.devdiscourse import selectors as S
from newscrawl.parsing.devdiscourse.page import ArticlePage
from newscrawl.parsing.text import node_text


class CurrentArticlePage(ArticlePage):
    layout = "current"
    SPEC = S.CURRENT

    def headline(self):
        return [self.ld("headline"), self.first(self.SPEC["headline"]), self.head(S.OG_TITLE)]

    def source(self):
        return [self.ld_name("author"), self.first(self.SPEC["source"])]

    def published(self):
        return [self.ld("datePublished"), self.head(S.META_PUBLISHED), self.first(self.SPEC["published"])]

    def modified(self):
        visible = self.labelled_date(self.first(self.SPEC["modified"]), S.UPDATED_DATE)
        return [self.ld("dateModified"), self.head(S.META_MODIFIED), visible]

    def image_url(self):
        """The article's own image before ``og:image``, which may be a generic share picture."""
        return [self.absolute(self.ld_url("image")), self.absolute(self.first(self.SPEC["image_url"])),
                self.absolute(self.head(S.OG_IMAGE))]

    def image_credit(self):
        """The figcaption is a description; only its "Image Credit: X" part is the credit."""
        return [self.credit(self.first(self.SPEC["image_credit"]), bare_is_credit=False)]

    def tag_sources(self):
        """``article:tag`` (one tag each), the tag links, then JSON-LD ``keywords`` (a joined string)."""
        markup = [node_text(a) for a in self.root.css(self.SPEC["tags"])]
        return [self.sel.css(S.META_TAGS).getall(), markup, self.ld_list("keywords")]
