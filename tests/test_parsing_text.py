"""Whitespace clean-up and visible text, shared by every parser."""

from __future__ import annotations

import re

from parsel import Selector

from newscrawl.parsing.text import clean, node_text, strip_label


def test_clean_collapses_runs_strips_and_handles_nbsp():
    assert clean("  Syrian\u00a0\u00a0rebels \n\t say\u2009so  ") == "Syrian rebels say so"
    assert clean("zero\u200bwidth\ufeff") == "zerowidth"


def test_clean_gives_none_for_nothing():
    assert clean(None) is None and clean("") is None and clean(" \u00a0\n ") is None


def test_clean_keeps_non_ascii_text_as_is():
    text = "São Paulo — ₹1,12,000 “quoted” দার্জিলিং पुणे"
    assert clean(text) == text


def test_strip_label():
    assert strip_label(" Created:  12-09-2019 04:00 IST", re.compile(r"^\s*created\s*:\s*", re.I)) == \
        "12-09-2019 04:00 IST"
    assert strip_label(None, re.compile("x")) is None


def test_node_text_skips_scripts_and_keeps_words_apart_at_line_breaks():
    sel = Selector(text="<p>One<br>two <script>ads()</script><b>three</b>&nbsp; four<!-- c --> five"
                        "<style>p{}</style></p>")
    assert node_text(sel.css("p")[0]) == "One two three four five"


def test_node_text_of_text_nodes_and_nothing():
    sel = Selector(text="<p> a <i>b</i></p>")
    assert node_text(sel.css("p::text")[0]) == "a"
    assert node_text(None) is None
