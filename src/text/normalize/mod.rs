//! Normalization: raw text in, clean paragraphs out, with a map back to the original offsets.
//!
//! Two layouts are recognised:
//! - **Lines**: clean web text, one paragraph a line (ideographic-space indents, `——` bullets,
//!   title lines). Each non-blank line becomes a paragraph, trimmed.
//! - **Wrapped**: text taken out of a printed page, hard-wrapped every ~20 characters, often with
//!   a blank line between lines. Lines are joined into paragraphs; blank lines are dropped. A
//!   paragraph ends after a line that is clearly shorter than the column (the last line of a
//!   paragraph; a letter-spaced line is full however few characters it holds), after a sentence
//!   end when the next line opens a paragraph (a numbering marker, or the two-character indent
//!   that the extraction lost, seen as a line a little narrower than the column), and before a
//!   line that kept an indent in a text whose paragraphs did not (in such text an indented line
//!   opens a new block, usually a new document; see [`Paragraph::block_start`]).
//!
//! In both layouts white space is cleaned the same way: spaces between CJK characters are removed
//! when they letter-space the text (`贸 部 关 于` → `贸部关于`) but kept when they separate words
//! (`国务院总理 李克强`); spaces between CJK characters and digits or CJK punctuation are removed
//! (`2019 年 6 月 14 日` → `2019年6月14日`); spaces next to Latin letters are kept, runs folded
//! to one. Lines are joined with nothing between CJK text and with a space between Latin words.
//! Readings in pinyin that a converting site put after characters (`聯(lián)合`) are dropped, and
//! so is a site's watermark under and at the end of every paragraph (see [`watermark`]).
//!
//! Every character of the normalized text remembers the offset of the original character it came
//! from, so any byte range of the normalized text converts to a [`Span`] of the original file.
//!
//! Cost: linear in the length of the text (one pass to split lines, one to clean them, one to
//! join them); the offset map takes 8 bytes per normalized character. English text has its own
//! normalizer, [`english`].

pub mod english;

use crate::text::span::Span;
use regex::Regex;
use std::ops::Range;
use unicode_width::UnicodeWidthChar;

/// How the source text is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One paragraph a line.
    Lines,
    /// Hard-wrapped lines of a printed page.
    Wrapped,
}

/// One paragraph of normalized text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Byte range in [`NormalizedText::text`].
    pub range: Range<usize>,
    /// True when the paragraph opens a new block of a printed page: its first line kept an indent
    /// in a text whose paragraphs lost theirs. Document splitting treats it as a boundary.
    pub block_start: bool,
}

/// Normalized text: paragraphs separated by `\n`, each character mapped to the original.
#[derive(Debug, Clone)]
pub struct NormalizedText {
    /// The clean text, paragraphs separated by a single `\n`.
    pub text: String,
    /// The paragraphs, in order.
    pub paragraphs: Vec<Paragraph>,
    /// The layout that was recognised.
    pub layout: Layout,
    /// For each character of `text`, its byte offset in `text`.
    char_starts: Vec<u32>,
    /// For each character of `text`, the offset of the original character it came from.
    origins: Vec<u32>,
    /// For each character of the original, its byte offset (and the original's length last),
    /// built on first use by [`NormalizedText::original`].
    original_starts: std::sync::OnceLock<Vec<u32>>,
    /// `text` in the file's own characters, where the file was read through a conversion of
    /// characters (see [`NormalizedText::keep_written`]); the same bytes layout as `text`.
    written: Option<String>,
}

/// What normalization needs to know about the language: which line openings start a paragraph.
/// Built from `ontology/patterns.tsv` (see [`crate::lang::rules`]).
#[derive(Debug, Clone)]
pub struct NormalizeOptions {
    /// Matches at the start of a line that opens a paragraph (a numbering marker such as `七、`).
    pub paragraph_opener: Regex,
    /// Where a date in Chinese numerals may stand (`layout.numeral-date`, see
    /// [`crate::lang::numerals`]).
    pub numeral_date: Regex,
    /// An editor's tag at the end of a line (`layout.furniture-tail`), dropped.
    pub furniture_tail: Regex,
    /// A reading in pinyin that a converting site put after a character (`联(lián)合`,
    /// `layout.reading-gloss`), dropped.
    pub reading_gloss: Regex,
    /// A database record's field label opening a line (`【发布日期】2017-09-27`,
    /// `layout.record-field`): such lines say nothing of how a page was wrapped.
    pub record_field: Regex,
}

impl NormalizedText {
    /// Puts the file's own characters back beside the text the rules read: `original` is the
    /// file's text before `convert` rewrote it character for character (as many characters, each
    /// as long in UTF-8). Each character of `text` that `convert` made from the original character
    /// it comes from is that character again in [`NormalizedText::written`]; the rest (full-width
    /// punctuation, rewritten numerals) stays as normalized. Byte ranges of `text` hold in it.
    /// Linear in the two texts.
    pub fn keep_written(&mut self, original: &str, convert: impl Fn(char) -> char) {
        let originals: Vec<char> = original.chars().collect();
        let mut written = String::with_capacity(self.text.len());
        let mut changed = false;
        for (index, c) in self.text.chars().enumerate() {
            let from = self
                .origins
                .get(index)
                .and_then(|&origin| originals.get(origin as usize))
                .copied()
                .filter(|&from| from != c && convert(from) == c && from.len_utf8() == c.len_utf8());
            changed |= from.is_some();
            written.push(from.unwrap_or(c));
        }
        self.written = changed.then_some(written);
    }

    /// Whether the file was read through a conversion of characters that changed some.
    pub fn is_converted(&self) -> bool {
        self.written.is_some()
    }

    /// The normalized text in the file's own characters (see [`NormalizedText::keep_written`]):
    /// what is stored; `text` is what the rules read.
    pub fn written(&self) -> &str {
        self.written.as_deref().unwrap_or(&self.text)
    }

    /// The text of `original` (the file this text was normalized from) that a byte range of the
    /// normalized text came from. The first call indexes the original's characters (linear);
    /// each call then costs a lookup.
    pub fn original<'a>(&self, original: &'a str, range: Range<usize>) -> &'a str {
        let starts = self.original_starts.get_or_init(|| {
            original
                .char_indices()
                .map(|(index, _)| index as u32)
                .chain([original.len() as u32])
                .collect()
        });
        let span = self.span(range);
        let at = |offset: u32| {
            starts
                .get(offset as usize)
                .map_or(original.len(), |&byte| byte as usize)
        };
        &original[at(span.start)..at(span.end)]
    }

    /// The span of the original file that a byte range of the normalized text came from.
    pub fn span(&self, range: Range<usize>) -> Span {
        if self.origins.is_empty() {
            return Span::new(0, 0);
        }
        let first = self.char_index(range.start);
        if range.end <= range.start {
            let at = self
                .origins
                .get(first)
                .copied()
                .unwrap_or_else(|| self.end_origin());
            return Span::new(at, at);
        }
        let last = self.char_index(range.end - 1);
        Span::new(self.origins[first], self.origins[last] + 1)
    }

    /// The original offset of the character at byte `offset` of the normalized text.
    pub fn origin_of(&self, offset: usize) -> u32 {
        self.origins
            .get(self.char_index(offset))
            .copied()
            .unwrap_or_else(|| self.end_origin())
    }

    fn end_origin(&self) -> u32 {
        self.origins.last().map_or(0, |last| last + 1)
    }

    /// Index of the character that contains byte `offset`.
    fn char_index(&self, offset: usize) -> usize {
        match self.char_starts.binary_search(&(offset as u32)) {
            Ok(index) => index,
            Err(index) => index.saturating_sub(1),
        }
    }

    /// The text of a paragraph.
    pub fn paragraph_text(&self, paragraph: &Paragraph) -> &str {
        &self.text[paragraph.range.clone()]
    }

    /// The texts of all paragraphs, in order.
    pub fn paragraph_texts(&self) -> Vec<&str> {
        self.paragraphs
            .iter()
            .map(|paragraph| self.paragraph_text(paragraph))
            .collect()
    }
}

/// A line of the original text, without its line ending.
#[derive(Clone, Copy)]
struct RawLine<'a> {
    text: &'a str,
    /// Offset (in characters) of the line's first character in the original.
    first: u32,
    /// A cell of a line split at its wide gaps: a paragraph or a field of its own, never part of
    /// a printed page's wrapped lines.
    cell: bool,
}

/// A line after white-space cleaning: characters with their original offsets.
struct CleanLine {
    chars: Vec<(char, u32)>,
    /// See [`RawLine::cell`].
    cell: bool,
    indented: bool,
    /// The printer spread this line's characters across the column (`贸 部 关 于`): a full line,
    /// however few characters it holds.
    letter_spaced: bool,
    /// Offset of the line ending in the original (where a join space is mapped).
    end: u32,
}

impl CleanLine {
    fn width(&self) -> usize {
        self.chars
            .iter()
            .filter(|(c, _)| *c != ' ')
            .map(|(c, _)| c.width().unwrap_or(0))
            .sum()
    }

    fn is_all_wide(&self) -> bool {
        !self.letter_spaced && self.chars.iter().all(|(c, _)| c.width() == Some(2))
    }

    fn ends_sentence(&self) -> bool {
        self.chars
            .iter()
            .rev()
            .map(|(c, _)| *c)
            .find(|c| !is_closing_mark(*c))
            .is_some_and(is_sentence_end)
    }

    fn ends_mid_sentence(&self) -> bool {
        self.chars.last().is_some_and(|(c, _)| {
            is_cjk_ideograph(*c)
                || c.is_alphanumeric()
                || matches!(c, '，' | '、' | '《' | '（' | ',' | '-')
        })
    }

    fn as_string(&self) -> String {
        self.chars.iter().map(|(c, _)| *c).collect()
    }
}

/// Normalizes `original` into paragraphs with an offset map.
pub fn normalize(original: &str, options: &NormalizeOptions) -> NormalizedText {
    let mut raw_lines = split_lines(original);
    for line in &mut raw_lines {
        if let Some(tail) = options.furniture_tail.find(line.text) {
            line.text = &line.text[..tail.start()];
        }
    }
    if let Some(mark) = watermark(&raw_lines) {
        for line in &mut raw_lines {
            if let Some(rest) = line.text.trim_end().strip_suffix(mark) {
                line.text = rest;
            }
        }
    }
    let raw_lines = split_cells(raw_lines);
    let lines: Vec<CleanLine> = raw_lines
        .iter()
        .map(|line| clean_line(line, &options.reading_gloss))
        .collect();
    let nonblank: Vec<&CleanLine> = lines.iter().filter(|line| !line.chars.is_empty()).collect();
    let layout = detect_layout(&nonblank, &options.record_field);
    let groups = match layout {
        Layout::Lines => nonblank.iter().map(|line| (vec![*line], false)).collect(),
        Layout::Wrapped => group_wrapped(&nonblank, options),
    };
    assemble(groups, layout, options)
}

/// A site's watermark: a line of eight characters or more that stands alone at least three times
/// and ends at least three other lines (`文章源自某网站-https://…` under every paragraph and glued
/// to its end). It is cut from every line.
fn watermark<'a>(lines: &[RawLine<'a>]) -> Option<&'a str> {
    let mut alone: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for line in lines {
        let text = line.text.trim();
        if text.chars().count() >= 8 {
            *alone.entry(text).or_default() += 1;
        }
    }
    let mut candidates: Vec<&str> = alone
        .into_iter()
        .filter(|(_, count)| *count >= 3)
        .map(|(text, _)| text)
        .collect();
    candidates.sort_unstable();
    candidates.into_iter().find(|mark| {
        lines
            .iter()
            .filter(|line| {
                let text = line.text.trim();
                text.len() > mark.len() && text.ends_with(mark)
            })
            .count()
            >= 3
    })
}

fn split_lines(original: &str) -> Vec<RawLine<'_>> {
    let mut lines = Vec::new();
    let mut offset: u32 = 0;
    for piece in original.split('\n') {
        let count = piece.chars().count() as u32;
        let text = piece.strip_suffix('\r').unwrap_or(piece);
        lines.push(RawLine {
            text,
            first: offset,
            cell: false,
        });
        offset += count + 1;
    }
    lines
}

/// The most characters (spaces not counted) of a line whose words of Chinese two spaces apart are
/// cells: a row of a signature block, never a sentence.
const SHORT_LINE: usize = 30;

/// Splits lines at wide gaps into cells, and lays out tables of cells one cell a line.
///
/// A wide gap is a run of white space inside a line that holds two ideographic spaces, three
/// spaces or a tab, spaces after the end of a Chinese sentence, two spaces between words of
/// Chinese on a short line, or a wiki table's `||`. An
/// editor's tag at the end of a line (`layout.furniture-tail`: `【编辑:…】`) is dropped first. Real
/// copies use such gaps where the original had a line break: a whole document on one line with its
/// paragraphs separated by `　　`, or a signature block run together (`国务院总理　　　　李克强　　…`). Consecutive
/// lines with the same number of cells (two or more) form a table, which is read down its columns
/// (a block of two signatories side by side: `中华人民共和国政府 甲国政府` / `代 表 代 表` / `张 三 约翰·史密斯` gives each
/// party's office and name in turn), unless each row is an office and a name, which is read across.
/// Wiki table markup (`{|`, `|-`, `|}`, a leading `|`) is dropped.
fn split_cells(lines: Vec<RawLine<'_>>) -> Vec<RawLine<'_>> {
    let rows: Vec<Vec<RawLine<'_>>> = lines.into_iter().map(line_cells).collect();
    let blank = |row: &[RawLine<'_>]| row.iter().all(|cell| cell.text.trim().is_empty());
    let mut out = Vec::with_capacity(rows.len());
    let mut index = 0;
    while index < rows.len() {
        let count = rows[index].len();
        let mut end = index + 1;
        if count >= 2 {
            // Blank lines between the rows of a table (`|-` of a wiki table) do not end it.
            let mut next = end;
            while next < rows.len() {
                if blank(&rows[next]) {
                    next += 1;
                } else if rows[next].len() == count {
                    next += 1;
                    end = next;
                } else {
                    break;
                }
            }
        }
        let table: Vec<&Vec<RawLine<'_>>> =
            rows[index..end].iter().filter(|row| !blank(row)).collect();
        let across = table
            .iter()
            .all(|row| !is_name_cell(row[0].text) && is_name_cell(row[count - 1].text));
        if table.len() <= 1 || across {
            for row in &rows[index..end] {
                out.extend(row.iter().copied());
            }
        } else {
            for column in 0..count {
                out.extend(table.iter().map(|row| row[column]));
            }
        }
        index = end;
    }
    out
}

/// The cells of one line (the line itself when it has no wide gap; none when it is table markup).
fn line_cells(line: RawLine<'_>) -> Vec<RawLine<'_>> {
    let trimmed = line.text.trim();
    if trimmed.starts_with("{|") || trimmed.starts_with("|-") || trimmed.starts_with("|}") {
        return vec![RawLine {
            text: "",
            first: line.first,
            cell: false,
        }];
    }
    let chars: Vec<(usize, char)> = line.text.char_indices().collect();
    let wiki = trimmed.starts_with('|');
    // The shortest run of white space between two characters of the line: letter spacing, where
    // single characters stand on both sides of it.
    let mut shortest_run = usize::MAX;
    let mut run = 0;
    for (position, (_, c)) in chars.iter().enumerate() {
        if c.is_whitespace() {
            run += 1;
        } else {
            if run > 0 && position > run {
                shortest_run = shortest_run.min(run);
            }
            run = 0;
        }
    }
    let mut cells = Vec::new();
    let mut cell_start = 0; // char index
    let mut index = 0;
    while index < chars.len() {
        let (_, c) = chars[index];
        let gap_end = if c.is_whitespace() {
            let mut end = index;
            while end < chars.len() && chars[end].1.is_whitespace() {
                end += 1;
            }
            let run = &chars[index..end];
            let ideographic = run.iter().filter(|(_, c)| *c == '\u{3000}').count();
            // Spaces after the end of a Chinese sentence separate paragraphs too (copies that
            // turned the ideographic spaces into ASCII ones, or joined the paragraphs).
            let after_sentence = index > 0
                && (is_sentence_end(chars[index - 1].1) || is_closing_mark(chars[index - 1].1))
                && chars.get(end).is_some_and(|(_, c)| is_cjk_ideograph(*c));
            // Single characters on both sides are letter spacing (`代    表`), not a gap, unless
            // the line has narrower spacing elsewhere (`代  表     代  表`).
            let word = |range: &mut dyn Iterator<Item = &(usize, char)>| {
                range.take_while(|(_, c)| !c.is_whitespace()).count()
            };
            // Two spaces between words of Chinese on a short line: the columns of a signature
            // block set close together (`中华人民共和国  甲国` / `王毅  约翰·史密斯`).
            let close_columns = run.len() == 2
                && index > 0
                && end < chars.len()
                && is_cjk_ideograph(chars[index - 1].1)
                && is_cjk_ideograph(chars[end].1)
                && word(&mut chars[..index].iter().rev()) >= 2
                && word(&mut chars[end..].iter()) >= 2
                && chars.iter().filter(|(_, c)| !c.is_whitespace()).count() <= SHORT_LINE;
            let wide = ideographic >= 2
                || run.len() >= 3
                || after_sentence
                || close_columns
                || run.iter().any(|(_, c)| *c == '\t');
            let spaced = word(&mut chars[..index].iter().rev()) == 1
                && word(&mut chars[end..].iter()) == 1
                && run.len() <= shortest_run;
            (wide && !spaced && index > 0 && end < chars.len()).then_some(end)
        } else if wiki && c == '|' {
            let mut end = index;
            while end < chars.len() && matches!(chars[end].1, '|' | '!') {
                end += 1;
            }
            Some(end)
        } else {
            None
        };
        match gap_end {
            Some(end) => {
                cells.push((cell_start, index));
                cell_start = end;
                index = end;
            }
            // A run of white space that is no gap is passed over whole.
            None if c.is_whitespace() => {
                while index < chars.len() && chars[index].1.is_whitespace() {
                    index += 1;
                }
            }
            None => index += 1,
        }
    }
    cells.push((cell_start, chars.len()));
    let byte = |at: usize| chars.get(at).map_or(line.text.len(), |(offset, _)| *offset);
    let found: Vec<RawLine<'_>> = cells
        .into_iter()
        .filter(|(start, end)| chars[*start..*end].iter().any(|(_, c)| !c.is_whitespace()))
        .map(|(start, end)| RawLine {
            text: &line.text[byte(start)..byte(end)],
            first: line.first + start as u32,
            cell: true,
        })
        .collect();
    match found.len() {
        0 => vec![line],
        1 => vec![RawLine {
            cell: false,
            ..found[0]
        }],
        _ => found,
    }
}

/// A cell that holds a person's name: a few ideographs, a name joined with `·`, or a short Latin
/// name (white space inside is letter spacing).
fn is_name_cell(text: &str) -> bool {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let ideographs = chars.iter().filter(|c| is_cjk_ideograph(**c)).count();
    let joined = chars.iter().any(|c| matches!(c, '·' | '・' | '•'));
    if chars.is_empty() {
        return false;
    }
    (ideographs == chars.len() && (2..=4).contains(&ideographs))
        || (joined && chars.len() <= 20)
        || (chars.iter().all(|c| c.is_alphabetic() || *c == '.') && is_latin_letter(chars[0]))
}

fn clean_line(line: &RawLine<'_>, reading_gloss: &Regex) -> CleanLine {
    let chars: Vec<(char, u32)> = line.text.chars().zip(line.first..).collect();
    let end = line.first + line.text.chars().count() as u32;
    let indented = chars.first().is_some_and(|(c, _)| c.is_whitespace())
        && chars.iter().any(|(c, _)| !c.is_whitespace());
    let mut cleaned: Vec<(char, u32)> = Vec::with_capacity(chars.len());
    let mut spread = 0;
    let mut index = 0;
    while index < chars.len() {
        let (c, origin) = chars[index];
        if !c.is_whitespace() {
            // Stray control characters become spaces, folded below.
            cleaned.push((if c.is_control() { ' ' } else { c }, origin));
            index += 1;
            continue;
        }
        let run_start = index;
        while index < chars.len() && chars[index].0.is_whitespace() {
            index += 1;
        }
        let left = cleaned.last().map(|(c, _)| *c);
        let right = chars.get(index).map(|(c, _)| *c);
        let (Some(left), Some(right)) = (left, right) else {
            continue; // leading or trailing white space
        };
        let left_run = ideograph_run(&chars, run_start, Direction::Backward);
        let right_run = ideograph_run(&chars, index, Direction::Forward);
        if keep_space(left, right, left_run, right_run) {
            cleaned.push((' ', chars[run_start].1));
        } else if is_cjk_ideograph(left) && is_cjk_ideograph(right) {
            spread += 1;
        }
    }
    // Control characters other than white space become spaces above; fold any that now touch.
    cleaned.dedup_by(|b, a| a.0 == ' ' && b.0 == ' ');
    while cleaned.last().is_some_and(|(c, _)| *c == ' ') {
        cleaned.pop();
    }
    drop_reading_glosses(&mut cleaned, reading_gloss);
    full_width_punctuation(&mut cleaned);
    CleanLine {
        chars: cleaned,
        cell: line.cell,
        indented,
        letter_spaced: spread >= 3,
        end,
    }
}

/// Drops the readings in pinyin that some converting sites put after characters
/// (`聯(lián)合公報` → `聯合公報`): a match of `gloss` right after an ideograph.
fn drop_reading_glosses(chars: &mut Vec<(char, u32)>, gloss: &Regex) {
    let text: String = chars.iter().map(|(c, _)| *c).collect();
    let mut drop = vec![false; chars.len()];
    let mut index_of = Vec::with_capacity(text.len() + 1);
    for (index, (c, _)) in chars.iter().enumerate() {
        index_of.extend(std::iter::repeat_n(index, c.len_utf8()));
    }
    index_of.push(chars.len());
    let mut any = false;
    for found in gloss.find_iter(&text) {
        let first = index_of[found.start()];
        if first > 0 && is_cjk_ideograph(chars[first - 1].0) {
            drop[first..index_of[found.end()]].fill(true);
            any = true;
        }
    }
    if any {
        let mut index = 0;
        chars.retain(|_| {
            index += 1;
            !drop[index - 1]
        });
    }
}

/// ASCII punctuation that touches Chinese text becomes the full-width form the patterns read:
/// reposts and converted copies write `,` `;` `:` `?` `!` where the original had `，；：？！`, `.`
/// for `。` at the end of a Chinese sentence, and `(…)` for `（…）` around or beside Chinese text.
/// Punctuation between Latin letters or digits (`1.5亿`, `U.S.`) stays.
fn full_width_punctuation(chars: &mut [(char, u32)]) {
    let chinese = |c: Option<char>| c.is_some_and(|c| is_cjk_ideograph(c) || is_closing_mark(c));
    for index in 0..chars.len() {
        let c = chars[index].0;
        let before = index.checked_sub(1).map(|at| chars[at].0);
        let after = chars.get(index + 1).map(|(c, _)| *c);
        let touches = chinese(before) || after.is_some_and(is_cjk_ideograph);
        let replacement = match c {
            ',' if touches => '，',
            ';' if touches => '；',
            ':' if touches => '：',

            '?' if touches => '？',
            '!' if touches => '！',
            '.' if chinese(before) && after.is_none_or(|c| c == ' ' || is_cjk_ideograph(c)) => '。',
            _ => continue,
        };
        chars[index].0 = replacement;
    }
    // Parentheses go by pairs: a pair that holds or touches Chinese text (`(2014年11月21日,惠灵顿)`).
    let mut open: Vec<usize> = Vec::new();
    for index in 0..chars.len() {
        match chars[index].0 {
            '(' => open.push(index),
            ')' => {
                let Some(start) = open.pop() else { continue };
                let holds = chars[start + 1..index]
                    .iter()
                    .any(|(c, _)| is_cjk_ideograph(*c));
                let before = start.checked_sub(1).map(|at| chars[at].0);
                let after = chars.get(index + 1).map(|(c, _)| *c);
                if holds || chinese(before) || chinese(after) {
                    chars[start].0 = '（';
                    chars[index].0 = '）';
                }
            }
            _ => {}
        }
    }
}

#[derive(Clone, Copy)]
enum Direction {
    Backward,
    Forward,
}

/// Length of the run of CJK ideographs that ends just before `at` (backward) or starts at `at`
/// (forward), within one line.
fn ideograph_run(chars: &[(char, u32)], at: usize, direction: Direction) -> usize {
    match direction {
        Direction::Backward => chars[..at]
            .iter()
            .rev()
            .take_while(|(c, _)| is_cjk_ideograph(*c))
            .count(),
        Direction::Forward => chars[at..]
            .iter()
            .take_while(|(c, _)| is_cjk_ideograph(*c))
            .count(),
    }
}

/// Whether a white-space run between `left` and `right` is kept (as one space).
fn keep_space(left: char, right: char, left_run: usize, right_run: usize) -> bool {
    if is_latin_letter(left) || is_latin_letter(right) {
        return true;
    }
    if is_cjk_punctuation(left) || is_cjk_punctuation(right) {
        return false;
    }
    let left_cjk = is_cjk_ideograph(left);
    let right_cjk = is_cjk_ideograph(right);
    if left_cjk && right_cjk {
        // Letter-spaced text has single ideographs between spaces; words have longer runs.
        return left_run > 1 && right_run > 1;
    }
    if (left_cjk && right.is_ascii_digit()) || (left.is_ascii_digit() && right_cjk) {
        return false;
    }
    true
}

/// How many characters after its indent a line's record-field label can take
/// (`layout.record-field`: a bracket, up to six ideographs, a bracket).
const FIELD_LABEL_CHARS: usize = 10;

/// A text is wrapped when most lines break mid-sentence and those lines share one column width
/// (within 15%) of ten ideographs or more, a third of them or more holding a comma or a stop;
/// title lines and signature blocks of web text break mid-sentence too, but are few or of varied
/// width or hold no punctuation, and article headings are short.
fn detect_layout(lines: &[&CleanLine], record_field: &Regex) -> Layout {
    // Cells of a split line, and a record's fields (`【发布日期】2017-09-27`), say nothing of how
    // the page was wrapped.
    // A label is a bracket, up to six ideographs and a bracket after the indent: the line's first
    // characters are enough to read it, without copying every line.
    let field = |line: &CleanLine| {
        let start: String = line
            .chars
            .iter()
            .map(|(c, _)| *c)
            .skip_while(|c| c.is_whitespace())
            .take(FIELD_LABEL_CHARS)
            .collect();
        record_field.is_match(&start)
    };
    let lines: Vec<&CleanLine> = lines
        .iter()
        .copied()
        .filter(|line| !line.cell && !field(line))
        .collect();
    if lines.len() < 2 {
        return Layout::Lines;
    }
    let considered = lines.len() - 1;
    let broken: Vec<&CleanLine> = lines[..considered]
        .iter()
        .copied()
        .filter(|line| line.ends_mid_sentence())
        .collect();
    let mut widths: Vec<usize> = broken.iter().map(|line| line.width()).collect();
    if widths.len() < 4 || widths.len() * 10 <= considered * 4 {
        return Layout::Lines;
    }
    widths.sort_unstable();
    let median = widths[widths.len() / 2];
    // A page column holds ten ideographs or more; short lines of one width are headings
    // (`第一条`, `第二条`), not a wrap.
    if median < 20 {
        return Layout::Lines;
    }
    let is_near = |width: usize| width * 100 >= median * 85 && width * 100 <= median * 115;
    let near = widths.iter().filter(|width| is_near(**width)).count();
    // Lines of a Chinese column are prose, many of them with a comma or a stop inside; a title
    // repeated over a wiki's author line and a date line has none. (Lines of English words,
    // broken between words, say nothing either way.)
    let punctuated = broken
        .iter()
        .filter(|line| is_near(line.width()))
        .filter(|line| {
            !line.chars.iter().any(|(c, _)| is_cjk_ideograph(*c))
                || line
                    .chars
                    .iter()
                    .any(|(c, _)| matches!(c, '，' | ',' | '；' | ';' | '：' | '。'))
        })
        .count();
    // Two lines of a width (a title repeated under a site's header) make no column.
    if near >= 3 && near * 2 >= widths.len() && punctuated * 3 >= near {
        Layout::Wrapped
    } else {
        Layout::Lines
    }
}

/// Groups the lines of a wrapped text into paragraphs; the flag marks paragraphs that open a block.
fn group_wrapped<'a>(
    lines: &[&'a CleanLine],
    options: &NormalizeOptions,
) -> Vec<(Vec<&'a CleanLine>, bool)> {
    // An indent marks a new block only where indents are rare (paragraph indents were lost).
    let indented = lines.iter().filter(|line| line.indented).count();
    let indent_marks_block = indented * 10 < lines.len();
    let block_starts: Vec<bool> = lines
        .iter()
        .enumerate()
        .map(|(index, line)| index == 0 || (line.indented && indent_marks_block))
        .collect();
    // The column width of each block: the commonest width of lines made only of wide characters.
    let mut column = vec![0usize; lines.len()];
    let mut block_begin = 0;
    for index in 1..=lines.len() {
        if index == lines.len() || block_starts[index] {
            let width = column_width(&lines[block_begin..index]);
            column[block_begin..index].fill(width);
            block_begin = index;
        }
    }
    let mut groups: Vec<(Vec<&CleanLine>, bool)> = Vec::new();
    let mut current: Vec<&CleanLine> = Vec::new();
    let mut current_block_start = true;
    for (index, line) in lines.iter().enumerate() {
        if index > 0 && block_starts[index] {
            if !current.is_empty() {
                groups.push((std::mem::take(&mut current), current_block_start));
            }
            current_block_start = true;
        }
        current.push(line);
        let next = lines.get(index + 1);
        let full = column[index];
        let ends_paragraph = match next {
            None => true,
            Some(next) => {
                let short = !line.letter_spaced && line.width() + 6 <= full;
                let next_opens = options.paragraph_opener.is_match(&next.as_string());
                let next_indent_width = next.width() + 6 >= full && next.width() + 3 <= full;
                short
                    || line.cell
                    || next.cell
                    || line.ends_sentence() && (next_opens || next_indent_width)
                    || !line.ends_mid_sentence() && next_opens
            }
        };
        if ends_paragraph {
            groups.push((std::mem::take(&mut current), current_block_start));
            current_block_start = false;
        }
    }
    if !current.is_empty() {
        groups.push((current, current_block_start));
    }
    // Only blocks after the first are boundaries.
    if let Some(first) = groups.first_mut() {
        first.1 = false;
    }
    groups
}

fn column_width(lines: &[&CleanLine]) -> usize {
    let mut counts = std::collections::HashMap::new();
    for line in lines.iter().filter(|line| line.is_all_wide()) {
        *counts.entry(line.width()).or_insert(0usize) += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(width, count)| (*count, *width))
        .map(|(width, _)| width)
        .or_else(|| lines.iter().map(|line| line.width()).max())
        .unwrap_or(0)
}

/// Accumulates normalized text and its offset map.
#[derive(Default)]
struct Builder {
    text: String,
    char_starts: Vec<u32>,
    origins: Vec<u32>,
}

impl Builder {
    fn push(&mut self, c: char, origin: u32) {
        self.char_starts.push(self.text.len() as u32);
        self.origins.push(origin);
        self.text.push(c);
    }
}

fn assemble(
    groups: Vec<(Vec<&CleanLine>, bool)>,
    layout: Layout,
    options: &NormalizeOptions,
) -> NormalizedText {
    let mut out = Builder::default();
    let mut paragraphs = Vec::new();
    for (lines, block_start) in groups {
        if !paragraphs.is_empty() {
            let previous_end = out.origins.last().map_or(0, |last| last + 1);
            out.push('\n', previous_end);
        }
        let start = out.text.len();
        let mut previous: Option<(char, u32)> = None;
        let mut chars: Vec<(char, u32)> = Vec::new();
        for line in lines {
            let Some(&(first, _)) = line.chars.first() else {
                continue;
            };
            if let Some((last, end)) = previous {
                if needs_join_space(last, first) {
                    chars.push((' ', end));
                }
            }
            chars.extend_from_slice(&line.chars);
            previous = line.chars.last().map(|(c, _)| (*c, line.end));
        }
        // Dates in Chinese numerals, read once the paragraph is whole: a date may run across the
        // lines of a printed page.
        crate::lang::numerals::rewrite_dates(&mut chars, &options.numeral_date);
        for (c, origin) in chars {
            out.push(c, origin);
        }
        paragraphs.push(Paragraph {
            range: start..out.text.len(),
            block_start,
        });
    }
    NormalizedText {
        text: out.text,
        paragraphs,
        layout,
        char_starts: out.char_starts,
        origins: out.origins,
        original_starts: std::sync::OnceLock::new(),
        written: None,
    }
}

fn needs_join_space(last: char, first: char) -> bool {
    let latin = |c: char| {
        c.is_ascii_alphanumeric() || is_latin_letter(c) || matches!(c, ',' | ';' | ':' | '.')
    };
    latin(last) && (first.is_ascii_alphanumeric() || is_latin_letter(first))
}

/// `text` with each `from` that stands between two ideographs replaced by `to`, or left out where
/// `to` is `None` (`贡萨洛.马特内尔` → `贡萨洛·马特内尔`, `人民共和国 政府` → `人民共和国政府`).
pub fn replace_between_ideographs(text: &str, from: char, to: Option<char>) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .filter_map(|(index, &c)| {
            let between = c == from
                && index > 0
                && is_cjk_ideograph(chars[index - 1])
                && chars
                    .get(index + 1)
                    .is_some_and(|&next| is_cjk_ideograph(next));
            if between {
                to
            } else {
                Some(c)
            }
        })
        .collect()
}

/// CJK unified ideographs (basic block and extensions A–F, compatibility ideographs).
pub fn is_cjk_ideograph(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{20000}'..='\u{2EBEF}'
        | '\u{F900}'..='\u{FAFF}'
        | '〇')
}

/// CJK and full-width punctuation, including the quotation marks and dashes used in Chinese text.
pub fn is_cjk_punctuation(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}'
        | '\u{FF00}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}'
        | '\u{2014}' | '\u{2015}' | '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}'
        | '\u{2026}' | '\u{00B7}' | '\u{FE30}'..='\u{FE4F}')
}

fn is_latin_letter(c: char) -> bool {
    c.is_alphabetic() && !is_cjk_ideograph(c) && (c as u32) < 0x2E80
}

/// Marks that end a sentence.
pub fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '；')
}

/// Closing quotes and brackets that may follow a sentence end.
pub fn is_closing_mark(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '）' | ')' | '》')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> NormalizeOptions {
        let patterns = crate::lang::rules::Patterns::parse(
            "ontology/patterns.tsv",
            include_str!("../../../ontology/patterns.tsv"),
        )
        .expect("the patterns load");
        NormalizeOptions {
            paragraph_opener: patterns.get("layout.paragraph-opener").clone(),
            numeral_date: patterns.get("layout.numeral-date").clone(),
            furniture_tail: patterns.get("layout.furniture-tail").clone(),
            reading_gloss: patterns.get("layout.reading-gloss").clone(),
            record_field: patterns.get("layout.record-field").clone(),
        }
    }

    /// Checks that every character of the normalized text came from the same character of the
    /// original, except the spaces and line breaks that normalization inserts.
    fn assert_offsets_point_back(original: &str, normalized: &NormalizedText) {
        let original_chars: Vec<char> = original.chars().collect();
        for (byte, c) in normalized.text.char_indices() {
            let origin = normalized.origin_of(byte) as usize;
            if c == '\n' || c == ' ' {
                assert!(origin <= original_chars.len());
                continue;
            }
            let from = original_chars[origin];
            // Normalization rewrites numerals of dates as digits and ASCII punctuation in Chinese
            // text as its full-width form; anything else is the original character.
            let rewritten = (c.is_ascii_digit()
                && (crate::lang::numerals::is_date_numeral(from) || ('０'..='９').contains(&from)))
                || "，；：（）？！。".contains(c) && ",;:()?!.".contains(from);
            assert!(
                from == c || rewritten,
                "character at byte {byte} ({c}) maps to {origin} ({from})"
            );
        }
    }

    const WRAPPED: &str = " 双方同意推动落实《中国商务部与越南工\n\n贸 部 关 于 加 强 供 应 链 保 障 合 作 的 谅 解 备 忘\n\n录》，文件于 2019 年 6 月 14 日在比什凯\n\n克签署，促进两国产业链供应链安全稳定。\n\n七、双方强调，中越两国坚持走社会主义\n\n道路，根本目的是实现发展繁荣，更好为人民\n\n谋幸福。\n";

    #[test]
    fn wrapped_lines_are_joined_and_letter_spacing_removed() {
        let normalized = normalize(WRAPPED, &options());
        assert_eq!(normalized.layout, Layout::Wrapped);
        assert!(
            normalized
                .text
                .contains("《中国商务部与越南工贸部关于加强供应链保障合作的谅解备忘录》"),
            "{}",
            normalized.text
        );
        assert!(
            normalized.text.contains("于2019年6月14日在比什凯克签署"),
            "{}",
            normalized.text
        );
        assert!(!normalized.text.contains("\n\n"));
        assert_offsets_point_back(WRAPPED, &normalized);
    }

    #[test]
    fn a_numbered_line_opens_a_paragraph() {
        let normalized = normalize(WRAPPED, &options());
        let paragraphs = normalized.paragraph_texts();
        assert_eq!(paragraphs.len(), 2, "{paragraphs:?}");
        assert!(paragraphs[1].starts_with("七、双方强调"));
        assert!(paragraphs[1].ends_with("更好为人民谋幸福。"));
    }

    #[test]
    fn spans_map_back_to_the_original_text() {
        let normalized = normalize(WRAPPED, &options());
        let needle = "工贸部关于";
        let start = normalized.text.find(needle).unwrap();
        let span = normalized.span(start..start + needle.len());
        // In the original the phrase is broken by a line break and letter-spaced.
        assert_eq!(span.slice(WRAPPED), "工\n\n贸 部 关 于");
        let date = "2019年6月14日";
        let start = normalized.text.find(date).unwrap();
        assert_eq!(
            normalized.span(start..start + date.len()).slice(WRAPPED),
            "2019 年 6 月 14 日"
        );
    }

    #[test]
    fn a_letter_spaced_line_is_a_full_line() {
        // The first line holds fewer characters than the column but was spread to fill it.
        let text = "各 代 表 团 团 长 注 意 到 吉 尔 吉 斯 共 和 国 在 第\n\n77届联合国大会制定关于《山区发展五年计划》\n\n决议草案的建议。各代表团团长注意到塔吉克斯\n\n坦共和国关于制定上合组织框架内工业展会条\n\n例的建议，支持有效落实上合组织成员国间协定\n\n和纲要。\n";
        let normalized = normalize(text, &options());
        assert_eq!(normalized.layout, Layout::Wrapped);
        assert!(
            normalized
                .text
                .starts_with("各代表团团长注意到吉尔吉斯共和国在第77届联合国大会"),
            "{}",
            normalized.text
        );
    }

    #[test]
    fn word_spaces_and_latin_text_are_kept() {
        let text = "国务院总理 李克强\n印度共和国外交部长 苏杰生\nthe World Trade Organization (WTO)\n双方同意。\n";
        let normalized = normalize(text, &options());
        assert_eq!(normalized.layout, Layout::Lines);
        assert!(normalized.text.contains("国务院总理 李克强"));
        assert!(normalized
            .text
            .contains("the World Trade Organization (WTO)"));
        assert_offsets_point_back(text, &normalized);
    }

    #[test]
    fn article_headings_are_lines_not_a_wrap() {
        // A treaty as web copies have it: a title, then articles under short headings.
        let treaty = "甲国和乙国友好条约\n（一九九〇年一月一日）\n缔约双方决定缔结本条约，\n第一条\n缔约双方应发展友好关系。\n第二条\n缔约双方表明反对霸权。\n第三条\n缔约双方将加强合作，\n第四条\n本条约不影响缔约各方的立场。\n第五条\n本条约须经批准，\n第六条\n本条约有效期为十年。\n";
        let normalized = normalize(treaty, &options());
        assert_eq!(normalized.layout, Layout::Lines);
        assert_eq!(normalized.paragraphs.len(), 15);
        // A page column of ten ideographs or more is still a wrap.
        assert_eq!(normalize(WRAPPED, &options()).layout, Layout::Wrapped);
    }

    #[test]
    fn web_text_comes_through_unharmed() {
        let text = "中华人民共和国和阿拉伯联合酋长国\r\n关于加强全面战略伙伴关系的联合声明\r\n\u{3000}\u{3000}双方一致同意继续开展交流合作。\r\n\u{3000}\u{3000}——双方愿加强协调合作。\r\n\u{3000}\u{3000}2019年7月23日于北京\r\n";
        let normalized = normalize(text, &options());
        assert_eq!(normalized.layout, Layout::Lines);
        let paragraphs = normalized.paragraph_texts();
        assert_eq!(
            paragraphs,
            [
                "中华人民共和国和阿拉伯联合酋长国",
                "关于加强全面战略伙伴关系的联合声明",
                "双方一致同意继续开展交流合作。",
                "——双方愿加强协调合作。",
                "2019年7月23日于北京",
            ]
        );
        // Offsets count the carriage returns and the ideographic-space indents of the original.
        let start = normalized.text.find("——").unwrap();
        let span = normalized.span(start..start + "——".len());
        assert_eq!(span.slice(text), "——");
        assert_offsets_point_back(text, &normalized);
    }

    #[test]
    fn english_hard_wraps_are_joined_with_a_space() {
        let text = "The leaders reaffirmed their\ncommitment to the rules-based\ninternational order and to\npeace in the region, and\nwelcomed the outcome.\n";
        let normalized = normalize(text, &options());
        assert_eq!(normalized.layout, Layout::Wrapped);
        assert!(
            normalized.text.starts_with(
                "The leaders reaffirmed their commitment to the rules-based international order"
            ),
            "{}",
            normalized.text
        );
    }

    #[test]
    fn empty_and_odd_input_does_not_panic() {
        for text in [
            "",
            "\n\n",
            "   ",
            "\u{3000}",
            "。",
            "a",
            "\r\n\r\n",
            "\u{1}\u{2}中",
            "（（（《《〈",
        ] {
            let normalized = normalize(text, &options());
            assert_offsets_point_back(text, &normalized);
        }
    }

    #[test]
    fn a_document_on_one_line_is_split_at_its_wide_gaps() {
        let original = "中华人民共和国和越南社会主义共和国联合公报　　一、双方同意加强合作。　　二、双方决定互派大使。　　中华人民共和国国务院总理　　　　李克强　　越南社会主义共和国政府总理　　　　阮春福　　二〇一〇年五月五日于北京\n";
        let normalized = normalize(original, &options());
        let paragraphs = normalized.paragraph_texts();
        assert_eq!(
            paragraphs,
            vec![
                "中华人民共和国和越南社会主义共和国联合公报",
                "一、双方同意加强合作。",
                "二、双方决定互派大使。",
                "中华人民共和国国务院总理",
                "李克强",
                "越南社会主义共和国政府总理",
                "阮春福",
                "2010年5月5日于北京",
            ]
        );
        assert_offsets_point_back(original, &normalized);
    }

    #[test]
    fn a_signature_block_in_two_columns_is_read_down_its_columns() {
        let original = "双方同意。\n\n中华人民共和国政府        越南社会主义共和国政府\n代  表                    代  表\n周  恩  来                范  文  同\n";
        let normalized = normalize(original, &options());
        let text = normalized.text.replace('\n', "/");
        assert_eq!(
            text,
            "双方同意。/中华人民共和国政府/代表/周恩来/越南社会主义共和国政府/代表/范文同"
        );
        assert_offsets_point_back(original, &normalized);
    }

    #[test]
    fn columns_two_spaces_apart_are_cells_but_not_in_a_sentence() {
        let original = "双方同意。\n\n  中华人民共和国  甲乙共和国\n\n代表                  代表\n\n  王毅  约翰·史密斯\n";
        let normalized = normalize(original, &options());
        assert_eq!(
            normalized.text.replace('\n', "/"),
            "双方同意。/中华人民共和国/代表/王毅/甲乙共和国/代表/约翰·史密斯"
        );
        assert_offsets_point_back(original, &normalized);
        // Letter spacing (`王  毅`), and two spaces inside a long line of running text, are no gap.
        for line in [
            "王  毅",
            "两国政府同意在互相尊重主权和领土完整、互不侵犯  互不干涉内政的原则基础上发展两国友好关系",
        ] {
            let normalized = normalize(line, &options());
            assert!(!normalized.text.contains('\n'), "{line}: {}", normalized.text);
        }
    }

    #[test]
    fn readings_in_pinyin_after_characters_are_dropped() {
        let original = "中华人民共和国(guó)和乍得共和国关(guān)于恢复外交关系的联(lián)合公报";
        let normalized = normalize(original, &options());
        assert_eq!(
            normalized.text,
            "中华人民共和国和乍得共和国关于恢复外交关系的联合公报"
        );
        assert_offsets_point_back(original, &normalized);
        // Letters without a tone mark, and a gloss after a Latin word, stay.
        for (line, expected) in [
            ("第一条（a）项", "第一条（a）项"),
            ("见附件(ii)。", "见附件（ii）。"),
            ("Beijing (Běijīng)", "Beijing (Běijīng)"),
        ] {
            assert_eq!(normalize(line, &options()).text, expected);
        }
    }

    #[test]
    fn office_and_name_rows_are_read_across() {
        let original =
            "中华人民共和国国务院总理　　　李克强\n越南社会主义共和国政府总理　　　阮春福\n";
        let normalized = normalize(original, &options());
        assert_eq!(
            normalized.text,
            "中华人民共和国国务院总理\n李克强\n越南社会主义共和国政府总理\n阮春福"
        );
    }

    #[test]
    fn wiki_table_markup_is_dropped_and_its_cells_read_down() {
        let original = "{| class=\"wikitable\"\n|-\n| 中华人民共和国主席 || 新西兰总理\n|-\n| 习近平 || 约翰·基\n|}\n";
        let normalized = normalize(original, &options());
        assert_eq!(
            normalized.text,
            "中华人民共和国主席\n习近平\n新西兰总理\n约翰·基"
        );
    }

    #[test]
    fn ascii_punctuation_in_chinese_text_becomes_full_width() {
        let original =
            "(2014年11月21日,惠灵顿)\n双方重申,将继续加强协调.\n1.5亿美元,U.S. and China.\n";
        let normalized = normalize(original, &options());
        assert_eq!(
            normalized.text,
            "（2014年11月21日，惠灵顿）\n双方重申，将继续加强协调。\n1.5亿美元，U.S. and China."
        );
        assert_offsets_point_back(original, &normalized);
    }

    #[test]
    fn letter_spacing_is_not_a_gap() {
        let original = "代    表\n";
        let normalized = normalize(original, &options());
        assert_eq!(normalized.text, "代表");
    }

    #[test]
    fn a_site_watermark_is_cut_from_every_line() {
        let mark = "文章源自某某网-https://www.example.com/1.html";
        let text = format!(
            "中华人民共和国和智利共和国联合公报{mark}\n{mark}\n2017年12月15日，圣地亚哥{mark}\n{mark}\n一、双方同意加强合作。{mark}\n{mark}\n"
        );
        let normalized = normalize(&text, &options());
        assert_eq!(
            normalized.paragraph_texts(),
            [
                "中华人民共和国和智利共和国联合公报",
                "2017年12月15日，圣地亚哥",
                "一、双方同意加强合作。"
            ]
        );
        assert_offsets_point_back(&text, &normalized);
        // A line that repeats without ending others is kept.
        let repeated = "双方同意加强两国合作。\n双方同意加强两国合作。\n双方同意加强两国合作。\n";
        assert_eq!(normalize(repeated, &options()).paragraphs.len(), 3);
    }
}
