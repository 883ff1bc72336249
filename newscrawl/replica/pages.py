"""The replica's pages, with the markup of the site contract (shared/site-spec).

Templates are our own; their structure (class names, attributes, nesting)
follows the contract, including what a parser must *not* take as body: ad
slots, "Also Read"/"READ MORE" lines, embedded tweets, captions, sidebars,
the syndication disclaimer. Absolute URLs use the request's host (``base``),
so the replica works on any port. Every function is a pure function of the
model and its clock, so the same seed gives the same pages.
"""

from __future__ import annotations

import json
import random
from datetime import timedelta
from email.utils import format_datetime
from html import escape

from newscrawl.replica import text
from newscrawl.replica.generator import SECTIONS, ArticleSpec, SiteModel

DISCLAIMER = ("(This story has not been edited by Devdiscourse staff and is auto-generated from a "
              "syndicated feed.)")
#: Short nav labels, as the site's menus show them (the slug is what counts).
NAV_LABELS = {"science-environment": "Science", "sports-games": "Sports", "law-order": "Law & Order",
              "agro-forestry": "Agriculture"}
FOOTER = ('<footer class="site-footer"><a class="feedback" href="/feedback">Give Feedback</a> '
          '<a class="follow" href="/about">About Devdiscourse</a></footer>')
BLOB = "https://devdiscourse.blob.core.windows.net/devnews"


def day_first(moment) -> str:
    """The site's visible date: ``DD-MM-YYYY HH:MM IST``."""
    return moment.strftime("%d-%m-%Y %H:%M") + " IST"


def section_title(slug: str) -> str:
    """``science-environment`` -> ``Science-Environment`` (article:section, breadcrumbs)."""
    return "-".join(part.capitalize() for part in slug.split("-"))


def nav_label(slug: str) -> str:
    return NAV_LABELS.get(slug, section_title(slug))


def header() -> str:
    links = "\n".join(f'    <a href="/news/{s}">{escape(nav_label(s))}</a>' for s in SECTIONS)
    return (f'<header class="site-header">\n  <a class="logo" href="/">Devdiscourse</a>\n'
            f'  <nav class="main-nav">\n{links}\n  </nav>\n</header>')


def image_url(base: str, spec: ArticleSpec) -> str:
    return f"{base}/remote.axd?{BLOB}/{spec.published:%d_%m_%Y_%H_%M_%S}_{spec.id % 9973:04d}.jpg"


def summary(model: SiteModel, spec: ArticleSpec, length: int = 150) -> str:
    body = model.body(spec)
    return (body[0][:length].rstrip() + "...") if body else ""


# --- home and listings -------------------------------------------------------------------
def home(model: SiteModel, base: str) -> str:
    latest = "\n".join(f'    <li><a href="{a.path}">{escape(a.headline)}</a></li>' for a in model.latest(10))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Devdiscourse: News and Analysis on International Development</title>
<link rel="canonical" href="{base}/">
<link rel="alternate" type="application/rss+xml" href="{base}/rss/website">
</head>
<body class="home-page">
{header()}
<main>
  <h1 class="home-title">Top stories</h1>
  <ul class="home-latest">
{latest}
  </ul>
</main>
{FOOTER}
</body>
</html>"""


def listing_item(spec: ArticleSpec, summary_text: str) -> str:
    """One listing entry; server-rendered pages and the JSON endpoint share it."""
    return f"""    <div class="listing-item">
      <a class="listing-link" href="{spec.path}">
        <h2 class="listing-headline">{escape(spec.headline)}</h2>
      </a>
      <div class="listing-meta"><span class="listing-agency">{escape(spec.source)}</span> <time datetime="{spec.published.isoformat()}">{day_first(spec.published)}</time></div>
      <p class="listing-summary">{escape(summary_text)}</p>
    </div>"""


def listing_items(model: SiteModel, entries: list[ArticleSpec]) -> str:
    return "\n".join(listing_item(a, summary(model, a)) for a in entries)


def sponsored_item(port: int) -> str:
    """An advertiser's entry: off-site (another host name on loopback), never to be followed."""
    return f"""    <div class="listing-item sponsored">
      <a class="listing-link" href="http://localhost:{port}/promo?utm_source=devdiscourse"><h2 class="listing-headline">Sponsored: Smarter savings for every household</h2></a>
    </div>"""


def _section_head(base: str, section: str, canonical: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{escape(nav_label(section))} News | Devdiscourse</title>
<link rel="canonical" href="{base}{canonical}">
<link rel="alternate" type="application/rss+xml" href="{base}/rss/{section}">
</head>
<body class="section-page">
{header()}"""


def section_page(model: SiteModel, base: str, section: str, page: int, port: int) -> str:
    entries, has_next = model.section_listing(section, page)
    items = [listing_item(a, summary(model, a)) for a in entries]
    if section == "politics" and page == 1 and len(items) >= 3:
        items.insert(3, sponsored_item(port))
    pager = (f'<a class="load-more" rel="next" href="/news/{section}?page={page + 1}" '
             f'data-next-page="{page + 1}">Load More</a>') if has_next else ""
    canonical = f"/news/{section}" + (f"?page={page}" if page > 1 else "")
    return f"""{_section_head(base, section, canonical)}
<main>
  <h1 class="section-name">{escape(nav_label(section))}</h1>
  <div class="listing" data-section="{section}">
{chr(10).join(items)}
  </div>
  <div class="pager">
    {pager}
  </div>
</main>
{FOOTER}
</body>
</html>"""


def client_section_page(base: str, section: str, nonce: str, port: int) -> str:
    """An empty list that /static/listing.js fills from a signed endpoint (plus a banner
    image and a third-party tracker, which a crawler's browser should not load)."""
    return f"""{_section_head(base, section, f"/news/{section}")}
<main>
  <h1 class="section-name">{escape(nav_label(section))}</h1>
  <!-- Filled in the browser: the script computes the address of the JSON pages. -->
  <div class="listing" data-section="{section}" data-render="client" data-nonce="{nonce}"></div>
  <div class="pager"><button class="load-more" type="button" hidden>Load More</button></div>
  <noscript>Please enable JavaScript to see the latest news.</noscript>
</main>
<img class="promo-banner" src="/static/banner.jpg" alt="">
<script src="/static/listing.js" defer></script>
<script src="http://localhost:{port}/static/tracker.js" async></script>
{FOOTER}
</body>
</html>"""


# --- article pages -------------------------------------------------------------------------
def _also_read(model: SiteModel, spec: ArticleSpec) -> ArticleSpec | None:
    other = model.related(spec)
    return other if other is not None and model.visible(other) else None


def _tag_links(tags: list[str], sep: str) -> str:
    return sep.join(f'<a href="/tags/{t.lower()}">{escape(t)}</a>' for t in tags)


def legacy_article(model: SiteModel, spec: ArticleSpec, base: str) -> str:
    """The older layout: ``.news-detail``, ``#news-body > p``, a ``.col-side`` sidebar."""
    body = model.body(spec)
    url = base + spec.path
    image = image_url(base, spec)
    tags = model.tags(spec)
    parts = [f"        <p>{escape(p)}</p>" for p in body]
    if len(parts) > 4:
        slot = f"div-gpt-ad-{spec.id % 997}"
        parts.insert(4, f'        <div class="ad-slot inline-ad"><div id="{slot}" data-slot="/4410/dd/article_inline">'
                        f"<script>googletag.cmd.push(function(){{googletag.display('{slot}');}});</script>"
                        '</div><span class="ad-label">Advertisement</span></div>')
    if not body:  # an empty story still has its ad slot
        parts.append('        <div class="ad-slot inline-ad"><div id="div-gpt-ad-1" data-slot="/4410/dd/article_inline">'
                     '</div><span class="ad-label">Advertisement</span></div>')
    other = _also_read(model, spec)
    if other and body:
        parts.append(f'        <p class="also-read">Also Read: <a href="{other.path}">{escape(other.headline)}</a></p>')
    if spec.syndicated and body and spec.id % 3 == 0:  # older pages carry the line only sometimes
        parts.append(f"        <p>{DISCLAIMER}</p>")
    location = f'\n        <span class="news-location">{escape(spec.dateline)}</span> |' if spec.dateline else ""
    menu = "\n".join(f'    <li><a href="/news/{s}">{escape(nav_label(s))}</a></li>' for s in SECTIONS)
    opinions = "\n".join(
        f'      <div class="opinion-item">\n        <a href="{o.path}"><h3>{escape(o.headline)}</h3></a>\n'
        f'        <p>{escape(summary(model, o, 240))}</p>\n      </div>' for o in model.opinions(spec))
    latest = "\n".join(
        f'      <div class="latest-item"><a href="{a.path}"><h4>{escape(a.headline)}</h4></a>'
        f'<p>{escape(summary(model, a, 240))}</p></div>' for a in [a for a in model.latest(5) if a is not spec][:4])
    description = body[0][:200] if body else spec.headline
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{escape(spec.headline)} | {escape(section_title(spec.section))}</title>
<link rel="canonical" href="{url}">
<meta name="description" content="{escape(description)}">
<meta property="og:type" content="article">
<meta property="og:title" content="{escape(spec.headline)}">
<meta property="og:url" content="{url}">
<meta property="og:image" content="{image}">
<meta property="article:section" content="{escape(section_title(spec.section))}">
<meta name="keywords" content="{escape(', '.join(tags))}">
<link rel="stylesheet" href="/static/legacy.css">
</head>
<body>
<div id="left-menu" class="left-menu">
  <span class="menu-toggle">Left Menu</span>
  <ul class="menu-sections">
{menu}
  </ul>
</div>
<div class="edition-bar"><span class="edition">Development News Edition</span></div>

<div id="content" class="container">
  <div class="col-main">
    <div class="news-detail" data-article-id="{spec.id}">
      <h1 class="news-title">{escape(spec.headline)}</h1>
      <div class="news-info">
        <span class="news-agency">{escape(spec.source)}</span> |{location}
        <span class="news-updated">Updated: {day_first(spec.modified)}</span> |
        <span class="news-created">Created: {day_first(spec.published)}</span>
      </div>
      <h2 class="news-title-repeat">{escape(spec.headline)}</h2>
      <div class="news-image">
        <img src="{image}" alt="{escape(spec.headline)}">
        <span class="image-credit">Image Credit: {escape(spec.image_credit)}</span>
      </div>
      <div id="news-body" class="news-body">
{chr(10).join(parts)}
      </div>
      <div class="news-tags">
        {_tag_links(tags, " ")}
      </div>
    </div>
  </div>

  <div class="col-side">
    <div class="opinion-block">
{opinions}
    </div>
    <div class="latest-news">
      <h3>Latest News</h3>
{latest}
    </div>
  </div>
</div>
{FOOTER}
</body>
</html>"""


def _tweet(model: SiteModel, spec: ArticleSpec) -> str:
    rng = random.Random(f"{model.seed}:{spec.id}:tweet")
    person = rng.choice(text.PEOPLE)
    handle = person.split()[-1].lower().encode("ascii", "ignore").decode() or "desk"
    said = text.sentence(rng)
    return (f'      <blockquote class="twitter-tweet"><p lang="en" dir="ltr">{escape(said)}</p>&mdash; '
            f'{escape(person)} (@{handle}) <a href="https://twitter.com/{handle}/status/{spec.id}{rng.randrange(10**9)}">'
            f'{spec.published:%B} {spec.published.day}, {spec.published.year}</a></blockquote>')


def json_ld(spec: ArticleSpec, base: str, url: str, image: str, tags: list[str], body: list[str]) -> str:
    section = section_title(spec.section)
    data = {"@context": "https://schema.org", "@graph": [
        {"@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Home", "item": base + "/"},
            {"@type": "ListItem", "position": 2, "name": section, "item": f"{base}/news/{spec.section}"}]},
        {"@type": "NewsArticle", "mainEntityOfPage": url, "headline": spec.headline,
         "datePublished": spec.published.isoformat(), "dateModified": spec.modified.isoformat(),
         "articleSection": section, "keywords": ", ".join(tags),
         "author": {"@type": "Organization", "name": spec.source},
         "publisher": {"@type": "Organization", "name": "Devdiscourse",
                       "logo": {"@type": "ImageObject", "url": f"{base}/static/images/logo.png"}},
         "image": {"@type": "ImageObject", "url": image},
         "description": body[0][:200] if body else spec.headline}]}
    # a script element must not be closed early by its data
    payload = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{payload}\n</script>\n'


def current_article(model: SiteModel, spec: ArticleSpec, base: str, with_json_ld: bool = True) -> str:
    """The newer layout: JSON-LD (unless *with_json_ld* is false), ``article.story``, a rail."""
    body = model.body(spec)
    url = base + spec.path
    image = image_url(base, spec)
    tags = model.tags(spec)
    parts = [f"      <p>{escape(p)}</p>" for p in body]
    if len(parts) > 2:
        parts.insert(2, f'      <div class="ad-container"><ins class="adsbygoogle" data-ad-slot="{7000 + spec.id % 997}"></ins></div>')
    if len(parts) > 4:
        parts.insert(4, _tweet(model, spec))
    other = _also_read(model, spec)
    if other and body:
        parts.append(f'      <div class="read-more">READ MORE: <a href="{other.path}">{escape(other.headline)}</a></div>')
    if spec.syndicated and body:
        parts.append(f"      <p><em>{DISCLAIMER}</em></p>")
    if not body:  # an empty story still has its ad slot
        parts.append('      <div class="ad-container"><ins class="adsbygoogle" data-ad-slot="7001"></ins></div>')
    meta_tags = "".join(f'<meta property="article:tag" content="{escape(t)}">\n' for t in tags)
    location = f'\n      <span class="story-location">{escape(spec.dateline)}</span>' if spec.dateline else ""
    trending = "\n".join(f'      <a href="{a.path}">{escape(a.headline)}</a>'
                         for a in model.latest(4) if a is not spec)
    agency = spec.source.lower().replace(" ", "-")
    structured = json_ld(spec, base, url, image, tags, body) if with_json_ld else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(spec.headline)} | {escape(section_title(spec.section))}</title>
<link rel="canonical" href="{url}">
<meta property="og:type" content="article">
<meta property="og:title" content="{escape(spec.headline)}">
<meta property="og:url" content="{url}">
<meta property="og:image" content="{image}">
<meta property="article:published_time" content="{spec.published.isoformat()}">
<meta property="article:modified_time" content="{spec.modified.isoformat()}">
<meta property="article:section" content="{escape(section_title(spec.section))}">
{meta_tags}{structured}<link rel="stylesheet" href="/static/site.css">
</head>
<body class="article-page">
{header()}

<main class="article-layout">
  <article class="story" data-article-id="{spec.id}">
    <nav class="breadcrumb"><a href="/">Home</a> › <a href="/news/{spec.section}">{escape(section_title(spec.section))}</a></nav>
    <h1 class="story-headline">{escape(spec.headline)}</h1>
    <div class="story-byline">
      <a class="story-agency" href="/agency/{agency}">{escape(spec.source)}</a>{location}
      <time class="story-published" datetime="{spec.published.isoformat()}">Updated: {day_first(spec.modified)}</time>
    </div>
    <figure class="story-image">
      <img src="{image}" alt="{escape(spec.headline)}">
      <figcaption>Representative image. Image Credit: {escape(spec.image_credit)}</figcaption>
    </figure>
    <div class="story-content">
{chr(10).join(parts)}
    </div>
    <div class="story-tags">
      {_tag_links(tags, "")}
    </div>
  </article>
  <aside class="rail">
    <section class="trending"><h3>Trending</h3>
{trending}
    </section>
  </aside>
</main>
{FOOTER}
</body>
</html>"""


def malformed(html: str) -> str:
    """Break the markup the way real pages break, leaving the fields recoverable:
    unclosed paragraphs, stray closing tags, unquoted attributes, no end tags."""
    html = html.replace("</p>", "", 3)                               # unclosed paragraphs
    html = html.replace("</h1>", "</h1></span></em>", 1)             # stray closers
    html = html.replace('\n<div id="content"', '\n</div>\n<div id="content"', 1)   # stray </div> (legacy)
    html = html.replace('\n<main class="article-layout">', '\n</div>\n<main class="article-layout">', 1)
    html = html.replace('<meta property="og:type" content="article">', "<meta property=og:type content=article>", 1)
    html = html.replace('class="news-tags"', "class=news-tags", 1).replace('class="story-tags"', "class=story-tags", 1)
    return html.replace("</body>", "", 1).replace("</html>", "", 1)


def drifted(html: str) -> str:
    """Markup after a redesign: renamed containers, no structured data."""
    html = html.replace('class="story"', 'class="post"').replace('class="news-detail"', 'class="post-detail"')
    start = html.find('<script type="application/ld+json">')
    if start >= 0:
        html = html[:start] + html[html.find("</script>", start) + len("</script>"):]
    return html


def article_page(model: SiteModel, spec: ArticleSpec, base: str) -> str:
    if spec.layout == "legacy":
        html = legacy_article(model, spec, base)
    else:
        html = current_article(model, spec, base, with_json_ld=spec.layout == "current")
    if spec.fault == "malformed":
        html = malformed(html)
    if model.drift:
        html = drifted(html)
    return html


def not_found() -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Page not found | Devdiscourse</title></head>
<body class="error-page">
{header()}
<main><h1 class="error-title">404: this page does not exist</h1><p><a href="/">Back to the home page</a></p></main>
{FOOTER}
</body></html>"""


def promo() -> str:
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Sponsored</title></head>'
            "<body><h1>An advertiser's page</h1></body></html>")


# --- robots, feeds, sitemaps -------------------------------------------------------------------
def robots(base: str, crawl_delay: float) -> str:
    delay = f"Crawl-delay: {crawl_delay:g}\n" if crawl_delay else ""
    return f"User-agent: *\nDisallow: /search\nDisallow: /api/\n{delay}\nSitemap: {base}/sitemap.xml\n"


def rss(model: SiteModel, base: str, section: str | None) -> str:
    """RSS 2.0 of the newest 50 articles (of the site, or of one section)."""
    items = []
    for a in model.latest(50, section):
        link = base + a.path
        items.append(f"""<item>
<title>{escape(a.headline)}</title>
<link>{link}</link>
<guid isPermaLink="true">{link}</guid>
<pubDate>{format_datetime(a.published)}</pubDate>
<description><![CDATA[<header> {escape(a.headline)} </header> <p>{escape(summary(model, a))}</p>]]></description>
</item>""")
    feed = f"{base}/rss/{section or 'website'}"
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<atom:link href="{feed}" rel="self" type="application/rss+xml" />
<title>Devdiscourse News Desk</title>
<link>{base}</link>
<description>{base} RSS Feed</description>
<language>en</language>
<lastBuildDate>{model.now.isoformat()}</lastBuildDate>
{chr(10).join(items)}
</channel>
</rss>"""


def sitemap_index(model: SiteModel, base: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>{base}/sitemap-news.xml</loc><lastmod>{model.now.isoformat()}</lastmod></sitemap>
  <sitemap><loc>{base}/sitemap-sections.xml</loc></sitemap>
</sitemapindex>"""


def news_sitemap(model: SiteModel, base: str) -> str:
    """Google News sitemap: the articles of the two days before the clock."""
    urls = [f"""  <url>
    <loc>{base}{a.path}</loc>
    <lastmod>{a.modified.isoformat()}</lastmod>
    <news:news>
      <news:publication><news:name>Devdiscourse</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>{a.published.isoformat()}</news:publication_date>
      <news:title>{escape(a.headline)}</news:title>
    </news:news>
  </url>""" for a in model.since(model.now - timedelta(days=2))]
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{chr(10).join(urls)}
</urlset>"""


def sections_sitemap(base: str) -> str:
    urls = "\n".join(f"  <url><loc>{base}/news/{s}</loc><changefreq>hourly</changefreq></url>" for s in SECTIONS)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{urls}
</urlset>"""
