//! Normalization of English text: wrapped lines joined into paragraphs, Markdown leftovers and
//! layout spaces removed, each character still mapped to the original.
//!
//! English texts come as web or archive copies (pandoc Markdown: hard wraps, `1\.`, `**bold**`,
//! `<!-- -->`, HTML tags such as `<sup>`, a closing `\###`) and as text taken out of a printed
//! page. A paragraph ends at a blank line; in a text without blank lines, at a line clearly
//! shorter than the column (the longest full line; a typescript's ragged edge spreads full lines
//! over ten characters or so) unless it ends with a small word or the next line opens in small
//! letters; or at every line where the lengths show no column (web text whose
//! lines are its paragraphs), but for a line that ends with a comma, which goes on; so too, in
//! any text, at every line of a block between blank lines that holds a line wider than any column
//! (web text whose blank lines are few). In a
//! double-spaced text (a typescript or a scan: a blank line after nearly every line, most lines
//! ending inside a sentence) a single blank line is no break; two are, and so is a line clearly
//! shorter than the column; a line in capitals stands alone. In any
//! text, a heading in capitals (no comma or semicolon at its end) ends before a line in small
//! letters under it, and starts after one above it that does not go on (a comma, a semicolon or
//! a hyphen at its end). A text flattened onto one line is cut back at its numbered paragraphs
//! (`… 1982. 1. At the invitation … 2. …`, see [`cut_run_on`]). Three
//! short lines or more together that each open with a capital or a digit are a record's fields,
//! one a paragraph, unless one of them but the last ends with a comma or a hyphen; so are two
//! where the first ends with a number (`Date | 25, November 2014` over `Addis Ababa, Ethiopia`).
//! A line that opens with a list marker (`1.`, `(a)`, `IV.`, `•`) or a signature block's line
//! (`Done in Asmara, …`, `For the State of Eritrea`) opens a paragraph in either, and a
//! wiki's tagline (`From Wikisource`) is a paragraph of its own. A line
//! laid out in columns (cells apart by four spaces or more, as in a signature block) gives each
//! cell a paragraph of its own, read across the rows.
//!
//! Cost: linear in the length of the text; the offset map takes 8 bytes per character.

use super::{Builder, Layout, NormalizedText, Paragraph};
use regex::Regex;
use std::sync::LazyLock;

/// A line of the original with the offset (in characters) of its first character.
struct Line {
    chars: Vec<(char, u32)>,
    /// A cell of a line laid out in columns: a paragraph of its own.
    cell: bool,
    /// The line ends in a Markdown hard break (two or three spaces): the next line opens a
    /// paragraph.
    hard_break: bool,
    /// A paragraph cut out of a text flattened onto one line ([`cut_run_on`]): one of its own.
    cut: bool,
}

impl Line {
    fn text(&self) -> String {
        self.chars.iter().map(|(c, _)| c).collect()
    }
    fn width(&self) -> usize {
        self.chars.len()
    }
    /// The last character that is not a space.
    fn last_char(&self) -> Option<char> {
        self.chars.iter().rev().map(|(c, _)| *c).find(|c| *c != ' ')
    }
}

/// A list marker at the start of a line: `1.`, `1)`, `(a)`, `(iv)`, `IV.`, a bullet, or the label
/// of a field of an archive's record (`[Date] `).
static LIST_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:\d{1,3}[.)]\s|\([a-zA-Z0-9]{1,4}\)\s|[IVXL]{1,5}\.\s|[•·▪◦‣–-]\s|\*\s|\[[A-Z][A-Za-z ]{1,20}\]\s)",
    )
        .expect("list marker pattern")
});

/// The patterns of layout the normalizer reads lines with.
pub struct LinePatterns<'a> {
    /// A line that is a paragraph of its own: a wiki's tagline or skip link
    /// (`layout.site-tagline`).
    pub alone: &'a Regex,
    /// A line that opens a paragraph: the closing line or a party's line of a signature block
    /// (`layout.signing-line`: `Done in Asmara, …`, `For the State of Eritrea`).
    pub opens: &'a Regex,
    /// A line that goes on in the next, though short: it ends with a small word
    /// (`layout.title-broken`: `The Minister of Foreign Affairs of the Republic of`).
    pub goes_on: &'a Regex,
    /// A numbered paragraph run on in a line after a sentence's end
    /// (`layout.run-on-paragraph`: `… 1982. 1. At the invitation …`), its number the group
    /// `marker`.
    pub run_on: &'a Regex,
    /// A dateline (`metadata.dateline`: `New Delhi, October 7, 1982.`).
    pub dateline: &'a Regex,
}

/// Normalizes an English text. See the module documentation and [`LinePatterns`].
pub fn normalize(original: &str, patterns: &LinePatterns<'_>) -> NormalizedText {
    let (line_alone, line_opens, line_goes_on) = (patterns.alone, patterns.opens, patterns.goes_on);
    let mut lines = cut_run_on(split_lines(original), patterns);
    // A typescript or a scan keeps a blank line after every wrapped line: those are no paragraph
    // breaks, and the column tells where paragraphs end.
    let double_spaced = is_double_spaced(&lines);
    if double_spaced {
        lines = without_single_blanks(lines);
    }
    // A blank line between two lines of text (not the file's last line ending).
    let has_blank = lines
        .windows(2)
        .any(|pair| pair[0].is_none() && pair[1].is_some());
    let column = if has_blank && !double_spaced {
        0
    } else {
        column_width(&lines)
    };
    let unwrapped = unwrapped_blocks(&lines);
    // Paragraphs as groups of lines.
    let mut groups: Vec<Vec<&Line>> = Vec::new();
    let mut current: Vec<&Line> = Vec::new();
    let mut previous_short = false;
    let mut previous_goes_on = false;
    let mut previous_alone = false;
    let mut previous_capitals = false;
    let mut previous_continues = false;
    let mut previous_comma = false;
    for (index, line) in lines.iter().enumerate() {
        let Some(line) = line else {
            if !current.is_empty() {
                groups.push(std::mem::take(&mut current));
            }
            continue;
        };
        let text = line.text();
        let alone = line_alone.is_match(&text)
            // A heading in capitals in a typescript (`15-17 JANUARY 1980`) is a line of its own.
            || (double_spaced && is_capitals(&text));
        let opens = (line.cell && current.last().is_none_or(|last| last.width() >= 8))
            || alone
            || previous_alone
            || line.cut
            || current
                .last()
                .is_some_and(|last| last.cell || last.hard_break || last.cut)
            || LIST_MARKER.is_match(&text)
            || line_opens.is_match(&text)
            // A short line ends its paragraph, unless it ends with a small word or the next
            // opens in small letters (a wrapped paragraph whose first line was indented).
            || ((!has_blank || double_spaced)
                && previous_short
                && !previous_goes_on
                && !text.starts_with(char::is_lowercase))
            // A heading in capitals over a line of text in small letters ends there, and one
            // under such a line starts there (`… the full text of the Joint Statement.` over
            // `JOINT STATEMENT ON …`); a line of acronyms inside a list (`…, OPEC,` over `WEF,
            // WFP, WHO,`) is none.
            || (previous_capitals && !is_capitals(&text))
            || (is_heading(&text) && !previous_capitals && !previous_continues)
            // Without blank lines or a column, each line is a paragraph (web text, unwrapped),
            // but for one that goes on after a comma (`Bangkok,` over `Thailand 24-25 July 2000`).
            || (!has_blank && column == 0 && !previous_comma)
            // So in a block between blank lines that holds a line no column is so wide.
            || (unwrapped[index] && !previous_comma);
        if opens && !current.is_empty() {
            groups.push(std::mem::take(&mut current));
        }
        previous_short = column > 0 && line.width() * 4 < column * 3;
        previous_goes_on = line_goes_on.is_match(&text);
        previous_alone = alone;
        previous_capitals = is_heading(&text);
        previous_continues = text.trim_end().ends_with([',', ';', '-']);
        previous_comma = text.trim_end().ends_with(',');
        current.push(line);
    }
    if !current.is_empty() {
        groups.push(current);
    }
    // A block of three short lines or more that each open with a capital or a digit is a
    // record's fields or a list, one a line (`Region Commonwealth` / `Date of Adoption …` /
    // `Place of Adoption Singapore`), not a wrapped paragraph, unless a line but the last goes
    // on.
    let groups: Vec<Vec<&Line>> = groups
        .into_iter()
        .flat_map(|group| {
            // A line that goes on (a comma or a hyphen at its end) makes it wrapped text: a
            // heading in capitals broken over lines (`…, AND HIS EXCEL-` over `LENCY …`).
            let goes_on = group[..group.len() - 1]
                .iter()
                .any(|line| line.last_char().is_some_and(|c| matches!(c, ',' | '-')));
            // Two such lines are when the first ends with a number (`Date | 25, November 2014`
            // over `Addis Ababa, Ethiopia`).
            let ends_with_number = group[0].last_char().is_some_and(|c| c.is_ascii_digit());
            let fields = (group.len() >= 3 || (group.len() == 2 && ends_with_number))
                && !goes_on
                && group.iter().all(|line| {
                    line.width() <= 50
                        && line
                            .chars
                            .first()
                            .is_some_and(|(c, _)| c.is_uppercase() || c.is_ascii_digit())
                });
            if fields {
                group.into_iter().map(|line| vec![line]).collect()
            } else {
                vec![group]
            }
        })
        .collect();
    let mut out = Builder::default();
    let mut paragraphs = Vec::new();
    for group in groups {
        let mut chars: Vec<(char, u32)> = Vec::new();
        for line in group {
            if let (Some(&(last, at)), Some(&(first, _))) = (chars.last(), line.chars.first()) {
                // A word broken at the line end with a hyphen stays hyphenated: the hyphen may be
                // part of the word (`Indo-` `Pacific`, `EXCEL-` `LENCY`).
                let before_hyphen = chars.len().checked_sub(2).map(|index| chars[index].0);
                let broken = last == '-'
                    && first.is_alphabetic()
                    && before_hyphen.is_some_and(char::is_alphabetic);
                if !broken {
                    chars.push((' ', at + 1));
                }
            }
            chars.extend_from_slice(&line.chars);
        }
        let chars = clean(chars);
        if chars.is_empty() || chars.iter().all(|(c, _)| !c.is_alphanumeric()) {
            continue;
        }
        if !paragraphs.is_empty() {
            let previous_end = out.origins.last().map_or(0, |last| last + 1);
            out.push('\n', previous_end);
        }
        let start = out.text.len();
        for (c, origin) in chars {
            out.push(c, origin);
        }
        paragraphs.push(Paragraph {
            range: start..out.text.len(),
            block_start: false,
        });
    }
    NormalizedText {
        text: out.text,
        paragraphs,
        layout: if has_blank {
            Layout::Lines
        } else {
            Layout::Wrapped
        },
        char_starts: out.char_starts,
        origins: out.origins,
        original_starts: std::sync::OnceLock::new(),
        written: None,
    }
}

/// The lines of the original, `None` for a blank one; a line laid out in columns becomes its
/// cells. HTML comments (`<!-- -->`, also across lines) are blanked out first.
fn split_lines(original: &str) -> Vec<Option<Line>> {
    let mut chars: Vec<(char, u32)> = original
        .chars()
        .enumerate()
        .map(|(index, c)| (c, index as u32))
        .collect();
    blank_comments(&mut chars);
    let mut lines = Vec::new();
    for raw in chars.split(|(c, _)| *c == '\n') {
        let raw: Vec<(char, u32)> = raw
            .iter()
            .map(|&(c, at)| {
                let c = match c {
                    '\r' | '\t' | '\u{a0}' | '\u{3000}' | '\u{2002}'..='\u{200a}' => ' ',
                    c => c,
                };
                (c, at)
            })
            .collect();
        let cells = cells(&raw);
        if cells.is_empty() {
            lines.push(None);
            continue;
        }
        // A line that ends in a run of spaces is a cell of a column layout whose row was wrapped.
        let trailing = raw.iter().rev().take_while(|(c, _)| *c == ' ').count();
        let cell = cells.len() > 1 || trailing >= 4;
        let hard_break = (2..4).contains(&trailing);
        for range in cells {
            lines.push(Some(Line {
                chars: raw[range].to_vec(),
                cell,
                hard_break,
                cut: false,
            }));
        }
    }
    lines
}

/// The lines with a text flattened onto one line cut back into its paragraphs: before each
/// number of a run of numbered paragraphs `1.`, `2.`, `3.` … (three or more, in order) that
/// follow a sentence's end, and before a dateline that ends the head above `1.`
/// (`Joint communiqué … to India. New Delhi, October 7, 1982.`). Linear in the text.
fn cut_run_on(lines: Vec<Option<Line>>, patterns: &LinePatterns<'_>) -> Vec<Option<Line>> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let Some(line) = line else {
            out.push(None);
            continue;
        };
        let text = line.text();
        // The markers in order: the longest run 1, 2, 3 … , each after the one before, as
        // character indices (counted on from the last).
        let mut cuts: Vec<usize> = Vec::new();
        let (mut byte, mut index) = (0, 0);
        for found in patterns.run_on.captures_iter(&text) {
            let Some(marker) = found.name("marker") else {
                continue;
            };
            let number: usize = marker.as_str().parse().unwrap_or(0);
            if number == cuts.len() + 1 {
                index += text[byte..marker.start()].chars().count();
                byte = marker.start();
                cuts.push(index);
            }
        }
        if line.cell || cuts.len() < 3 {
            out.push(Some(line));
            continue;
        }
        // The head's last sentence, when it is a dateline with a year, is a line of its own.
        let head = &line.chars[..cuts[0]];
        let head_text: String = head.iter().map(|(c, _)| c).collect();
        let dateline = head_text
            .match_indices(". ")
            .map(|(byte, _)| byte + 2)
            // A dateline is short: only the head's last 80 bytes are looked at.
            .filter(|&byte| head_text.len() - byte <= 80)
            .find(|&byte| {
                let rest = head_text[byte..].trim_end();
                patterns.dateline.is_match(rest.trim_end_matches('.'))
                    && rest.chars().filter(char::is_ascii_digit).count() >= 4
            })
            .map(|byte| head_text[..byte].chars().count());
        let mut starts: Vec<usize> = dateline.into_iter().chain(cuts).collect();
        starts.insert(0, 0);
        starts.push(line.chars.len());
        for pair in starts.windows(2) {
            let mut chars = line.chars[pair[0]..pair[1]].to_vec();
            while chars.last().is_some_and(|(c, _)| *c == ' ') {
                chars.pop();
            }
            if !chars.is_empty() {
                out.push(Some(Line {
                    chars,
                    cell: false,
                    hard_break: false,
                    cut: true,
                }));
            }
        }
    }
    out
}

/// Whether a text keeps a blank line after nearly every line, most lines end inside a sentence
/// and their lengths show a column (a typescript or a scan: `…in the spirit of the Basic Treaty
/// of` / blank / `Friendship and Co-operation, Japan and Australia should`), at least eight
/// lines.
fn is_double_spaced(lines: &[Option<Line>]) -> bool {
    let texts: Vec<&Line> = lines.iter().flatten().collect();
    if texts.len() < 8 {
        return false;
    }
    // The runs of blank lines between two lines of text.
    let mut gaps = Vec::new();
    let mut run = None;
    for line in lines {
        match (line, run) {
            (None, Some(count)) => run = Some(count + 1),
            (None, None) => {}
            (Some(_), Some(count)) => {
                gaps.push(count);
                run = Some(0);
            }
            (Some(_), None) => run = Some(0),
        }
    }
    let single = gaps.iter().filter(|gap| **gap == 1).count();
    let mid_sentence = texts
        .iter()
        .filter(|line| {
            line.last_char()
                .is_some_and(|c| c.is_alphanumeric() || matches!(c, ',' | '-' | '–'))
        })
        .count();
    single * 4 >= gaps.len() * 3 && mid_sentence * 2 >= texts.len() && column_width(lines) > 0
}

/// Whether a line is a heading in capitals: its letters all capitals, and no comma or semicolon
/// at its end that would continue it (a list of acronyms, `WEF, WFP, WHO,`).
fn is_heading(text: &str) -> bool {
    is_capitals(text) && !text.trim_end().ends_with([',', ';'])
}

/// Whether a line's letters, three or more, are all capitals.
fn is_capitals(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic());
    letters.clone().count() >= 3 && letters.clone().all(char::is_uppercase)
}

/// The lines without the single blank lines between lines of text; a longer run of blank lines
/// stays, as one.
fn without_single_blanks(lines: Vec<Option<Line>>) -> Vec<Option<Line>> {
    let mut out: Vec<Option<Line>> = Vec::with_capacity(lines.len());
    let mut blanks = 0;
    for line in lines {
        match line {
            None => blanks += 1,
            Some(line) => {
                if blanks >= 2 && !out.is_empty() {
                    out.push(None);
                }
                blanks = 0;
                out.push(Some(line));
            }
        }
    }
    out
}

/// What a comment's characters become: left out when the line is cleaned, and not a space, so a
/// comment at a line's end does not make it a column cell.
const COMMENT: char = '\u{FFFF}';

/// Replaces `<!-- … -->` by [`COMMENT`] (line breaks kept, so lines still count).
fn blank_comments(chars: &mut [(char, u32)]) {
    let mut index = 0;
    while index + 3 < chars.len() {
        let opens = chars[index..index + 4]
            .iter()
            .map(|(c, _)| *c)
            .eq("<!--".chars());
        if !opens {
            index += 1;
            continue;
        }
        let mut end = index + 4;
        while end + 2 < chars.len()
            && !chars[end..end + 3]
                .iter()
                .map(|(c, _)| *c)
                .eq("-->".chars())
        {
            end += 1;
        }
        let stop = (end + 3).min(chars.len());
        for item in &mut chars[index..stop] {
            if item.0 != '\n' {
                item.0 = COMMENT;
            }
        }
        index = stop;
    }
}

/// The non-blank cells of a line, trimmed: the line itself, or its parts apart by four spaces or
/// more when the line is laid out in columns.
fn cells(raw: &[(char, u32)]) -> Vec<std::ops::Range<usize>> {
    let mut cells = Vec::new();
    let mut start: Option<usize> = None;
    let mut spaces = 0;
    for (index, (c, _)) in raw.iter().enumerate() {
        if *c == ' ' {
            spaces += 1;
            continue;
        }
        match start {
            None => start = Some(index),
            Some(from) if spaces >= 4 => {
                cells.push(from..index - spaces);
                start = Some(index);
            }
            Some(_) => {}
        }
        spaces = 0;
    }
    if let Some(from) = start {
        cells.push(from..raw.len() - spaces);
    }
    cells
}

/// A line longer than this is no wrapped line: no layout wraps its text so wide.
const UNWRAPPED_WIDTH: usize = 200;

/// For each line, whether the block of lines between blank lines it stands in holds a line longer
/// than [`UNWRAPPED_WIDTH`], its links aside: web text saved one paragraph a line, with blank
/// lines only here and there (`Published by: …` / `Tashkent Declaration` / `January 10, 1966` /
/// a paragraph of 450 characters / …). Each line of such a block is a paragraph.
fn unwrapped_blocks(lines: &[Option<Line>]) -> Vec<bool> {
    let mut out = vec![false; lines.len()];
    let mut start = 0;
    for end in 0..=lines.len() {
        if end == lines.len() || lines[end].is_none() {
            let wide = lines[start..end]
                .iter()
                .flatten()
                // The width with its links is checked first: most lines are short.
                .any(|line| {
                    !line.cell
                        && line.width() > UNWRAPPED_WIDTH
                        && width_without_links(line) > UNWRAPPED_WIDTH
                });
            out[start..end].fill(wide);
            start = end + 1;
        }
    }
    out
}

/// The width of a line less its links (`https://…`, a Markdown link's target), which a wrapped
/// text keeps whole on one line however long.
fn width_without_links(line: &Line) -> usize {
    line.text()
        .split_whitespace()
        .filter(|word| !word.contains("://"))
        .map(|word| word.chars().count() + 1)
        .sum()
}

/// The usual length of a full line in a text without blank lines: the longest line of the two
/// neighbouring buckets of five characters that the most lines reach (a typescript's ragged edge
/// spreads its full lines over ten characters or so); zero when lines are few, or when a quarter
/// of them run well past it (no column).
fn column_width(lines: &[Option<Line>]) -> usize {
    let widths: Vec<usize> = lines.iter().flatten().map(Line::width).collect();
    if widths.len() < 4 {
        return 0;
    }
    let mut buckets = std::collections::BTreeMap::<usize, usize>::new();
    for width in &widths {
        *buckets.entry(width / 5).or_default() += 1;
    }
    let (bucket, count) = buckets
        .keys()
        .map(|bucket| {
            let next = buckets.get(&(bucket + 1)).copied().unwrap_or_default();
            (*bucket, buckets[bucket] + next)
        })
        .max_by_key(|(bucket, count)| (*count, *bucket))
        .unwrap_or_default();
    // One paragraph a line: lengths spread out, no column.
    if count * 3 < widths.len() {
        return 0;
    }
    let column = widths
        .iter()
        .copied()
        .filter(|width| width / 5 == bucket || width / 5 == bucket + 1)
        .max()
        .unwrap_or_default();
    // A wrapped text has no lines much longer than its column.
    let longer = widths.iter().filter(|width| **width > column + 10).count();
    if longer * 4 > widths.len() {
        return 0;
    }
    column
}

/// Removes Markdown marks and backslash escapes, folds runs of spaces and trims.
fn clean(chars: Vec<(char, u32)>) -> Vec<(char, u32)> {
    let mut out: Vec<(char, u32)> = Vec::with_capacity(chars.len());
    // Whether a character other than `#` and space was kept: a heading's `#` marks come before.
    let mut started = false;
    let mut index = 0;
    while index < chars.len() {
        let (c, at) = chars[index];
        let next = chars.get(index + 1).map(|(c, _)| *c);
        match c {
            // `\.` `\#` `\[` `\*`: the character stays, the backslash goes.
            '\\' if next.is_some_and(|n| n.is_ascii_punctuation()) => {}
            // Emphasis: `*`, `**`, `***` and `_` runs next to a word; a `*` list marker stays out.
            '*' => {}
            COMMENT => {}
            '#' if !started => {}
            // An HTML tag (`<sup>`, `</p>`): left out, its text kept.
            '<' if chars
                .get(index + 1)
                .is_some_and(|(n, _)| n.is_ascii_alphabetic() || *n == '/') =>
            {
                let close = chars[index..].iter().take(64).position(|(c, _)| *c == '>');
                if let Some(close) = close {
                    index += close + 1;
                    continue;
                }
                out.push((c, at));
            }
            ' ' if out.last().is_none_or(|(last, _)| *last == ' ') => {}
            _ => {
                started |= c != ' ';
                out.push((c, at));
            }
        }
        index += 1;
    }
    while out.last().is_some_and(|(c, _)| *c == ' ') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`normalize`] with a wiki's tagline as the line that stands alone.
    fn normalize(text: &str) -> NormalizedText {
        super::normalize(
            text,
            &super::LinePatterns {
                alone: &Regex::new("^From Wikisource").unwrap(),
                opens: &Regex::new("^For the State of").unwrap(),
                goes_on: &Regex::new(r"(?:^|\s)(?:of|the)$").unwrap(),
                run_on: &Regex::new(r"[.!?]\s+(?P<marker>\d{1,3})\.\s+\p{Lu}").unwrap(),
                dateline: &Regex::new(r"^[A-Z][a-z]+, [A-Z][a-z]+ \d{1,2}, \d{4}$").unwrap(),
            },
        )
    }

    #[test]
    fn wrapped_markdown_becomes_paragraphs() {
        let text = "**Joint Statement**\n\nThe two sides reaffirm\ntheir commitment.  \n  \n1\\. They welcome the\nagreement. <!-- note -->\n\n\\###\n";
        let normalized = normalize(text);
        let paragraphs = normalized.paragraph_texts();
        assert_eq!(
            paragraphs,
            [
                "Joint Statement",
                "The two sides reaffirm their commitment.",
                "1. They welcome the agreement."
            ]
        );
        // Offsets still point into the original.
        let at = normalized.text.find("reaffirm").unwrap();
        let span = normalized.span(at..at + "reaffirm".len());
        assert_eq!(span.slice(text), "reaffirm");
    }

    #[test]
    fn a_short_first_line_goes_on_after_a_small_word_or_into_small_letters() {
        // No blank lines; each paragraph's first line is shorter than the column.
        let text = "The Minister of Foreign Affairs of the Republic of\nPeru, Mr Juan Soto, and the Minister of Foreign Affairs of Chile, Ms Ana\nRuiz, held a meeting in Lima on 3 May 2015 and reviewed the whole of the\nrelations between the two countries.\nThey reviewed the fight against\ninternational terrorism and organised crime in the region and beyond it\nand agreed to act together.\nShort heading\nThe Ministers agreed to meet again in Santiago on a date to be set later\nby the two Ministries through the usual channels of their embassies now.\n";
        let normalized = normalize(text);
        let paragraphs = normalized.paragraph_texts();
        assert_eq!(paragraphs.len(), 4, "{paragraphs:?}");
        assert!(
            paragraphs[0].starts_with("The Minister of Foreign Affairs of the Republic of Peru,")
        );
        assert!(paragraphs[1].starts_with("They reviewed the fight against international"));
        assert_eq!(paragraphs[2], "Short heading");
    }

    #[test]
    fn columns_become_cells_and_list_items_open_paragraphs() {
        let text = "Anwar Ibrahim            Donald J. Trump\nPrime Minister of Malaysia       President of the United States\n";
        let normalized = normalize(text);
        let paragraphs = normalized.paragraph_texts();
        assert_eq!(
            paragraphs,
            [
                "Anwar Ibrahim",
                "Donald J. Trump",
                "Prime Minister of Malaysia",
                "President of the United States"
            ]
        );
        let listed = normalize("We agree:\n(a) to meet;\n(b) to talk.\n");
        assert_eq!(listed.paragraphs.len(), 3);
    }

    #[test]
    fn without_blank_lines_a_short_line_ends_a_paragraph() {
        let text = "The leaders met in Geneva on May 10 and discussed trade\nand investment between their countries for many hours\nand agreed to meet again.\nThe two sides also welcomed the progress made so far in\nthe talks on tariffs and agreed to continue them soon.\n";
        let normalized = normalize(text);
        assert_eq!(normalized.paragraphs.len(), 2, "{:?}", normalized.text);
    }

    #[test]
    fn a_heading_in_capitals_under_a_sentence_is_a_paragraph_and_acronyms_are_not() {
        // A news lead and its line that introduces the text, then the title in capitals, in a
        // copy whose only blank line opens the file.
        let text = "\nHanoi (Agency) - The two Prime Ministers held talks on July 22 and raised \
                    relations.\nThe following is the full text of the Joint Statement.\nJOINT \
                    STATEMENT ON THE STRATEGIC PARTNERSHIP\n1. Since 1975, relations have grown.\n";
        let normalized = normalize(text);
        let lines: Vec<&str> = normalized.text.lines().collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert_eq!(lines[1], "JOINT STATEMENT ON THE STRATEGIC PARTNERSHIP");
        // A wrapped paragraph with a line of acronyms in its list stays one paragraph.
        let text = "We thank the International Organizations for their support: ITU, OPEC,\n\
                    WEF, WFP, WHO, WTO, UNCCD, UNCTAD, UNDESA, UNDP, UNECE, UNESCAP, UNESCO,\n\
                    UNFCCC, UN Habitat and the Engagement Groups for their valuable inputs.\n\n\
                    We agreed.\n";
        let normalized = normalize(text);
        assert_eq!(normalized.paragraphs.len(), 2, "{:?}", normalized.text);
    }

    #[test]
    fn a_typescript_s_ragged_edge_still_gives_a_column() {
        // Full lines of 43 to 57 characters and no blank lines, as a typescript's ragged edge
        // has them: the lines are wrapped, and a short line ends its paragraph.
        let text = "JOINT COMMUNIQUE\nBelow is the text of the communique issued in Lima\non 30 October 1973 by the two Prime Ministers of Peru and\nChile:\nThe Prime Minister of Peru paid an official\nvisit to Chile from 26 October until 31 October 1973\nat the invitation of the Government of Chile and held the\ntalks with the President of Chile.\nThe two leaders discussed trade and investment\nin the region.\n";
        assert_eq!(
            normalize(text).paragraph_texts(),
            [
                "JOINT COMMUNIQUE",
                "Below is the text of the communique issued in Lima on 30 October 1973 by the two Prime Ministers of Peru and Chile:",
                "The Prime Minister of Peru paid an official visit to Chile from 26 October until 31 October 1973 at the invitation of the Government of Chile and held the talks with the President of Chile.",
                "The two leaders discussed trade and investment in the region."
            ]
        );
    }

    #[test]
    fn without_blank_lines_or_a_column_each_line_is_a_paragraph() {
        // Web text saved one paragraph a line: lengths spread out.
        let text = "Chair’s Statement on the Leaders’ Meeting\nThe Meeting was convened on 24 April 2021 in Jakarta and chaired by the Sultan of Brunei Darussalam, who opened it.\nThe Leaders discussed recent developments.\nWe agreed to hold the next meeting in the second half of the year, in a place to be decided by the Chair after consultations.\n";
        let normalized = normalize(text);
        assert_eq!(normalized.paragraphs.len(), 4, "{:?}", normalized.text);
        assert_eq!(
            normalized.paragraph_text(&normalized.paragraphs[0]),
            "Chair’s Statement on the Leaders’ Meeting"
        );
        // A line that ends with a comma goes on in the next (`Bangkok,` over the state and date).
        let text = "JOINT COMMUNIQUE OF THE MEETING\nBangkok,\nThailand 24-25 July 2000\nThe Ministers met in Bangkok and reviewed the situation in the region at length.\n";
        assert_eq!(
            normalize(text).paragraph_texts(),
            [
                "JOINT COMMUNIQUE OF THE MEETING",
                "Bangkok, Thailand 24-25 July 2000",
                "The Ministers met in Bangkok and reviewed the situation in the region at length."
            ]
        );
    }

    #[test]
    fn a_block_with_a_line_wider_than_any_column_is_a_paragraph_a_line() {
        let long = "The Prime Minister and the President, having met at the capital and having discussed the relations between their countries, declare their resolve to restore normal and peaceful relations between them and to promote understanding between their peoples.";
        assert!(long.len() > 200);
        let text = format!("Declaration 1966\n\nBy a reader\n\nPublished on Aug 16, 2012\nThe Declaration\nJanuary 10, 1966\n{long}\nThey agreed.\n");
        assert_eq!(
            normalize(&text).paragraph_texts(),
            [
                "Declaration 1966",
                "By a reader",
                "Published on Aug 16, 2012",
                "The Declaration",
                "January 10, 1966",
                long,
                "They agreed."
            ]
        );
        // Wrapped lines, none so wide but for a link, stay one paragraph.
        let text = "Declaration 1966\n\nThe Prime Minister and the President, having met at the\n[capital](https://example.org/a/very/long/address/that/runs/on/and/on/past/any/column/a/text/is/wrapped/at/for/it/is/kept/whole/on/one/line/by/the/program/that/wrapped/the/text/around/it/so/it/is/long), declare their resolve\nto restore normal relations.\n";
        assert_eq!(normalize(text).paragraphs.len(), 2);
    }

    #[test]
    fn double_spaced_lines_are_joined_into_paragraphs() {
        let text = "Visit of the Prime Minister of Chile to Peru\n\n15-17 JANUARY 1980\n\n\n1. The Prime Minister of Chile is paying an official visit\n\nto Peru from 15 to 17 January 1980, at the invitation of the\n\nGovernment of Peru.\n\n2. They agreed that, in the spirit of the Basic Treaty of\n\nFriendship and Co-operation, Chile and Peru should further\n\nstrengthen their efforts in the pursuit of the common goals\n\nof the two countries in the region.\n\n\n3. They reviewed the situation.\n";
        let normalized = normalize(text);
        assert_eq!(
            normalized.paragraph_texts(),
            [
                "Visit of the Prime Minister of Chile to Peru",
                "15-17 JANUARY 1980",
                "1. The Prime Minister of Chile is paying an official visit to Peru from 15 to 17 January 1980, at the invitation of the Government of Peru.",
                "2. They agreed that, in the spirit of the Basic Treaty of Friendship and Co-operation, Chile and Peru should further strengthen their efforts in the pursuit of the common goals of the two countries in the region.",
                "3. They reviewed the situation."
            ]
        );
        // Web text with a blank line between its paragraphs keeps them apart.
        let web = "Joint Statement\n\nThe two sides met.\n\nThey agreed to cooperate.\n\nThey welcomed trade.\n\nThey noted progress.\n\nThey will meet again.\n\nThey thanked the hosts.\n\nThey signed two agreements.\n\nThey closed the meeting.\n";
        assert_eq!(normalize(web).paragraphs.len(), 9);
    }

    #[test]
    fn two_short_lines_under_a_number_are_two_paragraphs() {
        let text = "MEETING\n\nDate | 25, November 2014\nAddis Ababa, Ethiopia\n\nCOMMUNIQUE\n";
        assert_eq!(
            normalize(text).paragraph_texts(),
            [
                "MEETING",
                "Date | 25, November 2014",
                "Addis Ababa, Ethiopia",
                "COMMUNIQUE"
            ]
        );
        // A title broken over two short lines stays one.
        let text = "Joint Statement of the Leaders\nof Chile and Peru\n\nThey agreed.\n";
        assert_eq!(normalize(text).paragraphs.len(), 2);
    }

    #[test]
    fn a_record_s_short_fields_are_one_a_paragraph() {
        let text = "Singapore Declaration, 1971.\n\nRegion Commonwealth\nDate of Adoption January 22nd 1971\nPlace of Adoption Singapore\n\nThe Heads of Government met in Singapore\nand agreed on a set of ideals.\n";
        assert_eq!(
            normalize(text).paragraph_texts(),
            [
                "Singapore Declaration, 1971.",
                "Region Commonwealth",
                "Date of Adoption January 22nd 1971",
                "Place of Adoption Singapore",
                "The Heads of Government met in Singapore and agreed on a set of ideals."
            ]
        );
    }

    #[test]
    fn a_heading_in_capitals_broken_over_lines_is_one_paragraph() {
        // Lines that go on (a comma or a hyphen at the end) are no record's fields; a word broken
        // with a hyphen is joined without a space.
        let text = "JOINT STATEMENT BY THE MINISTER\nOF FOREIGN AFFAIRS OF CHILE, AND THE\nMINISTER OF FOREIGN AFFAIRS OF PE-\nRU, ON MAY 7, 1974 AT LIMA\n\nThe two Ministers met.\n";
        assert_eq!(
            normalize(text).paragraph_texts(),
            [
                "JOINT STATEMENT BY THE MINISTER OF FOREIGN AFFAIRS OF CHILE, AND THE MINISTER OF \
                 FOREIGN AFFAIRS OF PE-RU, ON MAY 7, 1974 AT LIMA",
                "The two Ministers met."
            ]
        );
        // A dash after a space is no broken word.
        let text = "The Ministers met in Lima -\nPeru and Chile agreed.\n\nThey met again.\n";
        assert_eq!(
            normalize(text).paragraph_texts(),
            [
                "The Ministers met in Lima - Peru and Chile agreed.",
                "They met again."
            ]
        );
    }

    #[test]
    fn a_wiki_tagline_is_a_paragraph_of_its_own() {
        let text = "China Chile Communique\n\nFrom Wikisource\nJoint Communique of China and Chile (1970)\nGovernments of China and Chile\n\nThe two Governments agree.\n";
        assert_eq!(
            normalize(text).paragraph_texts(),
            [
                "China Chile Communique",
                "From Wikisource",
                "Joint Communique of China and Chile (1970) Governments of China and Chile",
                "The two Governments agree."
            ]
        );
    }

    #[test]
    fn a_text_on_one_line_is_cut_at_its_numbered_paragraphs() {
        let text = normalize(
            "Joint Communique on the Visit. Nairobi, March 3, 1979. 1. At the invitation of \
             the President, the Prime Minister came. 2. Talks were held. 3. Both sides agreed.",
        );
        assert_eq!(
            text.text,
            "Joint Communique on the Visit.\nNairobi, March 3, 1979.\n1. At the invitation of \
             the President, the Prime Minister came.\n2. Talks were held.\n3. Both sides agreed."
        );
        // Two numbers, or numbers out of order, are no run of paragraphs.
        for line in [
            "The Council met. 1. Members spoke. 2. They agreed.",
            "Nairobi, March 3, 1979. 1. Talks were held. 3. Both agreed. 2. Then they left.",
        ] {
            assert_eq!(normalize(line).text, line);
        }
    }
}
