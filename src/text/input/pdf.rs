//! PDF files: the text layer of each page, as text.
//!
//! The text layer is read with `pdf-extract` (on `lopdf`), which places each glyph by its
//! position and maps it back to its character through the font's ToUnicode table, CID fonts
//! included: a Chinese PDF printed by a browser in Noto CJK reads in full, where `lopdf`'s own
//! text extraction gives nothing usable for it. A file protected only by an owner's password
//! (printing or copying restricted) is opened with the empty user password; one that needs a
//! password to open is refused.
//!
//! Each page's text is then cleaned, so that the normalizer of printed pages reads it as it reads
//! text copied out of a PDF: characters that fonts map back wrongly are put right
//! (`ontology/pdf-characters.tsv`: CJK radicals for the ideographs they share a glyph with, `方`
//! for `⽅`, and Latin ligatures), and the page's furniture is dropped: among the first and last
//! three lines of each page, those that match `ontology/pdf.tsv` (page numbers, a browser's
//! margins) and those that recur at the top or the bottom of at least half the pages, two at least
//! (running heads, digits aside).
//!
//! The text read is the pages' texts joined by a form feed (U+000C), as `pdftotext` joins them:
//! spans count the characters of this text, and the page of a span is one more than the number of
//! form feeds before its start. Its SHA-256 is stored with the document (`dg:textDigest`), and
//! `diplograph extract --format text FILE.pdf` prints it.
//!
//! Cost: linear in the file's size and its pages' text; a fault in the PDF library (a panic on a
//! damaged file) is caught and reported as a damaged file.

use crate::error::DataError;
use crate::lang::data_file::{data_lines, line_error};
use regex::Regex;
use std::collections::HashMap;

/// The most pages a PDF may have: a document, or a summit's outcome documents, have far fewer.
pub const MAX_PAGES: usize = 300;

/// What tells a page's furniture from its text, and the characters to put right.
#[derive(Debug, Clone)]
pub struct PdfRules {
    furniture: Vec<Regex>,
    characters: HashMap<char, String>,
}

impl PdfRules {
    /// Reads `ontology/pdf.tsv` and `ontology/pdf-characters.tsv` (each as its name and text).
    pub fn parse(
        rules: &(String, String),
        characters: &(String, String),
    ) -> Result<Self, DataError> {
        let mut furniture = Vec::new();
        for (number, line) in data_lines(&rules.1) {
            match line.split_once('\t') {
                Some(("page-furniture", pattern)) => furniture.push(
                    Regex::new(pattern)
                        .map_err(|error| line_error(&rules.0, number, error.to_string()))?,
                ),
                _ => {
                    return Err(line_error(
                        &rules.0,
                        number,
                        "expected page-furniture<TAB>PATTERN".to_owned(),
                    ))
                }
            }
        }
        if furniture.is_empty() {
            return Err(DataError::Invalid {
                file: rules.0.clone(),
                message: "no `page-furniture` line: the reader needs at least one".to_owned(),
            });
        }
        let mut table = HashMap::new();
        for (number, line) in data_lines(&characters.1) {
            let (from, to) = line.split_once('\t').unwrap_or((line, ""));
            let mut chars = from.chars();
            match (chars.next(), chars.next()) {
                (Some(from), None) if !to.is_empty() => {
                    table.insert(from, to.to_owned());
                }
                _ => {
                    return Err(line_error(
                        &characters.0,
                        number,
                        "expected CHARACTER<TAB>TEXT: one character, then what it stands for"
                            .to_owned(),
                    ))
                }
            }
        }
        Ok(Self {
            furniture,
            characters: table,
        })
    }

    fn is_furniture(&self, line: &str) -> bool {
        self.furniture.iter().any(|pattern| pattern.is_match(line))
    }

    /// `text` with the characters of the table put right.
    fn put_right(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match self.characters.get(&c) {
                Some(right) => out.push_str(right),
                None => out.push(c),
            }
        }
        out
    }
}

/// Why a PDF gave no text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// The file is not a PDF that can be parsed, or its pages cannot be read.
    Damaged(String),
    /// Opening the file needs a password.
    Encrypted,
    /// No page has a text layer: a scan.
    NoTextLayer,
    /// More pages than [`MAX_PAGES`].
    TooManyPages(usize),
}

/// What was read from a PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfText {
    /// The pages' texts, joined by form feeds.
    pub text: String,
    /// The number of pages.
    pub pages: usize,
}

/// True when the bytes are a PDF file.
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF-")
}

/// Reads the text layer of a PDF.
pub fn read_pdf(bytes: &[u8], rules: &PdfRules) -> Result<PdfText, Unreadable> {
    let pages = std::panic::catch_unwind(|| page_texts(bytes)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "the PDF library failed on it".to_owned());
        Err(Unreadable::Damaged(message))
    })?;
    let count = pages.len();
    let pages: Vec<String> = pages.iter().map(|page| rules.put_right(page)).collect();
    let pages = without_furniture(&pages, rules);
    if pages.iter().all(|page| page.trim().is_empty()) {
        return Err(Unreadable::NoTextLayer);
    }
    Ok(PdfText {
        text: pages.join("\u{c}"),
        pages: count,
    })
}

/// The text of each page, as the text layer gives it.
fn page_texts(bytes: &[u8]) -> Result<Vec<String>, Unreadable> {
    use pdf_extract::{output_doc_page, Document, PlainTextOutput};
    let mut document =
        Document::load_mem(bytes).map_err(|error| Unreadable::Damaged(error.to_string()))?;
    if document.is_encrypted() && document.decrypt("").is_err() {
        return Err(Unreadable::Encrypted);
    }
    let numbers: Vec<u32> = document.get_pages().keys().copied().collect();
    if numbers.len() > MAX_PAGES {
        return Err(Unreadable::TooManyPages(numbers.len()));
    }
    let mut pages = Vec::with_capacity(numbers.len());
    for number in numbers {
        let mut text = String::new();
        output_doc_page(&document, &mut PlainTextOutput::new(&mut text), number)
            .map_err(|error| Unreadable::Damaged(format!("page {number}: {error}")))?;
        pages.push(text);
    }
    Ok(pages)
}

/// The number of lines at each end of a page that may be furniture.
const MARGIN_LINES: usize = 3;

/// The pages without their furniture (see the module documentation).
fn without_furniture(pages: &[String], rules: &PdfRules) -> Vec<String> {
    let shape = |line: &str| -> String {
        line.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect()
    };
    let pages: Vec<Vec<&str>> = pages.iter().map(|page| page.lines().collect()).collect();
    // The margin lines of each page: their index among its lines, and their shape.
    let margins: Vec<Vec<(usize, String)>> = pages
        .iter()
        .map(|lines| {
            let filled: Vec<usize> = (0..lines.len())
                .filter(|&index| !lines[index].trim().is_empty())
                .collect();
            let mut margin: Vec<usize> = filled.iter().take(MARGIN_LINES).copied().collect();
            margin.extend(filled.iter().rev().take(MARGIN_LINES));
            margin.sort_unstable();
            margin.dedup();
            margin
                .into_iter()
                .map(|index| (index, shape(lines[index])))
                .collect()
        })
        .collect();
    // How many pages have each shape in their margins.
    let mut recurring: HashMap<&str, usize> = HashMap::new();
    for margin in &margins {
        let mut shapes: Vec<&str> = margin.iter().map(|(_, shape)| shape.as_str()).collect();
        shapes.sort_unstable();
        shapes.dedup();
        for shape in shapes {
            *recurring.entry(shape).or_default() += 1;
        }
    }
    let enough = pages.len().div_ceil(2).max(2);
    pages
        .iter()
        .zip(&margins)
        .map(|(lines, margin)| {
            lines
                .iter()
                .enumerate()
                .filter(|&(index, line)| {
                    !margin.iter().any(|(at, shape)| {
                        *at == index
                            && (rules.is_furniture(line)
                                || recurring.get(shape.as_str()).is_some_and(|n| *n >= enough))
                    })
                })
                .map(|(_, line)| *line)
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> PdfRules {
        PdfRules::parse(
            &(
                "ontology/pdf.tsv".to_owned(),
                include_str!("../../../ontology/pdf.tsv").to_owned(),
            ),
            &(
                "ontology/pdf-characters.tsv".to_owned(),
                include_str!("../../../ontology/pdf-characters.tsv").to_owned(),
            ),
        )
        .unwrap()
    }

    #[test]
    fn radicals_and_ligatures_are_put_right() {
        assert_eq!(
            rules().put_right("中华⼈⺠共和国和⻢尔代夫共和国的⽂本，ﬁle"),
            "中华人民共和国和马尔代夫共和国的文本，file"
        );
    }

    #[test]
    fn page_numbers_and_running_heads_are_furniture() {
        let pages = [
            "1 2 /5 /2 6 , 9 :3 3  PM 联合公报_外交部\n\n中华人民共和国和法兰西共和国联合公报\n双方同意加强合作。\n- 1 -".to_owned(),
            "Joint Communiqué of the Two Governments\n双方决定互派大使。\n本公报于北京签署。\n第 2 页 共 3 页".to_owned(),
            "Joint Communiqué of the Two Governments\n一九七二年十月十四日于北京\nfile:///tmp/a.html 3 /3".to_owned(),
        ];
        let cleaned = without_furniture(&pages, &rules());
        assert_eq!(
            cleaned,
            [
                "\n中华人民共和国和法兰西共和国联合公报\n双方同意加强合作。",
                "双方决定互派大使。\n本公报于北京签署。",
                "一九七二年十月十四日于北京",
            ]
        );
    }

    #[test]
    fn a_line_of_the_text_is_not_furniture() {
        let pages = [
            "双方同意：\n一、加强合作。\n2019年4月25日".to_owned(),
            "二、互派大使。\n三、本公报自签署之日起生效。\n二〇一九年四月二十五日于北京".to_owned(),
        ];
        assert_eq!(without_furniture(&pages, &rules()), pages);
    }

    #[test]
    fn damaged_files_are_refused() {
        assert!(matches!(
            read_pdf(b"%PDF-1.7\n1 0 obj << /Type /Catalog", &rules()),
            Err(Unreadable::Damaged(_))
        ));
        assert!(is_pdf(b"%PDF-1.4\n"));
        assert!(!is_pdf(b"<html>"));
    }
}
