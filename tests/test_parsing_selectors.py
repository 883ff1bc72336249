"""The site's URL patterns and text patterns, and the rule that every selector
lives in newscrawl/parsing/devdiscourse/selectors.py."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import newscrawl.parsing.devdiscourse as devdiscourse
from newscrawl.parsing.devdiscourse import KNOWN_SECTIONS, article_id_from_url, is_article_url, section_from_url
from newscrawl.parsing.devdiscourse import selectors as S

ARTICLE = "https://www.devdiscourse.com/article/politics/632312-update-1-syrian-rebels-say"


@pytest.mark.parametrize("url", [
    ARTICLE, ARTICLE + "?utm_source=rss#top", ARTICLE + "/", "/article/politics/632312-update-1-syrian-rebels-say",
    "https://www.devdiscourse.com/article/politics/632312", "http://127.0.0.1:8765/article/Politics/632312-x",
])
def test_article_urls(url):
    assert (article_id_from_url(url), section_from_url(url)) == ("632312", "politics")
    assert is_article_url(url)


@pytest.mark.parametrize("url", [
    "https://www.devdiscourse.com/", "https://www.devdiscourse.com/news/politics",
    "https://www.devdiscourse.com/article/politics/", "https://www.devdiscourse.com/article/politics/abc-slug",
    "https://www.devdiscourse.com/tags/syria", "",
])
def test_not_article_urls(url):
    assert not is_article_url(url)
    with pytest.raises(ValueError, match="not an article URL"):
        article_id_from_url(url)
    with pytest.raises(ValueError, match="not an article URL"):
        section_from_url(url)


def test_known_sections_fallback_list():
    assert KNOWN_SECTIONS == (
        "politics", "international", "business", "health", "science-environment", "sports-games",
        "law-order", "education", "agro-forestry", "entertainment", "lifestyle", "technology")


def test_section_path():
    assert S.SECTION_PATH.match("/news/science-environment").group("section") == "science-environment"
    assert S.SECTION_PATH.match("/news/politics/") and not S.SECTION_PATH.match("/news/politics/extra")


@pytest.mark.parametrize("text", [
    "(This story has not been edited by Devdiscourse staff and is auto-generated from a syndicated feed.)",
    "This story has not been edited by Devdiscourse staff and is auto-generated from a syndicated feed",
    "(THIS STORY HAS NOT BEEN EDITED BY DEVDISCOURSE STAFF AND IS AUTO-GENERATED FROM A SYNDICATED FEED.)",
])
def test_disclaimer_pattern(text):
    assert S.DISCLAIMER.fullmatch(text)


@pytest.mark.parametrize(("text", "related"), [
    ("Also Read: Port fees rise", True), ("READ MORE: Crop forecast", True), ("also read - x", True),
    ("Read more about the scheme on its website.", False), ("Also, reading rooms reopen", False),
    ("The minister said: read more", False),
])
def test_related_prefix(text, related):
    assert bool(S.RELATED_PREFIX.match(text)) is related


@pytest.mark.parametrize(("caption", "credit"), [
    ("Representative image. Image Credit: ANI", "ANI"), ("Image Credit: Wikimedia", "Wikimedia"),
    ("image credits - Reuters ", "Reuters"),
])
def test_image_credit_pattern(caption, credit):
    assert S.IMAGE_CREDIT.search(caption).group("credit") == credit


def test_byline_date_patterns_take_only_an_ist_or_bare_time():
    assert S.UPDATED_DATE.search("Updated: 12-09-2019 04:04 IST | Created: x").group("date") == \
        "12-09-2019 04:04 IST"
    assert S.CREATED_DATE.search("Created: 12-09-2019 04:00").group("date") == "12-09-2019 04:00"
    assert S.UPDATED_DATE.search("Updated: 12-09-2019 04:04 GMT") is None


def test_both_layouts_name_the_same_selectors():
    assert set(S.LEGACY) == set(S.CURRENT)


PARSER_MODULES = ["page.py", "legacy.py", "current.py", "listing.py", "__init__.py"]


@pytest.mark.parametrize("module", PARSER_MODULES)
def test_no_selector_or_pattern_outside_selectors_py(module):
    """Adapting to markup drift means editing selectors.py only: no literal CSS/XPath or
    compiled pattern in the other Devdiscourse parser modules."""
    source = (Path(devdiscourse.__file__).parent / module).read_text(encoding="utf-8")
    offenders = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        literal = node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
        if node.func.attr in ("css", "xpath") and literal:
            offenders.append(f"line {node.lineno}: .{node.func.attr}({node.args[0].value!r})")
        if node.func.attr == "compile" and getattr(node.func.value, "id", None) == "re":
            offenders.append(f"line {node.lineno}: re.compile")
    assert offenders == []
