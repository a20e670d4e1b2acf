//! Web pages: the document a saved page carries, as text.
//!
//! A page is parsed with html5ever (the parser of the Servo project, through `scraper`) into the
//! tree a browser builds, and the document is found in it as Readability finds an article: the
//! text of each block counts toward the block, its parent and, at half, its grandparent, less
//! twice the text of its links (a table cell's parent is the block that holds its table). The
//! block with the most wins, with those of its later siblings that score at least a fifth of it
//! (a body and a signature block in two `<div>`s). Scripts, styles, form controls, navigation,
//! page headers and footers, asides, and elements whose class or ID names them as furniture
//! (`ontology/web-page.tsv`: menus, breadcrumbs, related news, sharing bars) are never counted
//! nor read.
//!
//! The text read is the page's headline, where the document found does not open with it (its
//! first `<h1>`, else its `og:title`, else its `<title>` without the site's name), then each block
//! of the document as a paragraph: a line each in Chinese, separated by blank lines in English, as
//! text files in those languages have them. A line break (`<br>`) ends a paragraph too; a table
//! row is one line, its cells separated by two spaces, as signature blocks are set out in plain
//! text. White space collapses as a browser collapses it, but for no-break spaces (which become
//! spaces), and a line break between two Chinese characters is dropped, as CSS drops it.
//!
//! Spans count the characters of this text: it is what diplograph reads from the page, and the
//! same page always gives the same text. Its SHA-256 is stored with the document
//! (`dg:textDigest`), and `diplograph extract --format text PAGE` prints it, so that a span can be
//! looked up in it.
//!
//! Cost: linear in the page's size: one parse, and three walks of the tree with an explicit stack,
//! so that a deeply nested page cannot exhaust the call stack.

use crate::error::DataError;
use crate::lang::data_file::{data_lines, line_error};
use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};
use std::collections::HashMap;

/// What tells a page's furniture from its document, and its title from its site's name
/// (`ontology/web-page.tsv`).
#[derive(Debug, Clone, Default)]
pub struct PageRules {
    furniture: Vec<String>,
    content: Vec<String>,
    title_separators: Vec<String>,
}

impl PageRules {
    /// Reads the rules from the text of `ontology/web-page.tsv`; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Self, DataError> {
        let mut rules = Self::default();
        for (number, line) in data_lines(text) {
            let Some((category, value)) = line.split_once('\t') else {
                return Err(line_error(
                    file,
                    number,
                    "expected CATEGORY<TAB>TEXT".to_owned(),
                ));
            };
            if value.trim().is_empty() {
                return Err(line_error(file, number, "the text is empty".to_owned()));
            }
            match category {
                "furniture" => rules.furniture.push(value.to_lowercase()),
                "content" => rules.content.push(value.to_lowercase()),
                "title-separator" => rules.title_separators.push(value.to_owned()),
                other => {
                    return Err(line_error(
                        file,
                        number,
                        format!(
                            "unknown category `{other}` (expected furniture, content or title-separator)"
                        ),
                    ))
                }
            }
        }
        for (category, values) in [
            ("furniture", &rules.furniture),
            ("title-separator", &rules.title_separators),
        ] {
            if values.is_empty() {
                return Err(DataError::Invalid {
                    file: file.to_owned(),
                    message: format!("no `{category}` line: the reader needs at least one"),
                });
            }
        }
        Ok(rules)
    }

    /// True when an element with this class and ID is page furniture.
    fn is_furniture(&self, marks: &str) -> bool {
        if marks.is_empty() {
            return false;
        }
        let marks = marks.to_lowercase();
        self.furniture
            .iter()
            .any(|word| marks.contains(word.as_str()))
            && !self
                .content
                .iter()
                .any(|word| marks.contains(word.as_str()))
    }

    /// The title in a `<title>`: its longest part between the site's separators.
    fn page_title(&self, title: &str) -> String {
        let mut parts = vec![title];
        for separator in &self.title_separators {
            parts = parts
                .into_iter()
                .flat_map(|part| part.split(separator.as_str()))
                .collect();
        }
        parts
            .into_iter()
            .map(str::trim)
            .max_by_key(|part| part.chars().count())
            .unwrap_or_default()
            .to_owned()
    }
}

/// Elements whose content is never document text.
const NEVER_READ: [&str; 20] = [
    "head", "script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
    "canvas", "select", "option", "button", "input", "textarea", "nav", "aside", "footer",
    "header", "menu",
];

/// Elements that begin and end a block of text.
const BLOCKS: [&str; 37] = [
    "address",
    "article",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tr",
    "ul",
];

/// The smallest share of the best block's score that a sibling needs to be read with it.
const SIBLING_SHARE: f64 = 0.2;

/// What was read from a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageText {
    /// The text read: the headline, then the document's paragraphs.
    pub text: String,
}

/// Why a page gave no text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// Nothing in the page is document text.
    NoText,
    /// Elements are nested deeper than [`MAX_DEPTH`].
    TooDeep,
}

/// The deepest nesting of elements a page may have. Browsers stop nesting at 512 (Blink); the
/// parser's time grows with the square of the depth, so a page nested deeper is refused before it
/// is parsed.
pub const MAX_DEPTH: usize = 4096;

/// Reads the document in a page that has been decoded to `source`.
pub fn read_page(source: &str, rules: &PageRules) -> Result<PageText, Unreadable> {
    if nesting_depth(source) > MAX_DEPTH {
        return Err(Unreadable::TooDeep);
    }
    let html = Html::parse_document(source);
    let root = html.tree.root();
    let read = Readable::mark(root, rules);
    let chosen = read.choose(root);
    let mut writer = Writer::default();
    for block in &chosen {
        if let Some(node) = html.tree.get(*block) {
            writer.write(node, &read);
        }
    }
    let mut paragraphs = writer.finish();
    if paragraphs.is_empty() {
        return Err(Unreadable::NoText);
    }
    if let Some(headline) = headline(&html, &read, rules) {
        let opening: String = paragraphs.iter().take(3).flat_map(|p| p.chars()).collect();
        if !squeezed(&opening).contains(&squeezed(&headline)) {
            paragraphs.insert(0, headline);
        }
    }
    // Paragraphs are set out as text files in the page's language set them out: a line each in
    // Chinese, where a blank line ends a document's title block; between blank lines in English,
    // where lines are wrapped.
    let separator = match crate::text::language::Language::detect(&paragraphs.concat()) {
        crate::text::language::Language::Chinese => "\n",
        _ => "\n\n",
    };
    Ok(PageText {
        text: paragraphs.join(separator) + "\n",
    })
}

/// Elements that have no end tag, or whose end tag may be left out: they do not deepen a page.
const UNNESTED: [&str; 37] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "html", "head", "body", "p", "li", "dt", "dd", "tr", "td", "th", "thead",
    "tbody", "tfoot", "colgroup", "caption", "option", "optgroup", "rb", "rt", "rtc", "rp",
    "frame", "keygen",
];

/// The deepest nesting of the elements that need an end tag, as the tags are written (comments
/// and the content of scripts and styles passed over): the depth the parser will build, or more
/// where end tags are missing. One pass over the text.
fn nesting_depth(source: &str) -> usize {
    let bytes = source.as_bytes();
    let name_at = |from: usize| -> String {
        bytes[from..]
            .iter()
            .take_while(|byte| byte.is_ascii_alphanumeric())
            .map(|byte| char::from(byte.to_ascii_lowercase()))
            .collect()
    };
    let (mut depth, mut deepest, mut at) = (0usize, 0usize, 0usize);
    while let Some(offset) = bytes[at..].iter().position(|byte| *byte == b'<') {
        at += offset + 1;
        if bytes[at..].starts_with(b"!--") {
            at = find(&bytes[at..], b"-->").map_or(bytes.len(), |end| at + end + 3);
        } else if bytes.get(at) == Some(&b'/') {
            if !UNNESTED.contains(&name_at(at + 1).as_str()) {
                depth = depth.saturating_sub(1);
            }
        } else if bytes.get(at).is_some_and(u8::is_ascii_alphabetic) {
            let name = name_at(at);
            if matches!(
                name.as_str(),
                "script" | "style" | "textarea" | "title" | "xmp"
            ) {
                let close = format!("</{name}");
                at = bytes[at..]
                    .windows(close.len())
                    .position(|window| window.eq_ignore_ascii_case(close.as_bytes()))
                    .map_or(bytes.len(), |end| at + end);
            } else if !UNNESTED.contains(&name.as_str()) {
                depth += 1;
                deepest = deepest.max(depth);
            }
        }
    }
    deepest
}

/// True when `source` is a web page whatever its file's name: it opens, after white space and
/// comments, with a doctype or an `<html>` tag.
pub fn looks_like_html(source: &str) -> bool {
    let mut rest = source.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    while let Some(comment) = rest.strip_prefix("<!--") {
        match comment.find("-->") {
            Some(end) => rest = comment[end + 3..].trim_start(),
            None => return false,
        }
    }
    let head: String = rest
        .chars()
        .take(14)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// The encoding a page declares in the `charset` of a `<meta>` element (`<meta charset="gbk">` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`) within its first 4,096
/// bytes, where the label is one the Encoding Standard knows. A declared UTF-16 is taken for
/// UTF-8, as browsers take it: bytes that could be read by the declaration are ASCII.
pub fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower = head.to_ascii_lowercase();
    let mut rest = lower.as_slice();
    while let Some(start) = find(rest, b"<meta") {
        let tag = &rest[start..];
        let end = tag
            .iter()
            .position(|byte| *byte == b'>')
            .unwrap_or(tag.len());
        let tag = &tag[..end];
        if let Some(at) = find(tag, b"charset") {
            let value = tag[at + 7..]
                .iter()
                .skip_while(|byte| byte.is_ascii_whitespace())
                .skip_while(|byte| **byte == b'=')
                .skip_while(|byte| byte.is_ascii_whitespace() || **byte == b'"' || **byte == b'\'')
                .take_while(|byte| {
                    !byte.is_ascii_whitespace() && !matches!(**byte, b'"' | b'\'' | b';' | b'/')
                })
                .copied()
                .collect::<Vec<u8>>();
            if let Some(encoding) = encoding_rs::Encoding::for_label(&value) {
                return Some(match encoding.name() {
                    "UTF-16LE" | "UTF-16BE" => encoding_rs::UTF_8,
                    _ => encoding,
                });
            }
        }
        rest = &rest[start + 5..];
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// The text without white space, for comparing a headline with the text that opens a document.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The elements of the page that may be read, and the score of each block.
struct Readable {
    /// Elements never read, furniture among them.
    unread: std::collections::HashSet<NodeId>,
    score: HashMap<NodeId, f64>,
}

impl Readable {
    /// One walk: each text's characters (not white space) count toward the block that holds it,
    /// that block's parent block and, at half, its grandparent block; text inside a link counts
    /// against them.
    fn mark(root: NodeRef<'_, Node>, rules: &PageRules) -> Self {
        let mut unread = std::collections::HashSet::new();
        let mut direct: HashMap<NodeId, (f64, f64)> = HashMap::new();
        // The open blocks, and whether each is a table's structure (a table or a row).
        let mut blocks: Vec<(NodeId, bool)> = Vec::new();
        let mut parents: HashMap<NodeId, Option<NodeId>> = HashMap::new();
        let mut skipping = 0usize;
        let mut links = 0usize;
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Element(element) => {
                        let name = element.name();
                        let marks = format!(
                            "{} {}",
                            element.attr("class").unwrap_or_default(),
                            element.id().unwrap_or_default()
                        );
                        if skipping > 0
                            || NEVER_READ.contains(&name)
                            || rules.is_furniture(marks.trim())
                        {
                            skipping += 1;
                            unread.insert(node.id());
                        } else if BLOCKS.contains(&name) || name == "td" || name == "th" {
                            // A cell counts toward the block that holds its table: a table's
                            // rows are lines of that block's text.
                            let parent = blocks
                                .iter()
                                .rev()
                                .find(|(_, structure)| !structure)
                                .map(|(id, _)| *id);
                            parents.insert(node.id(), parent);
                            blocks.push((node.id(), matches!(name, "table" | "tr")));
                        } else if name == "a" {
                            links += 1;
                        }
                    }
                    Node::Text(text) if skipping == 0 => {
                        let count = text.chars().filter(|c| !c.is_whitespace()).count() as f64;
                        if let Some((block, _)) = blocks.last() {
                            let entry = direct.entry(*block).or_default();
                            entry.0 += count;
                            if links > 0 {
                                entry.1 += count;
                            }
                        }
                    }
                    _ => {}
                },
                Edge::Close(node) => {
                    if let Node::Element(element) = node.value() {
                        if skipping > 0 {
                            if unread.contains(&node.id()) {
                                skipping -= 1;
                            }
                        } else if blocks.last().map(|(id, _)| *id) == Some(node.id()) {
                            blocks.pop();
                        } else if element.name() == "a" {
                            links = links.saturating_sub(1);
                        }
                    }
                }
            }
        }
        let mut score: HashMap<NodeId, f64> = HashMap::new();
        for (block, (text, linked)) in &direct {
            let own = (text - 2.0 * linked).max(0.0);
            if own == 0.0 {
                continue;
            }
            *score.entry(*block).or_default() += own;
            let parent = parents.get(block).copied().flatten();
            if let Some(parent) = parent {
                *score.entry(parent).or_default() += own;
                if let Some(grandparent) = parents.get(&parent).copied().flatten() {
                    *score.entry(grandparent).or_default() += own / 2.0;
                }
            }
        }
        Self { unread, score }
    }

    /// The best block, with the siblings after it that score at least [`SIBLING_SHARE`] of it
    /// (a signature block, a closing line), in the page's order; the whole page when no block
    /// holds text. What comes before the body in its container is the headline's, which
    /// [`headline`] reads.
    fn choose(&self, root: NodeRef<'_, Node>) -> Vec<NodeId> {
        // Ties go to the block found last in the page's order, the innermost of nested blocks.
        let best = root
            .descendants()
            .filter_map(|node| self.score.get(&node.id()).map(|score| (node, *score)))
            .fold(
                None::<(NodeRef<'_, Node>, f64)>,
                |best, (node, score)| match best {
                    Some((_, top)) if top > score => best,
                    _ => Some((node, score)),
                },
            );
        let Some((best, top)) = best else {
            return vec![root.id()];
        };
        let Some(parent) = best.parent() else {
            return vec![best.id()];
        };
        parent
            .children()
            .skip_while(|child| child.id() != best.id())
            .filter(|child| {
                child.id() == best.id()
                    || self
                        .score
                        .get(&child.id())
                        .is_some_and(|score| *score >= top * SIBLING_SHARE)
            })
            .map(|child| child.id())
            .collect()
    }
}

/// Writes the text of chosen blocks as paragraphs.
#[derive(Default)]
struct Writer {
    paragraphs: Vec<String>,
    line: String,
    /// White space seen since the last character written, and whether it held a line break.
    space: Option<bool>,
    preformatted: usize,
}

impl Writer {
    fn write(&mut self, node: NodeRef<'_, Node>, read: &Readable) {
        let mut skipping = 0usize;
        for edge in node.traverse() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Element(element) => {
                        if skipping > 0 || read.unread.contains(&node.id()) {
                            skipping += 1;
                            continue;
                        }
                        match element.name() {
                            "br" => self.end_paragraph(),
                            "pre" => {
                                self.end_paragraph();
                                self.preformatted += 1;
                            }
                            name if BLOCKS.contains(&name) => self.end_paragraph(),
                            _ => {}
                        }
                    }
                    Node::Text(text) if skipping == 0 => self.text(text),
                    _ => {}
                },
                Edge::Close(node) => {
                    let Node::Element(element) = node.value() else {
                        continue;
                    };
                    if skipping > 0 {
                        skipping -= 1;
                        continue;
                    }
                    match element.name() {
                        "td" | "th" if !self.line.trim().is_empty() => {
                            self.space = None;
                            self.line.push_str("  ");
                        }
                        "pre" => {
                            self.end_paragraph();
                            self.preformatted = self.preformatted.saturating_sub(1);
                        }
                        name if BLOCKS.contains(&name) => self.end_paragraph(),
                        _ => {}
                    }
                }
            }
        }
        self.end_paragraph();
    }

    fn text(&mut self, text: &str) {
        if self.preformatted > 0 {
            for (index, line) in text.split('\n').enumerate() {
                if index > 0 {
                    self.end_paragraph();
                }
                self.line.push_str(line.trim_end_matches('\r'));
            }
            return;
        }
        for c in text.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
                let newline = c == '\n' || c == '\r';
                self.space = Some(self.space.unwrap_or(false) || newline);
                continue;
            }
            if let Some(newline) = self.space.take() {
                let previous = self.line.chars().next_back();
                let joined_chinese = newline && previous.is_some_and(is_wide) && is_wide(c);
                if previous.is_some() && !joined_chinese {
                    self.line.push(' ');
                }
            }
            // A no-break space is a space that does not collapse: editors set columns with them.
            self.line.push(if c == '\u{a0}' { ' ' } else { c });
        }
    }

    fn end_paragraph(&mut self) {
        self.space = None;
        let line = self.line.trim_end().trim_start_matches(' ');
        if !line.trim().is_empty() {
            self.paragraphs.push(line.to_owned());
        }
        self.line.clear();
    }

    fn finish(mut self) -> Vec<String> {
        self.end_paragraph();
        self.paragraphs
    }
}

/// A character of Chinese, Japanese or Korean text, or of their punctuation: no space is written
/// between two of them where the page breaks a line.
fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{2e80}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}' | '\u{f900}'..='\u{faff}'
        | '\u{fe30}'..='\u{fe4f}' | '\u{ff00}'..='\u{ffef}' | '\u{20000}'..='\u{3134f}')
}

/// The page's headline: its first `<h1>` that is read and holds text, else its `og:title`, else
/// its `<title>` without the site's name.
fn headline(html: &Html, read: &Readable, rules: &PageRules) -> Option<String> {
    let text_of = |node: NodeRef<'_, Node>| {
        let mut writer = Writer::default();
        for descendant in node.descendants() {
            if let Node::Text(text) = descendant.value() {
                writer.text(text);
            }
        }
        writer.finish().join(" ")
    };
    let mut og_title = None;
    let mut title = None;
    for node in html.tree.root().descendants() {
        let Node::Element(element) = node.value() else {
            continue;
        };
        match element.name() {
            // Every element inside furniture is marked unread, so the h1's own mark tells.
            "h1" if !read.unread.contains(&node.id()) => {
                let text = text_of(node);
                if !text.is_empty() {
                    return Some(text);
                }
            }
            "meta" if og_title.is_none() && element.attr("property") == Some("og:title") => {
                og_title = element
                    .attr("content")
                    .map(|content| content.trim().to_owned())
                    .filter(|content| !content.is_empty());
            }
            "title" if title.is_none() => {
                let text = rules.page_title(&text_of(node));
                title = Some(text).filter(|text| !text.is_empty());
            }
            _ => {}
        }
    }
    og_title.or(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> PageRules {
        PageRules::parse(
            "ontology/web-page.tsv",
            include_str!("../../../ontology/web-page.tsv"),
        )
        .unwrap()
    }

    fn read(page: &str) -> String {
        read_page(page, &rules())
            .map(|page| page.text)
            .unwrap_or_default()
    }

    #[test]
    fn the_rules_are_checked() {
        let error = PageRules::parse("w.tsv", "furniture\tnav\nsomething\tx\n").unwrap_err();
        assert!(error.to_string().contains("w.tsv:2"), "{error}");
    }

    #[test]
    fn the_document_is_read_and_the_furniture_is_not() {
        let page = r#"<!DOCTYPE html><html><head><title>中法联合声明_外交部</title>
            <script>var x = "双方同意";</script></head><body>
            <div class="nav"><a href="/">首页</a> <a href="/wjb">外交部</a></div>
            <div id="main"><h1>中法联合声明</h1>
            <div class="content"><p>　　双方同意加强
            合作。</p><p>双方欢迎&nbsp;2019年签署的协定。</p>
            <p style="text-align:right">2019年3月26日于巴黎</p></div></div>
            <div class="related-news"><ul><li><a href="/a">双方同意另一件事情的新闻标题很长很长</a></li></ul></div>
            <div class="footer">版权所有：中华人民共和国外交部</div></body></html>"#;
        assert_eq!(
            read(page),
            "中法联合声明\n　　双方同意加强合作。\n双方欢迎 2019年签署的协定。\n2019年3月26日于巴黎\n"
        );
    }

    #[test]
    fn the_title_element_gives_the_headline_without_the_site_name() {
        let page = "<html><head><title>Joint Statement on Ports | The White House</title>\
            <body><article><p>The two sides agreed to cooperate on ports and shipping lanes.</p>\
            <p>They welcomed the new agreement.</p></article></body></html>";
        assert_eq!(
            read(page),
            "Joint Statement on Ports\n\nThe two sides agreed to cooperate on ports and shipping \
             lanes.\n\nThey welcomed the new agreement.\n"
        );
    }

    #[test]
    fn rows_are_lines_and_line_breaks_end_paragraphs() {
        let page = "<html><body><div class=\"text\">双方声明如下：<br><br>一、双方同意合作。<br>\
            <table><tr><td>中华人民共和国代表</td><td>法兰西共和国代表</td></tr>\
            <tr><td>李四</td><td>Jean Dupont</td></tr></table></div></body></html>";
        assert_eq!(
            read(page),
            "双方声明如下：\n一、双方同意合作。\n中华人民共和国代表  法兰西共和国代表\n李四  Jean Dupont\n"
        );
    }

    #[test]
    fn a_page_without_text_or_nested_too_deep_is_unreadable() {
        assert_eq!(
            read_page(
                "<html><body><script>x()</script><div class=\"nav\">首页</div></body></html>",
                &rules()
            ),
            Err(Unreadable::NoText)
        );
        let nested = |depth: usize| {
            format!(
                "<html><body>{}双方同意合作。{}</body></html>",
                "<div><span>".repeat(depth / 2),
                "</span></div>".repeat(depth / 2)
            )
        };
        assert_eq!(nesting_depth(&nested(MAX_DEPTH)), MAX_DEPTH);
        assert!(read(&nested(MAX_DEPTH)).contains("双方同意合作。"));
        assert_eq!(
            read_page(&nested(MAX_DEPTH + 2), &rules()),
            Err(Unreadable::TooDeep)
        );
        // Tags without end tags, and tags in scripts and comments, do not deepen a page.
        let flat = format!(
            "<html><body>{}<script>{}</script><!--{}--></body></html>",
            "<p>段落<br><img src=x>".repeat(10_000),
            "'<div>'".repeat(10_000),
            "<div>".repeat(10_000)
        );
        assert_eq!(nesting_depth(&flat), 0);
    }

    #[test]
    fn the_declared_encoding_is_found() {
        let declared = |page: &str| declared_encoding(page.as_bytes()).map(|e| e.name());
        assert_eq!(declared("<html><head><META CHARSET=GBK>"), Some("GBK"));
        assert_eq!(
            declared("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\" />"),
            Some("GBK")
        );
        assert_eq!(declared("<meta charset='big5'>"), Some("Big5"));
        assert_eq!(declared("<meta charset=\"utf-16\">"), Some("UTF-8"));
        assert_eq!(declared("<meta name=\"charset\" content=\"x\"><p>"), None);
        assert_eq!(declared("<meta charset=\"klingon\">"), None);
        assert_eq!(declared("<p>charset=gbk</p>"), None);
    }

    #[test]
    fn pages_are_told_by_their_opening() {
        assert!(looks_like_html("\u{feff}  <!DOCTYPE html>\n<html>"));
        assert!(looks_like_html("<!-- saved --> <HTML lang=zh>"));
        assert!(!looks_like_html("中法联合声明 <html>"));
        assert!(!looks_like_html("<p>a fragment</p>"));
    }
}
