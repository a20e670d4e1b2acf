#!/usr/bin/env python3
"""Writes the web-page forms of the development corpus: tests/corpus/html/ and html-gbk/.

Each text document of tests/corpus/zh/ and tests/corpus/en/ becomes the page a ministry's or a
government's site would serve: a site header with navigation, a breadcrumb, the title as the
page's headline, a publication line, the document's lines as paragraphs, a list of related news
and a footer, with a script and a style sheet in the head. The line that is the document's title
(the `title` line of its expected facts) is the headline, outside the document's container, as
sites set it; the lines after it are paragraphs (what a text copy holds before its title is the
furniture of the page it came from, which the page made here has of its own). Runs of two or more spaces inside a line (columns of
a signature block) are written as no-break spaces, as editors save them. English files are
Markdown with hard wraps: their paragraphs are the lines between blank lines, hard breaks and
short lines. Text taken from a
printed page (`.pdf-text.`) has no web form and is left out.

html/ holds every page in UTF-8; html-gbk/ holds the Chinese pages in GBK, declared in a `<meta>`
as older Chinese sites declare gb2312. The pages have the same document IDs as the text files
(x.zh.txt and x.zh.html are both x.zh), so the same expected facts score them.

Usage: python3 scripts/web_pages.py   (from the repository root; rewrites both folders)
"""

import html
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"

CHINESE_PAGE = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{title}_中华人民共和国外交部</title>
<link rel="stylesheet" href="/css/main.css" />
<style>.content p {{ text-indent: 2em; }}</style>
<script type="text/javascript">var _hmt = _hmt || []; document.write("双方 联合声明 2019年");</script>
</head>
<body>
<div class="header"><div class="logo"><a href="/"><img src="/images/logo.png" alt="中华人民共和国外交部" /></a></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/wjb/">外交部</a></li><li><a href="/wjdt/">外交动态</a></li><li><a href="/ziliao/">资料</a></li></ul>
<div class="search"><input type="text" value="请输入关键字" /><button>搜索</button></div></div>
<div class="breadcrumb"><a href="/">首页</a> &gt; <a href="/ziliao/">资料</a> &gt; <a href="/ziliao/1179_674909/">条约文件</a></div>
<div class="main">
<div class="news-title"><h1>{title}</h1>
<p class="pubtime">发布时间：{published}　来源：外交部网站</p>
<div class="share">分享到：<a href="#">微博</a> <a href="#">微信</a></div></div>
<div class="content" id="News_Body_Txt_A">
{paragraphs}
</div>
<div class="related"><h3>相关新闻</h3><ul>
<li><a href="/1.html">中方就双方关系发表谈话，双方同意加强合作</a></li>
<li><a href="/2.html">外交部发言人答记者问（2019年7月24日）</a></li>
<li><a href="/3.html">国务委员会见外方代表团，双方签署合作文件</a></li>
</ul></div>
<div class="print"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="footer"><p>版权所有：中华人民共和国外交部　地址：北京市朝阳区朝阳门南大街2号</p>
<p>京ICP备06038986号</p></div>
</body>
</html>
"""

ENGLISH_PAGE = """<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | The White House</title>
<meta property="og:title" content="{title}">
<link rel="stylesheet" href="/wp-content/themes/main.css">
<script>window.dataLayer = window.dataLayer || []; function track() {{ return "The Leaders reaffirmed"; }}</script>
</head>
<body class="post-template-default single">
<a class="skip-link" href="#content">Skip to content</a>
<header class="site-header"><nav class="primary-nav"><ul>
<li><a href="/administration/">Administration</a></li><li><a href="/briefing-room/">Briefing Room</a></li>
<li><a href="/issues/">Issues</a></li><li><a href="/contact/">Contact</a></li></ul></nav>
<form class="search-form"><input type="search" placeholder="Search"><button>Search</button></form></header>
<main id="content">
<section class="page-header"><div class="breadcrumbs"><a href="/briefing-room/">Briefing Room</a> / <a href="/briefing-room/statements-releases/">Statements and Releases</a></div>
<h1 class="page-title">{title}</h1>
<div class="posted-on">{published}</div></section>
<section class="body-content"><div class="container">
{paragraphs}
</div></section>
<aside class="related-posts"><h2>Related</h2><ul>
<li><a href="/a/">Readout of the President's Call with the Prime Minister on Trade and Security Cooperation</a></li>
<li><a href="/b/">Fact Sheet: The Leaders Announce New Commitments on Clean Energy Investment</a></li>
</ul></aside>
</main>
<footer class="site-footer"><div class="footer-menu"><a href="/privacy/">Privacy Policy</a> <a href="/copyright/">Copyright Policy</a></div>
<p class="footer-note">The White House, 1600 Pennsylvania Ave NW, Washington, DC 20500</p></footer>
</body>
</html>
"""


def expected_title(document_id):
    path = CORPUS / "expected" / f"{document_id}.tsv"
    if not path.exists():
        return None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("title\t"):
            return line.split("\t", 1)[1]
    return None


def paragraph(line):
    escaped = html.escape(line.strip("\r"), quote=False)
    escaped = re.sub(r" {2,}", lambda run: "&nbsp;" * len(run.group(0)), escaped)
    return f"<p>{escaped}</p>"


def blocks(text, language):
    """The paragraphs of a text file: a line each in Chinese; in English, lines wrapped into
    paragraphs up to a blank line, a hard break or a short line (Markdown's emphasis and escapes
    dropped), or a line each where the file has no blank line."""
    lines = text.splitlines()
    if language == "zh" or not any(not line.strip() for line in lines):
        return [line.strip() for line in lines if line.strip()]
    paragraphs, current = [], []
    for line in lines + [""]:
        if line.strip():
            current.append(line.strip())
        # A blank line ends a paragraph; so do a hard break (two spaces at the end) and a short
        # line, which wrapping did not make (fields one a line, a place over a date).
        if current and (not line.strip() or line.endswith("  ") or len(line.strip()) < 40):
            paragraphs.append(" ".join(current))
            current = []
    return [re.sub(r"\\(.)", r"\1", p.replace("**", "")) for p in paragraphs]


def page(path, template, charset, language):
    document_id = path.name[: -len(".txt")]
    text = path.read_text(encoding="utf-8")
    title = expected_title(document_id)
    lines = blocks(text, language)
    if title is not None and title in lines:
        # What a text copy holds before its title is the furniture of the page it was copied
        # from (a site header, a breadcrumb): the page made here has its own.
        lines = lines[lines.index(title) + 1 :]
    elif title is None:
        title = lines[0].strip()
    published = re.match(r"(\d{4})-(\d{2})-(\d{2})", path.name)
    published = "-".join(published.groups()) if published else "2024-01-01"
    return template.format(
        title=html.escape(title, quote=True),
        published=published,
        charset=charset,
        paragraphs="\n".join(paragraph(line) for line in lines),
    )


def main():
    for folder in ("html", "html-gbk"):
        out = CORPUS / folder
        out.mkdir(exist_ok=True)
        for old in out.glob("*.html"):
            old.unlink()
    for language, template in (("zh", CHINESE_PAGE), ("en", ENGLISH_PAGE)):
        for path in sorted((CORPUS / language).glob("*.txt")):
            if ".pdf-text." in path.name:
                continue  # text taken from a printed page, which no site serves
            name = path.name[: -len(".txt")] + ".html"
            utf8 = page(path, template, "utf-8", language)
            (CORPUS / "html" / name).write_text(utf8, encoding="utf-8")
            if language == "zh":
                gbk = page(path, template, "gb2312", language)
                (CORPUS / "html-gbk" / name).write_bytes(gbk.encode("gbk"))


if __name__ == "__main__":
    main()
