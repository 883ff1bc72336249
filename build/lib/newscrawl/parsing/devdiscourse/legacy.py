"""The legacy article layout (older articles): ``.news-detail``, no JSON-LD.

Dates are only in the visible ``Created:`` / ``Updated:`` lines, day-first IST.
"""

from __future__ import annotations

from newscrawl.parsing.devdiscourse import selectors as S
from newscrawl.parsing.devdiscourse.page import ArticlePage
from newscrawl.parsing.text import strip_label


class LegacyArticlePage(ArticlePage):
    layout = "legacy"
    SPEC = S.LEGACY

    def headline(self):
        return [self.text(self.SPEC["headline"]), self.sel.css(S.OG_TITLE).get()]

    def published(self):
        return [*super().published(), strip_label(self.text(self.SPEC["published"]), S.CREATED_LABEL)]

    def modified(self):
        return [*super().modified(), strip_label(self.text(self.SPEC["modified"]), S.UPDATED_LABEL)]

    def image_credit(self):
        """``.image-credit`` holds the credit, with or without its "Image Credit:" label."""
        caption = self.text(self.SPEC["image_credit"])
        match = S.IMAGE_CREDIT.search(caption or "")
        return [match.group("credit") if match else caption]
