#!/usr/bin/env python3
"""Writes the PDF forms of four development documents (tests/corpus/pdf/) and the bad PDF files of
the tests (tests/fixtures/pdf/).

Each document is set as a print page (its title as the headline, its lines as paragraphs, the
Chinese ones in Noto CJK) and printed by headless Chromium with its default margins, so that every
page carries the browser's running head (date, time and title) and foot (address and page
counter), as PDFs saved from a browser do. The bad files: a scan (a page of drawing, no text
layer), the same page locked with a user password, and 301 pages of it (qpdf).

Needs Debian's chromium, fonts-noto-cjk and qpdf. Usage: python3 scripts/pdf_files.py (from the
repository root; rewrites both folders).
"""

import html
import pathlib
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import web_pages  # noqa: E402  (the paragraphs of a text file, and its expected title)

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
FIXTURES = ROOT / "tests" / "fixtures" / "pdf"

DOCUMENTS = [
    "zh/establishment-communique-numerals-two-columns.zh.txt",
    "zh/treaty-articles-list-number.zh.txt",
    "en/2022-07-16_us-jordan-biden-abdullah-joint-statement.en.txt",
    "en/2024-02-23_p3-joint-statement.en.txt",
]

PRINT_PAGE = """<!DOCTYPE html>
<html lang="{language}"><head><meta charset="utf-8"><title>{title}</title>
<style>body {{ font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 12pt; }}
h1 {{ font-size: 16pt; text-align: center; }} p {{ white-space: pre-wrap; margin: 0 0 0.6em; }}</style>
</head><body><h1>{title}</h1>
{paragraphs}
</body></html>
"""

DRAWING = """<!DOCTYPE html><html><head><meta charset="utf-8"><title></title></head><body>
<svg width="600" height="800" xmlns="http://www.w3.org/2000/svg">
<rect x="40" y="40" width="520" height="40" fill="#333"/>
<rect x="40" y="120" width="500" height="12" fill="#777"/><rect x="40" y="150" width="480" height="12" fill="#777"/>
<rect x="40" y="180" width="510" height="12" fill="#777"/><rect x="40" y="210" width="300" height="12" fill="#777"/>
</svg></body></html>
"""


def print_pdf(page_html, out, margins=True):
    with tempfile.TemporaryDirectory() as work:
        source = pathlib.Path(work) / "page.html"
        source.write_text(page_html, encoding="utf-8")
        command = [
            "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", f"--user-data-dir={work}/profile", f"--print-to-pdf={out}",
        ]
        if not margins:
            command.append("--no-pdf-header-footer")
        subprocess.run(command + [source.as_uri()], check=True, capture_output=True)


def main():
    out = CORPUS / "pdf"
    out.mkdir(exist_ok=True)
    for old in out.glob("*.pdf"):
        old.unlink()
    for name in DOCUMENTS:
        path = CORPUS / name
        language = "zh" if name.endswith(".zh.txt") else "en"
        lines = web_pages.blocks(path.read_text(encoding="utf-8"), language)
        # The page a PDF was printed from opens with the document's title: what a text copy
        # holds before it is the furniture of the site it was copied from.
        expected = web_pages.expected_title(path.name[: -len(".txt")])
        start = next((i for i, line in enumerate(lines) if expected and expected in line), 0)
        title, body = lines[start], lines[start + 1 :]
        page = PRINT_PAGE.format(
            language=language,
            title=html.escape(title),
            paragraphs="\n".join(f"<p>{html.escape(line)}</p>" for line in body),
        )
        print_pdf(page, out / (path.name[: -len(".txt")] + ".pdf"))
    FIXTURES.mkdir(parents=True, exist_ok=True)
    scan = FIXTURES / "scan.pdf"
    print_pdf(DRAWING, scan, margins=False)
    subprocess.run(
        ["qpdf", "--encrypt", "reader", "owner", "256", "--", str(scan), str(FIXTURES / "locked.pdf")],
        check=True,
    )
    subprocess.run(
        ["qpdf", "--empty", "--pages"] + [str(scan)] * 301 + ["--", str(FIXTURES / "long.pdf")],
        check=True,
    )


if __name__ == "__main__":
    main()
