"""The replica's pages, with the markup of the site contract (shared/site-spec).

Templates are our own; their structure (class names, attributes, nesting)
follows the contract, including what a parser must *not* take as body: ad
slots, "Also Read"/"READ MORE" lines, embedded tweets, captions, sidebars,
the syndication disclaimer. Absolute URLs use the request's host, so the
replica works on any port.
"""

from __future__ import annotations

import json
from html import escape
from email.utils import format_datetime

from newscrawl.replica.generator import SECTIONS, ArticleSpec, SiteModel

DISCLAIMER = ("(This story has not been edited by Devdiscourse staff and is auto-generated from a "
              "syndicated feed.)")
WIRE = {"Reuters", "PTI", "IANS", "ANI"}


def day_first(moment) -> str:
    return moment.strftime("%d-%m-%Y %H:%M") + " IST"


def section_label(slug: str) -> str:
    return slug.replace("-", " ").title()


def nav() -> str:
    links = "\n".join(f'    <a href="/news/{s}">{escape(section_label(s))}</a>' for s in SECTIONS)
    return f'<header class="site-header">\n  <a class="logo" href="/">Devdiscourse</a>\n  <nav class="main-nav">\n{links}\n  </nav>\n</header>'


FOOTER = '<footer class="site-footer"><a class="feedback" href="/feedback">Give Feedback</a></footer>'


def home(model: SiteModel, base: str) -> str:
    latest = "".join(f'<li><a href="{a.path}">{escape(a.headline)}</a></li>' for a in model.latest(10))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Devdiscourse: development news</title>
<link rel="canonical" href="{base}/"></head>
<body class="home-page">
{nav()}
<main><h1>Latest</h1><ul class="home-latest">{latest}</ul></main>
{FOOTER}
</body></html>"""


def listing_item(spec: ArticleSpec, summary: str) -> str:
    return f"""    <div class="listing-item">
      <a class="listing-link" href="{spec.path}">
        <h2 class="listing-headline">{escape(spec.headline)}</h2>
      </a>
      <div class="listing-meta"><span class="listing-agency">{escape(spec.source)}</span> <time datetime="{spec.published.isoformat()}">{day_first(spec.published)}</time></div>
      <p class="listing-summary">{escape(summary)}</p>
    </div>"""


def sponsored_item(base_host_port: str) -> str:
    return f"""    <div class="listing-item sponsored">
      <a class="listing-link" href="http://localhost:{base_host_port}/promo?utm_source=devdiscourse"><h2 class="listing-headline">Sponsored: Plan your retirement today</h2></a>
    </div>"""


def summary(model: SiteModel, spec: ArticleSpec) -> str:
    body = model.body(spec)
    return (body[0][:150] + "...") if body else ""


def section_page(model: SiteModel, base: str, section: str, page: int, port: int) -> str:
    entries, has_next = model.section_listing(section, page)
    items = [listing_item(a, summary(model, a)) for a in entries]
    if section == "politics" and page == 1 and len(items) >= 3:
        items.insert(3, sponsored_item(str(port)))
    pager = (f'<a class="load-more" rel="next" href="/news/{section}?page={page + 1}" '
             f'data-next-page="{page + 1}">Load More</a>') if has_next else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{escape(section_label(section))} News | Devdiscourse</title>
<link rel="canonical" href="{base}/news/{section}">
<link rel="alternate" type="application/rss+xml" href="{base}/rss/{section}">
</head>
<body class="section-page">
{nav()}
<main>
  <h1 class="section-name">{escape(section_label(section))}</h1>
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
    """An empty list that /static/listing.js fills from a signed endpoint (plus a logo
    and a third-party tracker, which a crawler's browser should not load)."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{escape(section_label(section))} News | Devdiscourse</title>
<link rel="canonical" href="{base}/news/{section}">
</head>
<body class="section-page">
{nav()}
<main>
  <h1 class="section-name">{escape(section_label(section))}</h1>
  <!-- Filled in the browser from a JSON endpoint whose address the script computes. -->
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


def _also_read(model: SiteModel, spec: ArticleSpec) -> ArticleSpec | None:
    other = model.related(spec)
    return other if other is not None and model.visible(other) else None


def legacy_article(model: SiteModel, spec: ArticleSpec, base: str) -> str:
    body = model.body(spec)
    paragraphs = [f"        <p>{escape(p)}</p>" for p in body]
    if len(paragraphs) > 3:
        paragraphs.insert(3, '        <div class="ad-slot inline-ad"><div id="div-gpt-ad-1" data-slot="/1/article_inline">'
                             "<script>googletag.cmd.push(function(){googletag.display('div-gpt-ad-1');});</script>"
                             '</div><span class="ad-label">Advertisement</span></div>')
    other = _also_read(model, spec)
    if other and body:
        paragraphs.append(f'        <p class="also-read">Also Read: <a href="{other.path}">{escape(other.headline)}</a></p>')
    if spec.source in WIRE and body and spec.id % 3 == 0:  # older pages carry it only sometimes
        paragraphs.append(f"        <p>{DISCLAIMER}</p>")
    tags = " ".join(f'<a href="/tags/{t.lower()}">{escape(t)}</a>' for t in model.tags(spec))
    location = f'<span class="news-location">{escape(spec.dateline)}</span> |' if spec.dateline else ""
    url = base + spec.path
    image = f"{base}/remote.axd?https://devdiscourse.blob.core.windows.net/devnews/{spec.id}.jpg"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{escape(spec.headline)} | {escape(section_label(spec.section))}</title>
<link rel="canonical" href="{url}">
<meta property="og:type" content="article">
<meta property="og:title" content="{escape(spec.headline)}">
<meta property="og:url" content="{url}">
<meta property="og:image" content="{image}">
<meta name="keywords" content="{escape(', '.join(model.tags(spec)))}">
</head>
<body>
<div id="left-menu" class="left-menu"><span class="menu-toggle">Left Menu</span>
  <ul class="menu-sections">{''.join(f'<li><a href="/news/{s}">{section_label(s)}</a></li>' for s in SECTIONS)}</ul>
</div>
<div id="content" class="container">
  <div class="col-main">
    <div class="news-detail" data-article-id="{spec.id}">
      <h1 class="news-title">{escape(spec.headline)}</h1>
      <div class="news-info">
        <span class="news-agency">{escape(spec.source)}</span> |
        {location}
        <span class="news-updated">Updated: {day_first(spec.modified)}</span> |
        <span class="news-created">Created: {day_first(spec.published)}</span>
      </div>
      <h2 class="news-title-repeat">{escape(spec.headline)}</h2>
      <div class="news-image">
        <img src="{image}" alt="{escape(spec.headline)}">
        <span class="image-credit">Image Credit: {"Wikimedia" if spec.id % 2 else "ANI"}</span>
      </div>
      <div id="news-body" class="news-body">
{chr(10).join(paragraphs)}
      </div>
      <div class="news-tags">{tags}</div>
    </div>
  </div>
  <div class="col-side">
    <div class="latest-news"><h3>Latest News</h3>
      <div class="latest-item"><a href="/news/politics"><h4>Stay with the latest politics news</h4></a><p>Fresh officials in Lima said the sidebar teaser is not part of any article.</p></div>
    </div>
  </div>
</div>
{FOOTER}
</body>
</html>"""


def current_article(model: SiteModel, spec: ArticleSpec, base: str, with_json_ld: bool = True) -> str:
    body = model.body(spec)
    url = base + spec.path
    image = f"{base}/remote.axd?https://devdiscourse.blob.core.windows.net/devnews/{spec.id}.jpg"
    tags = model.tags(spec)
    parts = [f"      <p>{escape(p)}</p>" for p in body]
    if len(parts) > 2:
        parts.insert(2, '      <div class="ad-container"><ins class="adsbygoogle" data-ad-slot="7431"></ins></div>')
    if len(parts) > 4:
        parts.insert(4, '      <blockquote class="twitter-tweet"><p lang="en" dir="ltr">A tweet embedded in the story, '
                        'not part of it.</p>&mdash; Agency (@agency) <a href="https://twitter.com/agency/status/1">'
                        'Sep 1</a></blockquote>')
    other = _also_read(model, spec)
    if other and body:
        parts.append(f'      <div class="read-more">READ MORE: <a href="{other.path}">{escape(other.headline)}</a></div>')
    if spec.source in WIRE and body:
        parts.append(f"      <p><em>{DISCLAIMER}</em></p>")
    json_ld = ""
    if with_json_ld:
        data = {"@context": "https://schema.org", "@graph": [
            {"@type": "BreadcrumbList", "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "Home", "item": base + "/"},
                {"@type": "ListItem", "position": 2, "name": section_label(spec.section),
                 "item": f"{base}/news/{spec.section}"}]},
            {"@type": "NewsArticle", "mainEntityOfPage": url, "headline": spec.headline,
             "datePublished": spec.published.isoformat(), "dateModified": spec.modified.isoformat(),
             "articleSection": section_label(spec.section), "keywords": ", ".join(tags),
             "author": {"@type": "Organization", "name": spec.source},
             "publisher": {"@type": "Organization", "name": "Devdiscourse"},
             "image": {"@type": "ImageObject", "url": image},
             "description": (body[0][:200] if body else "")}]}
        json_ld = f'<script type="application/ld+json">\n{json.dumps(data, ensure_ascii=False, indent=1)}\n</script>'
    meta_tags = "\n".join(f'<meta property="article:tag" content="{escape(t)}">' for t in tags)
    location = f'<span class="story-location">{escape(spec.dateline)}</span>' if spec.dateline else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{escape(spec.headline)} | {escape(section_label(spec.section))}</title>
<link rel="canonical" href="{url}">
<meta property="og:type" content="article">
<meta property="og:title" content="{escape(spec.headline)}">
<meta property="og:url" content="{url}">
<meta property="og:image" content="{image}">
<meta property="article:published_time" content="{spec.published.isoformat()}">
<meta property="article:modified_time" content="{spec.modified.isoformat()}">
{meta_tags}
{json_ld}
</head>
<body class="article-page">
{nav()}
<main class="article-layout">
  <article class="story" data-article-id="{spec.id}">
    <nav class="breadcrumb"><a href="/">Home</a> › <a href="/news/{spec.section}">{escape(section_label(spec.section))}</a></nav>
    <h1 class="story-headline">{escape(spec.headline)}</h1>
    <div class="story-byline">
      <a class="story-agency" href="/agency/{spec.source.lower().replace(' ', '-')}">{escape(spec.source)}</a>
      {location}
      <time class="story-published" datetime="{spec.published.isoformat()}">Updated: {day_first(spec.modified)}</time>
    </div>
    <figure class="story-image">
      <img src="{image}" alt="{escape(spec.headline)}">
      <figcaption>Representative image. Image Credit: {"Reuters" if spec.source == "Reuters" else "ANI"}</figcaption>
    </figure>
    <div class="story-content">
{chr(10).join(parts)}
    </div>
    <div class="story-tags">{''.join(f'<a href="/tags/{t.lower()}">{escape(t)}</a>' for t in tags)}</div>
  </article>
  <aside class="rail"><section class="trending"><h3>Trending</h3>
    <a href="/news/business">Markets steady as rupee firms in early trade</a></section></aside>
</main>
{FOOTER}
</body>
</html>"""


def malformed(html: str) -> str:
    """Break the markup the way real pages break, leaving the fields recoverable."""
    html = html.replace("</p>", "", 3)                       # unclosed paragraphs
    html = html.replace("</h1>", "</h1></span></em>", 1)     # stray closers
    html = html.replace('<meta property="og:type" content="article">', '<meta property=og:type content=article', 1)
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
    return f"<!DOCTYPE html><html><head><title>Page not found</title></head><body>{nav()}<h1>404</h1>{FOOTER}</body></html>"


def robots(base: str, crawl_delay: float) -> str:
    delay = f"Crawl-delay: {crawl_delay:g}\n" if crawl_delay else ""
    return f"User-agent: *\nDisallow: /search\nDisallow: /api/\n{delay}\nSitemap: {base}/sitemap.xml\n"


def rss(model: SiteModel, base: str, section: str | None) -> str:
    items = []
    for a in model.latest(50, section):
        items.append(f"""<item>
<title>{escape(a.headline)}</title>
<link>{base}{a.path}</link>
<guid isPermaLink="true">{base}{a.path}</guid>
<pubDate>{format_datetime(a.published)}</pubDate>
<description><![CDATA[<p>{escape(summary(model, a))}</p>]]></description>
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
    from datetime import timedelta

    since = model.now - timedelta(days=2)
    urls = []
    for a in reversed(model.articles):
        if not model.visible(a):
            continue
        if a.published < since:
            break
        urls.append(f"""  <url>
    <loc>{base}{a.path}</loc>
    <lastmod>{a.modified.isoformat()}</lastmod>
    <news:news>
      <news:publication><news:name>Devdiscourse</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>{a.published.isoformat()}</news:publication_date>
      <news:title>{escape(a.headline)}</news:title>
    </news:news>
  </url>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{chr(10).join(urls)}
</urlset>"""


def sections_sitemap(base: str) -> str:
    urls = "\n".join(f"  <url><loc>{base}/news/{s}</loc></url>" for s in SECTIONS)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{urls}
</urlset>"""
