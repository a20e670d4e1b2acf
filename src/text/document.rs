//! Documents and their structure: where one document ends and the next begins, and each
//! document's sections, subsections, paragraphs and sentences.
//!
//! A file may hold several documents. A new document begins (unless the user says a file is one
//! document) at:
//! - a paragraph that opens a new block of a printed page (see
//!   [`crate::text::normalize::Paragraph`]);
//! - a title block (one to three title lines, the last ending with a document kind such as
//!   `联合声明`) that follows body text;
//! - the first paragraph after a closing line (a date line such as `2019年7月23日于北京`, or a
//!   dateline such as `（新华社北京11月1日电）`) that is not itself a closing line.
//!
//! A news copy's dateline on the line above the title (`新华社北京11月1日电`), or its lead that
//! introduces the text there (`…11日在苏瓦发表联合公报。公报全文如下：`), left out of every document
//! with the page's header, is kept as the document's `lead_above`.
//!
//! Inside a document, a paragraph that starts with a section marker (`七、`) opens a section, one
//! with a subsection marker (`（三）`) a subsection; sentences end at `。！？` (with any closing
//! quotes) or at the end of their paragraph. The patterns are those of `ontology/patterns.tsv`.
//!
//! Cost: linear in the number of paragraphs and the length of the text.

use crate::lang::reference::Reference;
use crate::lang::rules::Patterns;
use crate::text::input::SourceText;
use crate::text::normalize::NormalizedText;
use crate::text::span::Span;
use serde::Serialize;
use std::ops::Range;
use std::sync::Arc;

/// How a file is divided into documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Split {
    /// Find document boundaries from the text.
    #[default]
    Detect,
    /// The whole file is one document.
    WholeFile,
}

/// The kind of a text part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PartKind {
    Section,
    Subsection,
    Paragraph,
    Sentence,
}

impl PartKind {
    /// The word used in IRIs and output.
    pub fn name(self) -> &'static str {
        match self {
            Self::Section => "section",
            Self::Subsection => "subsection",
            Self::Paragraph => "paragraph",
            Self::Sentence => "sentence",
        }
    }
}

/// A section, subsection, paragraph or sentence of a document.
#[derive(Debug, Clone, Serialize)]
pub struct Part {
    pub kind: PartKind,
    /// Position among the parts of the same kind in the document, from 1.
    pub ordinal: usize,
    /// The numbering marker as printed, for sections and subsections.
    pub marker: Option<String>,
    /// Byte range in the normalized text.
    #[serde(skip)]
    pub range: Range<usize>,
    pub span: Span,
    /// Index in [`Document::parts`] of the containing part; `None` for the document itself.
    pub parent: Option<usize>,
}

/// One document found in a source file.
#[derive(Debug, Clone)]
pub struct Document {
    /// The language it is read in; it chooses the extractors.
    pub language: crate::text::language::Language,
    /// Deterministic identifier: the source name without extension, percent-encoded, with `.docN`
    /// when the file holds several documents (see [`document_id`]).
    pub id: String,
    /// Position of the document in its file, from 1.
    pub ordinal: usize,
    /// How many documents the file holds.
    pub siblings: usize,
    pub source: Arc<SourceText>,
    pub normalized: Arc<NormalizedText>,
    /// Range of paragraph indices in `normalized.paragraphs`.
    pub paragraph_range: Range<usize>,
    /// Byte range in the normalized text.
    pub range: Range<usize>,
    pub span: Span,
    /// Number of leading paragraphs that form the title block.
    pub title_paragraphs: usize,
    /// Index in `normalized.paragraphs` of a news agency's dateline, or of a news lead that
    /// introduces the text (`layout.text-follows`), on the line right above the document that no
    /// document holds (`新华社北京11月1日电` over the title of a news copy).
    pub lead_above: Option<usize>,
    /// Sections, subsections, paragraphs and sentences, in text order (a part after its parent).
    pub parts: Vec<Part>,
}

impl Document {
    /// The normalized text of the document.
    pub fn text(&self) -> &str {
        &self.normalized.text[self.range.clone()]
    }

    /// The normalized text of a byte range.
    pub fn slice(&self, range: Range<usize>) -> &str {
        &self.normalized.text[range]
    }

    /// The normalized text of a byte range in the file's own characters, for storing: the same
    /// as [`Document::slice`] but for a file read through a conversion of characters
    /// ([`crate::lang::traditional`]).
    pub fn written(&self, range: Range<usize>) -> &str {
        &self.normalized.written()[range]
    }

    /// `text`, read from the byte range `within` of the normalized text (or from part of it), in
    /// the file's own characters: found in that range and taken from the written text; a text not
    /// found there (a name from the reference data) is returned as it is.
    pub fn written_text<'a>(
        &'a self,
        within: Range<usize>,
        text: &'a str,
    ) -> std::borrow::Cow<'a, str> {
        if !self.normalized.is_converted() {
            return std::borrow::Cow::Borrowed(text);
        }
        let window = self.slice(within.clone());
        match window.find(text) {
            Some(at) => std::borrow::Cow::Borrowed(
                self.written(within.start + at..within.start + at + text.len()),
            ),
            None => std::borrow::Cow::Borrowed(text),
        }
    }

    /// The text of the original file that a byte range of the normalized text came from (see
    /// [`NormalizedText::original`]).
    pub fn original(&self, range: Range<usize>) -> &str {
        self.normalized.original(&self.source.text, range)
    }

    /// The original span of a byte range of the normalized text.
    pub fn span_of(&self, range: Range<usize>) -> Span {
        self.normalized.span(range)
    }

    /// Parts of one kind.
    pub fn parts_of(&self, kind: PartKind) -> impl Iterator<Item = (usize, &Part)> {
        self.parts
            .iter()
            .enumerate()
            .filter(move |(_, part)| part.kind == kind)
    }

    /// The sentence (index into `parts`) that contains a byte offset of the normalized text.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        SentenceIndex::new(self).sentence_at(offset)
    }

    /// The byte range of the dateline or news lead right above the document
    /// ([`Document::lead_above`]), if any.
    pub fn lead_above_range(&self) -> Option<Range<usize>> {
        self.lead_above
            .map(|index| self.normalized.paragraphs[index].range.clone())
    }

    /// Paragraph ranges (byte ranges of the normalized text) of the document, in order.
    pub fn paragraphs(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.normalized.paragraphs[self.paragraph_range.clone()]
            .iter()
            .map(|paragraph| paragraph.range.clone())
    }
}

/// Splits a normalized source into documents and builds the structure of each.
pub fn split_documents(
    source: Arc<SourceText>,
    normalized: Arc<NormalizedText>,
    split: Split,
    patterns: &Patterns,
    reference: &Reference,
) -> Vec<Document> {
    let paragraphs = &normalized.paragraphs;
    if paragraphs.is_empty() {
        return Vec::new();
    }
    let texts = normalized.paragraph_texts();
    // The first line of the page that is not a site's furniture may be a title in `《》`.
    let furniture = patterns.get("layout.furniture");
    let first_text = texts.iter().position(|text| !furniture.is_match(text));
    let title_len: Vec<usize> = (0..texts.len())
        .map(|index| {
            title_block_length(
                &texts[index..],
                Some(index) == first_text,
                patterns,
                reference,
            )
        })
        .collect();
    let closing: Vec<bool> = texts
        .iter()
        .map(|text| is_closing_line(text, patterns))
        .collect();
    let mut boundaries = vec![0];
    if split == Split::Detect {
        let mut body_seen = false;
        // Whether the current document has text besides its title block and date lines, a
        // sentence at least: a date line closes only a document that has (a copy that repeats
        // its title, or gives its date twice, under it is one document).
        let mut text_seen = false;
        // Where the title block of the current document ends: a date line right under a title
        // dates the document and does not close it.
        let mut title_end = title_len[0];
        let author_line = patterns.get("metadata.author-line");
        let furniture_tail = patterns.get("layout.furniture-tail");
        for index in 0..texts.len() {
            let start = *boundaries.last().unwrap_or(&0);
            let under_title = index >= 1 && index - 1 == start + title_end && title_end > 0;
            // The title again under the date line right under it, a site's lines aside (a
            // wiki's heading, the date and place, `本作品收录于…`, the work's own title with its
            // edit link): the date line is the document's.
            let date_line = start + title_end;
            let title_again = title_end > 0
                && title_len[index] > 0
                && title_len[index] == title_len[start]
                && (date_line + 1..=date_line + 3).contains(&index)
                && closing[date_line]
                && (date_line + 1..index).all(|between| furniture.is_match(texts[between]))
                && (0..title_len[start]).all(|line| {
                    furniture_tail.replace(texts[index + line], "")
                        == furniture_tail.replace(texts[start + line], "")
                });
            if title_again {
                title_end += 1 + title_len[index];
                continue;
            }
            let is_boundary = index > start
                && (paragraphs[index].block_start
                    || (title_len[index] > 0 && body_seen)
                    || (closing[index - 1] && !closing[index] && !under_title && text_seen));
            if is_boundary {
                boundaries.push(index);
                body_seen = false;
                text_seen = false;
                title_end = title_len[index];
            }
            // A line right under the title that repeats it with what a wiki or catalogue adds
            // (`中缅两国总理联合声明 又名：… 1954年6月29日 |`) belongs to the title block.
            let start = *boundaries.last().unwrap_or(&0);
            let repeats_title = title_end == 1
                && index == start + 1
                && title_len[index] == 0
                && texts[index].len() > texts[start].len()
                && texts[index].starts_with(texts[start]);
            if repeats_title {
                title_end = 2;
                continue;
            }
            // The title again (a wiki's heading over the work's own), or the governments that
            // issued it (`metadata.author-line`), right under the title: the title's header, so
            // that a date line under them dates the document.
            let header = title_end > 0
                && index > start
                && index == start + title_end
                && ((title_len[index] == 1 && texts[index] == texts[index - 1])
                    || author_line.is_match(texts[index]));
            if header {
                title_end += 1;
                continue;
            }
            if title_len[index] == 0 {
                body_seen = true;
                // A line without Chinese (a translation beside each line, a blank), or without
                // the end of a sentence (a subtitle, a place line above the date line), is not
                // text that a date line could close.
                if !closing[index]
                    && texts[index]
                        .chars()
                        .any(crate::text::normalize::is_cjk_ideograph)
                    && texts[index]
                        .chars()
                        .any(crate::text::normalize::is_sentence_end)
                {
                    text_seen = true;
                }
            }
        }
    }
    boundaries.push(texts.len());
    // The paragraphs that are a site's closing notice (`layout.end-notice`).
    let end_notice = patterns.get("layout.end-notice");
    let notice: Vec<bool> = texts.iter().map(|text| end_notice.is_match(text)).collect();
    let segments: Vec<(usize, usize)> = without_furniture(
        &boundaries,
        &texts,
        &title_len,
        &notice,
        patterns,
        reference,
    )
    .into_iter()
    .map(|(first, mut last)| {
        // A closing notice (a licence, a copyright law quoted) ends the document, with
        // whatever a site put after it.
        if let Some(notice) = (first + 1..last).find(|&at| !closing[at] && notice[at]) {
            last = notice;
        }
        // Furniture after the end (a licence notice, a return link) is not the document's.
        while last > first + 1 && furniture.is_match(texts[last - 1]) && !closing[last - 1] {
            last -= 1;
        }
        (first, last)
    })
    .collect();
    let dateline = patterns.get("metadata.dateline");
    let text_follows = patterns.get("layout.text-follows");
    let held: Vec<Range<usize>> = segments.iter().map(|(first, last)| *first..*last).collect();
    let lead_above = |first: usize| {
        let above = first.checked_sub(1)?;
        let held = held.iter().any(|segment| segment.contains(&above));
        let lead = dateline.is_match(texts[above]) || text_follows.is_match(texts[above]);
        (!held && lead).then_some(above)
    };
    let stem = document_id(&source.file_name);
    let count = segments.len();
    segments
        .into_iter()
        .enumerate()
        .map(|(index, (first, last))| {
            let id = if count == 1 {
                stem.clone()
            } else {
                format!("{stem}.doc{}", index + 1)
            };
            let range = paragraphs[first].range.start..paragraphs[last - 1].range.end;
            let mut document = Document {
                language: crate::text::language::Language::Chinese,
                id,
                ordinal: index + 1,
                siblings: count,
                source: source.clone(),
                normalized: normalized.clone(),
                paragraph_range: first..last,
                span: normalized.span(range.clone()),
                range,
                title_paragraphs: title_len[first],
                lead_above: lead_above(first),
                parts: Vec::new(),
            };
            document.parts = build_parts(&document, patterns);
            document
        })
        .collect()
}

/// An English source as one document (English files are not split: a statement's wrapped lines
/// and numbered paragraphs never open a new one). The document starts at the first of its
/// opening paragraphs that reads as a title and `names_kind` (`Joint Statement`), leaving a
/// site's header before it out (and a site's shortened copy of the title, or a wiki's page name,
/// over the full title), or at the line in capitals above it when it is the kind alone
/// (`SADC EXTRAORDINARY SUMMIT` over `COMMUNIQUÉ`); else at the first paragraph. That paragraph is
/// its title when it
/// reads as one: under 300 characters, not opening in lower case, no full stop at its end (but
/// for one sentence in title case that names a kind), no comma, semicolon or colon there, and
/// words in it (not only digits and signs).
/// `patterns` are those of `ontology/en/patterns.tsv`.
pub fn english_document(
    source: Arc<SourceText>,
    normalized: Arc<NormalizedText>,
    patterns: &Patterns,
    names_kind: impl Fn(&str) -> bool,
) -> Vec<Document> {
    let paragraphs = &normalized.paragraphs;
    let residue = patterns.get("metadata.title-residue");
    let lead = patterns.get("layout.text-follows");
    let byline = patterns.get("layout.byline");
    let lead_title = patterns.get("metadata.lead-title");
    let lead_kind = patterns.get("metadata.lead-kind");
    let small_word = patterns.get("layout.title-small-word");
    let site_furniture = patterns.get("layout.site-furniture");
    let kind_tie = patterns.get("layout.title-kind-tie");
    let reads_as_title = |index: usize| {
        let title = normalized.paragraph_text(&paragraphs[index]).trim();
        // A site's line (`Skip to main content`, `Page:… .djvu/767`) is no title.
        if site_furniture.is_match(title) {
            return false;
        }
        // A wiki's work header run on after the title is not counted (`… (1978) 2629Treaty …`).
        let title = residue
            .find(title)
            .map_or(title, |found| &title[..found.start()]);
        // A repost may end a title with a full stop: one that names a kind, in one sentence,
        // three in four of whose words other than the small ones are capitalized (not `Have
        // decided to establish … of this Joint Communique.`), or one in sentence case that
        // opens with its kind and ties it to what follows (`layout.title-kind-tie`: `Joint
        // communiqué issued at the end of the visit of … to India.`).
        let sentence_case = |title: &str| {
            // Where the first five words start.
            let starts: Vec<usize> = title
                .char_indices()
                .filter(|&(at, c)| {
                    !c.is_whitespace() && (at == 0 || title[..at].ends_with(char::is_whitespace))
                })
                .map(|(at, _)| at)
                .take(5)
                .collect();
            // The kind ends right before the tie (not `Agreement was reached on …`).
            starts.windows(2).any(|pair| {
                let tie = title[pair[1]..].split_whitespace().next().unwrap_or("");
                kind_tie.is_match(tie)
                    && names_kind(title[..pair[1]].trim_end())
                    && !names_kind(title[..pair[0]].trim_end())
            })
        };
        let stop_allowed = |title: &str| {
            let words: Vec<&str> = title
                .split_whitespace()
                .filter(|word| !small_word.is_match(word))
                .collect();
            let lower = words
                .iter()
                .filter(|word| word.starts_with(|c: char| c.is_lowercase()))
                .count();
            title.ends_with('.')
                && !title.contains(". ")
                && names_kind(title)
                && (lower * 4 <= words.len() || sentence_case(title))
        };
        title.chars().count() <= 300
            && (!title.ends_with('.') || stop_allowed(title))
            // A paragraph that ends with a comma or a semicolon goes on in the next (`The
            // Government of … and the Government of …,` over the preamble, or a clause of it:
            // `Committed to the principles … of the Charter of the United Nations;`).
            && !title.ends_with([',', ';'])
            // One that ends with a colon opens what follows (`The Prime Ministers of … :-`).
            && !title.trim_end_matches('-').ends_with(':')
            && title.chars().next().is_some_and(|c| !c.is_lowercase())
            // A line of digits and signs (a posting time, `2009/09/01 | 00:28`) is no title.
            && title.chars().filter(|c| c.is_alphabetic()).count() >= 3
            // A news lead that introduces the text following it is no title.
            && !lead.is_match(title)
            && !lead_title.is_match(title)
            && !lead_kind.is_match(title)
            // A news page's byline (`By Dr. Jane Doe, …`) is no title.
            && !byline.is_match(title)
    };
    // A copy may carry a site's header or a news lead before the title (`Category Archives: …`):
    // the first of the opening paragraphs that reads as a title and names a kind starts the
    // document.
    let text = |index: usize| normalized.paragraph_text(&paragraphs[index]).trim();
    let titled = |index: usize| reads_as_title(index) && names_kind(text(index));
    let search = paragraphs.len().min(ENGLISH_TITLE_SEARCH);
    // A page of a record's fields (`Release Date:` / `07/06/1973` / `Transcript ID:` / …) may
    // hold more of them before its title: the search goes on while every line above is short.
    let field = |index: usize| {
        let line = text(index);
        line.chars().count() <= ENGLISH_FIELD_WIDTH && !line.ends_with('.')
    };
    let first_titled = (0..search).find(|&index| titled(index)).or_else(|| {
        (0..search).all(field).then_some(())?;
        (search..paragraphs.len().min(ENGLISH_FIELDS_SEARCH))
            .take_while(|&index| field(index - 1))
            .find(|&index| titled(index))
    });
    // That title may be the site's shortened copy of one that follows in full (`Joint Communique
    // on the Establishment of Diplomatic Relations |` over `… between the People's Republic of
    // China and the United States of America`), or a wiki's page name over its tagline
    // (`layout.site-tagline`: `From Wikisource`) and the work's own title.
    let bare = |index: usize| {
        text(index)
            .trim_end_matches(|c: char| c == '|' || c.is_whitespace())
            .to_lowercase()
    };
    let tagline = patterns.get("layout.site-tagline");
    let fuller = first_titled.and_then(|first| {
        (first + 1..search).find(|&later| {
            titled(later)
                && ((bare(later).starts_with(&bare(first))
                    && bare(later).len() > bare(first).len())
                    || (first + 1..later).any(|between| tagline.is_match(text(between))))
        })
    });
    // Where no title names a kind, the document starts at the first line that is not a site's.
    let first_text = || (0..search).find(|&index| !site_furniture.is_match(text(index)));
    let mut start = fuller.or(first_titled).or_else(first_text).unwrap_or(0);
    // A heading in capitals whose last line is the kind alone (`SADC EXTRAORDINARY SUMMIT` over
    // `COMMUNIQUÉ`): its first line starts the document.
    let capitals =
        |line: &str| line.chars().any(char::is_alphabetic) && !line.chars().any(char::is_lowercase);
    let heading_above = start > 0
        && first_titled == Some(start)
        && capitals(text(start))
        && text(start).split_whitespace().count() <= 3
        && capitals(text(start - 1))
        && text(start - 1).split_whitespace().count() <= 12
        && reads_as_title(start - 1)
        // On the line right above, no blank line between (a header stands apart).
        && {
            let both = paragraphs[start - 1].range.start..paragraphs[start].range.end;
            let written = normalized.original(&source.text, both);
            written.lines().filter(|line| line.trim().is_empty()).count() == 0
        };
    if heading_above {
        start -= 1;
    }
    let (Some(first), Some(last)) = (paragraphs.get(start), paragraphs.last()) else {
        return Vec::new();
    };
    let range = first.range.start..last.range.end;
    let mut document = Document {
        language: crate::text::language::Language::English,
        id: document_id(&source.file_name),
        ordinal: 1,
        siblings: 1,
        source: source.clone(),
        normalized: normalized.clone(),
        paragraph_range: start..paragraphs.len(),
        span: normalized.span(range.clone()),
        range,
        title_paragraphs: 0,
        lead_above: None,
        parts: Vec::new(),
    };
    document.title_paragraphs = usize::from(reads_as_title(start));
    // A heading broken over two lines: the second is short, and opens with a small letter (`… of
    // President Tito` over `to India.`) or follows a first line that ends with a small word
    // (`DECLARATION OF PRINCIPLES ON` over `INTERIM SELF-GOVERNMENT ARRANGEMENTS`).
    let broken = patterns.get("layout.title-broken");
    let continues = |index: usize| {
        paragraphs.get(index).is_some_and(|_| {
            let line = text(index);
            (line.chars().next().is_some_and(char::is_lowercase) || broken.is_match(text(start)))
                && line.split_whitespace().count() <= 8
                && line.chars().count() <= 80
                && !line.trim_end_matches('.').contains(['.', ';', ':'])
        })
    };
    if document.title_paragraphs == 1 && (heading_above || continues(start + 1)) {
        document.title_paragraphs = 2;
    }
    // A heading in capitals broken over more lines (`JOINT` / `COMMUNIQUE` / `OF` / `THE …
    // MEETING`): a line in capitals that opens with a small word, or follows one that ends with
    // one, goes on.
    while (2..MAX_ENGLISH_TITLE_LINES).contains(&document.title_paragraphs) {
        let next = start + document.title_paragraphs;
        if next >= paragraphs.len() {
            break;
        }
        let (previous, line) = (text(next - 1), text(next));
        let first_word = line.split_whitespace().next().unwrap_or("");
        let goes_on = capitals(previous)
            && capitals(line)
            && line.split_whitespace().count() <= 12
            && (small_word.is_match(first_word) || broken.is_match(previous));
        if !goes_on {
            break;
        }
        document.title_paragraphs += 1;
    }
    document.parts = build_parts(&document, patterns);
    vec![document]
}

/// How many lines an English heading in capitals may be broken over.
const MAX_ENGLISH_TITLE_LINES: usize = 6;

/// How many opening paragraphs of an English file may hold page furniture before the title.
const ENGLISH_TITLE_SEARCH: usize = 8;

/// How many opening paragraphs may hold a record's fields before the title, where they are all
/// short lines ([`ENGLISH_FIELD_WIDTH`] characters at most, no full stop at their end).
const ENGLISH_FIELDS_SEARCH: usize = 24;

/// The longest line of a record's field before a title.
const ENGLISH_FIELD_WIDTH: usize = 60;

/// The segments (first and end paragraph) between `boundaries` that are documents rather than page
/// furniture. Copies saved from the web carry a site header, a `发布时间：… 来源：…` line, a news lead or
/// an editor's tag `【编辑：…】` before the title or after the end. A segment is furniture when every
/// paragraph of it matches `layout.furniture`, when it opens with a closing notice
/// (`layout.end-notice`, a licence after the closing line) or has no title and comes after a
/// segment that holds one, when it has no title, is short (at most eight paragraphs and 300
/// characters, none over 120) and another segment of the file has a title, or when it is a header:
/// a title over at most eight short lines without a sentence end (a site's line, a catalogue
/// record's fields), before another title, or a news lead that ends by introducing the text
/// (`layout.text-follows`: `…全文如下：`) before another title, or a newspaper's headline over a digest
/// or a lead that names the kind, in one paragraph, before a title of the same kind (`…联合公报` /
/// `双方…。——双方…。` / `新华社十九日讯 …联合公报`), or when it is the file's last, after another, and has no line
/// with a comma or a full stop under its title (the head of a next document the page cuts off). A
/// file of furniture alone keeps its segments.
fn without_furniture(
    boundaries: &[usize],
    texts: &[&str],
    title_len: &[usize],
    notice: &[bool],
    patterns: &Patterns,
    reference: &Reference,
) -> Vec<(usize, usize)> {
    let furniture = patterns.get("layout.furniture");
    let text_follows = patterns.get("layout.text-follows");
    let segments: Vec<(usize, usize)> = boundaries.windows(2).map(|w| (w[0], w[1])).collect();
    let any_title = segments.iter().any(|(first, _)| title_len[*first] > 0);
    // A closing notice (a licence, a note of where the text was printed) ends the document: an
    // untitled segment after it is the site's too.
    let first_notice = segments
        .iter()
        .position(|(first, last)| notice[*first..*last].contains(&true));
    let kept: Vec<(usize, usize)> = segments
        .iter()
        .copied()
        .enumerate()
        .filter(|(index, (first, _))| {
            !(first_notice.is_some_and(|notice| *index > notice) && title_len[*first] == 0)
        })
        .map(|(_, segment)| segment)
        .filter(|(first, last)| {
            let paragraphs = &texts[*first..*last];
            let all_furniture = paragraphs.iter().all(|text| furniture.is_match(text));
            let chars: Vec<usize> = paragraphs.iter().map(|t| t.chars().count()).collect();
            let short = paragraphs.len() <= 8
                && chars.iter().sum::<usize>() <= 300
                && chars.iter().all(|c| *c <= 120);
            // Short text without a title: a site's header or footer where some segment is titled,
            // and else a footer after the document (`《 人民日报 》( 2023年03月27日 03 版)` and a
            // site's notice after the news agency's closing line).
            let untitled_short =
                title_len[*first] == 0 && short && (any_title || *first > segments[0].0);
            let opens_with_notice = notice[*first];
            // A site header or a catalogue record that repeats the title above the document
            // (`title` / `来源：…` / `title` / body; `title` / `唯一号：…` / `颗粒名称：title` /
            // body): a title with nothing but short lines after it, before another title.
            let body = &paragraphs[title_len[*first].min(paragraphs.len())..];
            let next_titled = segments
                .iter()
                .any(|(next, _)| next == last && title_len[*next] > 0);
            let header = title_len[*first] > 0
                && next_titled
                && body.len() <= 8
                && body.iter().all(|text| {
                    text.chars().count() <= 60
                        && !text.chars().any(crate::text::normalize::is_sentence_end)
                });
            // A news lead that introduces the text below it (`…全文如下：`), before its title.
            let lead = next_titled
                && paragraphs
                    .last()
                    .is_some_and(|text| text_follows.is_match(text));
            // A summary that names the title below it in 《》, or a newspaper's headline over
            // a digest in one paragraph, above the text's own title of the same kind.
            let next_title = if next_titled {
                &texts[*last..*last + title_len[*last]]
            } else {
                &[][..]
            };
            let kind_of = |title: &[&str]| {
                title.last().and_then(|line| {
                    reference.kind_of_title(&bare_title(line, patterns, reference))
                })
            };
            // The digest may be a news lead of one sentence that names the kind (`…签署了联合声
            // 明。`).
            let headline = next_titled
                && body.len() == 1
                && title_len[*first] > 0
                && kind_of(&paragraphs[..title_len[*first]]).is_some_and(|kind| {
                    kind_of(next_title).is_some_and(|next_kind| next_kind.iri == kind.iri)
                        && (is_introduction_length(body) || body[0].contains(&kind.label_zh))
                });
            // A note over the text that names it in full (a wiki's note of the decision that
            // ratified the treaty below: `…决定批准中华人民共和国和缅甸联邦边界条约。`).
            let note = next_titled
                && body.len() <= MAX_NOTE_PARAGRAPHS
                && next_title.last().is_some_and(|title| {
                    let title = bare_title(title, patterns, reference);
                    title.chars().count() >= MIN_NOTED_TITLE
                        && body.iter().any(|text| text.contains(title.as_str()))
                });
            let introduction = next_titled && (headline || note || introduces(body, next_title));
            // An untitled header right before a titled segment, without a sentence in Chinese
            // or English (a post's English title with its author and date lines).
            let untitled_header = title_len[*first] == 0
                && next_titled
                && paragraphs.len() <= 8
                && chars.iter().sum::<usize>() <= MAX_HEADER_CHARS
                && !paragraphs.iter().any(|text| {
                    text.contains(['。', '！', '？'])
                        || text.contains(". ")
                        || text.trim_end().ends_with('.')
                });
            // The head of a next document the page cuts off (its title, a date line and a
            // character or two): the last segment, after another, with no prose (no line with a
            // comma or a full stop) under its title.
            let cut_off = *last == texts.len()
                && segments.len() > 1
                && title_len[*first] > 0
                && !body.iter().any(|text| text.contains(['，', '。']));
            !(all_furniture
                || opens_with_notice
                || untitled_short
                || header
                || lead
                || introduction
                || untitled_header
                || cut_off)
        })
        .collect();
    if kept.is_empty() {
        segments
    } else {
        kept
    }
}

/// Whether a segment's text besides its title (`body`) only introduces the document whose title
/// block follows (`next_title`): an introduction of [`MIN_INTRODUCTION`] to
/// [`MAX_INTRODUCTION`] ideographs that names that title in 《》 (a summary over `声明全文` and
/// the statement). It is left out, as a site's header is. Cost: linear in the text's length.
fn introduces(body: &[&str], next_title: &[&str]) -> bool {
    if !is_introduction_length(body) {
        return false;
    }
    let Some(title) = next_title.last().map(|line| line.trim()) else {
        return false;
    };
    body.iter().any(|text| {
        text.split('《')
            .skip(1)
            .filter_map(|quoted| quoted.split_once('》'))
            .any(|(name, _)| name.chars().count() >= 4 && title.ends_with(name.trim()))
    })
}

/// The most characters of an untitled header before a title.
const MAX_HEADER_CHARS: usize = 400;

/// The most paragraphs of a note over a text that names it in full.
const MAX_NOTE_PARAGRAPHS: usize = 3;

/// The fewest characters of a title that a note over its text names in full.
const MIN_NOTED_TITLE: usize = 8;

/// Whether `body` holds [`MIN_INTRODUCTION`] to [`MAX_INTRODUCTION`] ideographs: as long as an
/// introduction or a digest.
fn is_introduction_length(body: &[&str]) -> bool {
    let ideographs = body
        .iter()
        .flat_map(|text| text.chars())
        .filter(|&c| crate::text::normalize::is_cjk_ideograph(c))
        .count();
    (MIN_INTRODUCTION..MAX_INTRODUCTION).contains(&ideographs)
}

/// The fewest ideographs of text that may introduce the document whose title it names.
const MIN_INTRODUCTION: usize = 80;

/// The most ideographs of text that may introduce the document whose title it names.
const MAX_INTRODUCTION: usize = 800;

/// Number of paragraphs at the start of `texts` that form a title block (0 when there is none):
/// one to three title lines, the last ending with a document kind; a record's field
/// (`layout.record-field`: `【所属类别】中外条约`) is none, but for the one that names the title
/// (`metadata.title-label`: `[文件名称] …`), and a numbered section's heading (`structure.section`:
/// `一、…和主要原则`) is none. A line that is a title in `《》` alone is a title block only on the
/// `first` line of a page, as a catalogue or a collection heads its copy
/// (`《中蒙友好合作关系条约》（1994年4月29日）`); further down it is an item of a list.
pub fn title_block_length(
    texts: &[&str],
    first: bool,
    patterns: &Patterns,
    reference: &Reference,
) -> usize {
    let title_line = patterns.get("metadata.title-line");
    let furniture = patterns.get("layout.furniture");
    let not_head = patterns.get("metadata.not-title-head");
    let label = patterns.get("metadata.title-label");
    let kind_field = patterns.get("metadata.kind-field");
    let field = patterns.get("layout.record-field");
    let section = patterns.get("structure.section");
    for length in 1..=3.min(texts.len()) {
        let text = texts[length - 1];
        // A record's field is no title line, but for the one that names the title; nor is a
        // numbered section's heading (`一、上合组织的建立、发展建设和主要原则`).
        if !title_line.is_match(text)
            || (text.trim_start().starts_with('《') && !(first && length == 1))
            || section.is_match(text)
            || is_closing_line(text, patterns)
            || furniture.is_match(text)
            || kind_field.is_match(text)
            || (field.is_match(text) && !label.is_match(text))
        {
            return 0;
        }
        // A title runs on from this line only where it reads as the head of one, and it starts
        // where a record's field names it (`[文件名称] …`).
        if length > 1 && (not_head.is_match(texts[length - 2]) || label.is_match(text)) {
            return 0;
        }
        if reference
            .kind_of_title(&bare_title(text, patterns, reference))
            .is_some()
        {
            return length;
        }
    }
    0
}

/// A title without what a copy adds around it: a space between two ideographs, a list number, a
/// bullet or a link before it, the `《》` around a title alone on its line
/// (`metadata.title-prefix`), `（全文）` or a filing date after it (`metadata.title-suffix`), and,
/// where the rest ends with a kind, a page's column, label, site line or dateline before it
/// (`metadata.title-furniture`) and a site's name after a space (`metadata.title-site-tag`).
pub fn bare_title(title: &str, patterns: &Patterns, reference: &Reference) -> String {
    let title = patterns.get("metadata.title-prefix").replace(title, "");
    let mut title = patterns
        .get("metadata.title-suffix")
        .replace(&title, "")
        .into_owned();
    // A title set in `《》` alone on its line: the brackets are not part of it.
    if let Some(inside) = title
        .trim()
        .strip_prefix('《')
        .and_then(|rest| rest.strip_suffix('》'))
        .filter(|inside| !inside.contains(['《', '》']))
    {
        title = inside.to_owned();
    }
    let without_furniture = patterns.get("metadata.title-furniture").replace(&title, "");
    if without_furniture.len() < title.len()
        && reference.kind_of_title(&without_furniture).is_some()
    {
        title = without_furniture.into_owned();
    }
    if reference.kind_of_title(&title).is_none() {
        let without_tag = patterns.get("metadata.title-site-tag").replace(&title, "");
        if reference.kind_of_title(&without_tag).is_some() {
            return without_inner_spaces(&without_tag);
        }
    }
    without_inner_spaces(&title)
}

/// `title` without a space that a copy put between two ideographs (`…人民共和国 政府关于…`).
fn without_inner_spaces(title: &str) -> String {
    crate::text::normalize::replace_between_ideographs(title, ' ', None)
}

/// True when the paragraph is a closing date line or a dateline.
pub fn is_closing_line(text: &str, patterns: &Patterns) -> bool {
    patterns.get("metadata.closing-date").is_match(text)
        || patterns.get("metadata.dateline").is_match(text)
}

fn build_parts(document: &Document, patterns: &Patterns) -> Vec<Part> {
    let section = patterns.get("structure.section");
    let subsection = patterns.get("structure.subsection");
    let sentence_end = patterns.get("structure.sentence-end");
    let not_sentence_end = patterns.find("structure.not-sentence-end");
    let mut parts: Vec<Part> = Vec::new();
    let mut counters = [0usize; 4];
    let mut next = |kind: PartKind| {
        let slot = &mut counters[kind as usize];
        *slot += 1;
        *slot
    };
    let mut current_section: Option<usize> = None;
    let mut current_subsection: Option<usize> = None;
    let paragraph_ranges: Vec<Range<usize>> = document.paragraphs().collect();
    for range in paragraph_ranges {
        let text = document.slice(range.clone());
        // Where the marker of a section or subsection opening this paragraph ends (`1.`): the
        // first sentence starts after it, and its stop ends no sentence.
        let mut marker_end = 0;
        if let Some(found) = section.captures(text) {
            marker_end = found.name("marker").map_or(0, |m| m.end());
            let span = document.span_of(range.clone());
            parts.push(Part {
                kind: PartKind::Section,
                ordinal: next(PartKind::Section),
                marker: found.name("marker").map(|m| m.as_str().to_owned()),
                range: range.clone(),
                span,
                parent: None,
            });
            current_section = Some(parts.len() - 1);
            current_subsection = None;
        } else if let Some(found) = subsection.captures(text) {
            marker_end = found.name("marker").map_or(0, |m| m.end());
            parts.push(Part {
                kind: PartKind::Subsection,
                ordinal: next(PartKind::Subsection),
                marker: found.name("marker").map(|m| m.as_str().to_owned()),
                range: range.clone(),
                span: document.span_of(range.clone()),
                parent: current_section,
            });
            current_subsection = Some(parts.len() - 1);
        }
        let container = current_subsection.or(current_section);
        // A section or subsection extends to the end of its last paragraph.
        for open in [current_section, current_subsection].into_iter().flatten() {
            parts[open].range.end = range.end;
            parts[open].span = document.span_of(parts[open].range.clone());
        }
        parts.push(Part {
            kind: PartKind::Paragraph,
            ordinal: next(PartKind::Paragraph),
            marker: None,
            range: range.clone(),
            span: document.span_of(range.clone()),
            parent: container,
        });
        let paragraph = parts.len() - 1;
        let mut start = range.start + marker_end;
        let mut sentence_ranges = Vec::new();
        for found in sentence_end.find_iter(text) {
            if found.start() < marker_end {
                continue;
            }
            if let Some(not_end) = not_sentence_end {
                // The word before the stop (`Mr.`, `U.S.`): a few characters are enough.
                let mut from = found.start().saturating_sub(12);
                while !text.is_char_boundary(from) {
                    from -= 1;
                }
                let stop = found.start()
                    + text[found.start()..]
                        .chars()
                        .next()
                        .map_or(1, char::len_utf8);
                if not_end.is_match(&text[from..stop]) {
                    continue;
                }
            }
            let end = range.start + found.end();
            sentence_ranges.push(start..end);
            start = end;
        }
        if start < range.end {
            sentence_ranges.push(start..range.end);
        }
        for sentence in sentence_ranges {
            let trimmed = trim_range(document.slice(sentence.clone()), sentence);
            if trimmed.is_empty() {
                continue;
            }
            parts.push(Part {
                kind: PartKind::Sentence,
                ordinal: next(PartKind::Sentence),
                marker: None,
                span: document.span_of(trimmed.clone()),
                range: trimmed,
                parent: Some(paragraph),
            });
        }
    }
    parts
}

fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let leading = text.len() - text.trim_start().len();
    let trailing = text.len() - text.trim_end().len();
    (range.start + leading)..(range.end - trailing).max(range.start + leading)
}

/// The ID of a source's documents: its source name ([`crate::text::input::InputFile::name`])
/// without the last extension, written for an IRI path. Letters and digits of any script and `-`,
/// `_`, `.`, `~`, `+` are kept, `/` between folders too; every other character is percent-encoded
/// (`a b` → `a%20b`, `%` → `%25`). The encoding is one-to-one, so two names differing anywhere but
/// in their extension give two IDs (a file split into several documents adds `.docN` to each).
pub fn document_id(name: &str) -> String {
    let (folders, file) = name.rsplit_once('/').unwrap_or(("", name));
    let stem = match file.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => file,
    };
    let segments = folders.split('/').filter(|folder| !folder.is_empty());
    let mut id = String::with_capacity(name.len());
    for segment in segments.chain([stem]) {
        if !id.is_empty() {
            id.push('/');
        }
        if segment == "." || segment == ".." {
            // Not a step of its own in the IRI's path.
            id.push_str(&segment.replace('.', "%2E"));
            continue;
        }
        for c in segment.chars() {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '+') {
                id.push(c);
            } else {
                let mut buffer = [0; 4];
                for byte in c.encode_utf8(&mut buffer).bytes() {
                    id.push_str(&format!("%{byte:02X}"));
                }
            }
        }
    }
    id
}

/// The sentences of a document in text order, to find the one holding an offset by binary search
/// (a document's records are many; reading every sentence for each would be quadratic).
pub struct SentenceIndex {
    /// (byte range, index in [`Document::parts`]), in text order.
    sentences: Vec<(Range<usize>, usize)>,
}

impl SentenceIndex {
    pub fn new(document: &Document) -> Self {
        Self {
            sentences: document
                .parts_of(PartKind::Sentence)
                .map(|(index, part)| (part.range.clone(), index))
                .collect(),
        }
    }

    /// The index in [`Document::parts`] of the sentence that holds a byte offset.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let after = self
            .sentences
            .partition_point(|(range, _)| range.start <= offset);
        let (range, index) = self.sentences.get(after.checked_sub(1)?)?;
        (offset < range.end.max(range.start + 1)).then_some(*index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::mapping::{Iris, DEFAULT_BASE};
    use crate::map::pipeline::{DataFiles, Pipeline};

    const PRINTED: &str = include_str!(
        "../../samples/zh/2022-11_china-vietnam-joint-statement+sco-heads-of-government-communique.pdf-text.zh.txt"
    );
    const WEB: &str = include_str!(
        "../../samples/zh/2019-07-23_china-uae-comprehensive-strategic-partnership-joint-statement.zh.txt"
    );

    fn pipeline() -> Pipeline {
        Pipeline::load(&DataFiles::embedded(), Iris::new(DEFAULT_BASE).unwrap()).unwrap()
    }

    fn documents(file_name: &str, text: &str, split: Split) -> Vec<Document> {
        let source = SourceText {
            path: file_name.into(),
            file_name: file_name.to_owned(),
            text: text.to_owned(),
            encoding: "UTF-8",
            format: crate::text::input::SourceFormat::Text,
        };
        pipeline().documents(source, split)
    }

    #[test]
    fn a_copy_that_repeats_its_title_or_date_is_one_document() {
        // A site's header repeats the title, and the date stands under both.
        let repeated = "中华人民共和国和某国关于恢复外交关系的联合公报\n\n\
            中华人民共和国和某国关于恢复外交关系的联合公报\n2016年12月26日于北京\n\n\
            两国政府决定即日起恢复大使级外交关系。\n双方同意互派大使。\n\n\
            二〇一六年十二月二十六日于北京\n";
        assert_eq!(documents("copy.zh.txt", repeated, Split::Detect).len(), 1);
        // A news copy: the agency's dateline, the title, its date in parentheses, and a tag line
        // after the end.
        let news = "新华社北京12月21日电\n中澳外交与战略对话成果联合声明\n（2022年12月21日）\n\
            双方同意保持高层交往。\n双方同意支持两国人文交流。\n标签：双方同意 联合声明\n";
        assert_eq!(documents("news.zh.txt", news, Split::Detect).len(), 1);
        // A wiki's copy: the title over itself, the states that issued it and the date line,
        // and the text, which refers to itself by its kind on a line of its own.
        let wiki = "甲国和乙国和平友好条约\n\n甲国和乙国和平友好条约\n甲国、乙国\n\
            1960年4月28日于加德满都\n\n第一条\n缔约双方同意保持和平友好。\n第二条\n本条约\n\
            自互换批准书之日起生效。\n";
        let found = documents("wiki.zh.txt", wiki, Split::Detect);
        assert_eq!(found.len(), 1);
        assert!(found[0].text().ends_with("自互换批准书之日起生效。"));
        // A subtitle and a place line over the date line are no text that it closes.
        let subtitle = "甲乙峰会宣言（全文）\n发布时间：2024-12-15 16:43:54\n\
            甲乙峰会宣言——加强多边主义,促进共同发展\n乙国某城\n2024年10月23日\n\
            1.我们，甲乙两国领导人，举行峰会。\n2.我们同意加强合作。\n";
        assert_eq!(
            documents("subtitle.zh.txt", subtitle, Split::Detect).len(),
            1
        );
        // A newspaper's edition line and a site's notice after the agency's closing line of an
        // untitled copy are no document.
        let footer = "甲国和乙国决定自即日起建立大使级外交关系。\n双方同意互派大使。\n\
            （新华社北京3月26日电）\n《 人民日报 》( 2023年03月27日 03 版)\n\
            某某新闻：某地重点新闻网站。\n";
        let found = documents("footer.zh.txt", footer, Split::Detect);
        assert_eq!(found.len(), 1);
        assert!(!found[0].text().contains("人民日报"));
        // Two documents, each with its text, are still two.
        let two = "甲国和乙国联合公报\n双方决定建立外交关系。\n1972年5月16日于北京\n\
            丙国和丁国联合公报\n双方决定互派大使。\n1972年5月18日于北京\n";
        assert_eq!(documents("two.zh.txt", two, Split::Detect).len(), 2);
    }

    #[test]
    fn an_introduction_that_names_the_title_below_is_left_out() {
        // A summary that names the title below it in 《》, over a label and that title.
        let summary = "甲乙战略关系简介\n\
            甲国总统和乙国总理2008年5月7日在乙国首都签署了《甲国和乙国关于全面推进战略关系的联合声明》。\
            双方在其中宣布长期和平友好合作是双方唯一选择，决心全面推进战略关系，实现和平共处、\
            世代友好、互利合作、共同发展的目标。\n\
            声明全文\n甲国和乙国关于全面推进战略关系的联合声明\n\
            应乙国政府邀请，甲国总统于2008年5月6日至10日对乙国进行国事访问。\n\
            双方一致认为，两国关系对两国都是最重要的双边关系之一。\n";
        let found = documents("summary.zh.txt", summary, Split::Detect);
        assert_eq!(found.len(), 1);
        assert!(found[0]
            .text()
            .starts_with("甲国和乙国关于全面推进战略关系的联合声明"));
        assert_eq!(found[0].id, "summary.zh");
        // A document with text of its own that names no later title is one of two.
        let two = "甲国和乙国联合声明\n\
            双方同意加强在经贸、投资、能源、基础设施、科技、教育、文化、卫生、旅游和地方等领域的\
            交流与合作，推动两国关系不断向前发展，更好造福两国人民。双方同意保持高层交往，\
            加强政府、立法机构和政党间交流，深化治国理政经验交流。\n\
            丙国和丁国联合公报\n双方决定互派大使。\n";
        assert_eq!(documents("two.zh.txt", two, Split::Detect).len(), 2);
    }

    #[test]
    fn a_site_s_tail_and_a_cut_off_next_document_are_left_out() {
        // An editor's note of where the text was printed, and after it a site's credit line and
        // disclaimer (`免责声明` reads like a title of kind 声明).
        let noted = "甲国政府致乙国政府的照会\n\
            甲国政府决定与乙国建立外交关系，并互派大使。\n\
            甲国外交部副部长\n1949年10月2日\n\
            根据1949年10月4日《人民日报》刊印。\n\
            （有手稿）\n某某网上传\n免责声明\n\
            本网站转载的所有的文章、图片、音频、视频文件等资料，均出于为公众传播有益资讯信息之目的，\
            其版权归版权所有人所有，若作者认为其作品不宜上网，请及时通知我们。\n\
            主办单位：某某公司 备案号：某ICP备1号\n";
        let found = documents("noted.zh.txt", noted, Split::Detect);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, "noted.zh");
        assert!(!found[0].text().contains("免责声明"));
        // The title of the next document, its date line and a character: the page cut it off.
        let cut = "甲国和乙国建交联合公报\n\
            甲国政府和乙国政府决定自1972年6月27日起建立大使级外交关系。\n\
            1972年6月27日于伦敦\n\
            甲国外交部和乙国外交部官员会晤制度议定书\n\
            （签订日期1990年4月11日、生效日期1990年4月11日）\n中\n";
        let found = documents("cut.zh.txt", cut, Split::Detect);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, "cut.zh");
        // A next document with a sentence of its own is one of two.
        let two = "甲国和乙国建交联合公报\n\
            甲国政府和乙国政府决定自1972年6月27日起建立大使级外交关系。\n\
            1972年6月27日于伦敦\n\
            甲国外交部和乙国外交部官员会晤制度议定书\n\
            双方同意定期会晤。\n";
        assert_eq!(documents("two.zh.txt", two, Split::Detect).len(), 2);
    }

    #[test]
    fn a_note_naming_the_text_and_a_post_s_header_are_left_out() {
        // A wiki's header, the next work's title, and a note of the decision that ratified the
        // treaty below, naming it in full.
        let wiki = "甲国和乙国边界条约\n\
            甲国主席、乙国总统\n1960年10月1日\n\
            甲国政府和乙国政府关于两国边界的议定书\n\
            全国人民代表大会常务委员会关于批准甲国和乙国边界条约的决议（1960年12月14日通过）\n\
            第二届全国人民代表大会常务委员会第三十三次会议决定批准甲国和乙国边界条约。\n\
            甲国和乙国边界条约\n\
            甲国主席和乙国总统，一致认为，两国间久悬未决的边界问题，是历史上遗留下来的问题。\n\
            第一条 双方同意按照本条约的规定划定边界。\n";
        let found = documents("wiki.zh.txt", wiki, Split::Detect);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, "wiki.zh");
        assert!(found[0]
            .text()
            .starts_with("甲国和乙国边界条约\n甲国主席和乙国总统"));
        // A post's English title, author and date lines over the Chinese title and text.
        let post = "Joint Statement of the Republic of A and the Republic of B on Establishing a \
            Comprehensive Strategic Partnership (Full Text) (2023-05-26)\n\
            某某\n某某大学\n时间：2023-05-28 语向：中-英\n\
            • 甲国和乙国关于建立全面战略合作伙伴关系的联合声明（全文）\n\
            • 应甲国主席邀请，乙国总统于2023年5月24日至29日对甲国进行国事访问。\n";
        let found = documents("post.zh.txt", post, Split::Detect);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, "post.zh");
        // An untitled text with sentences of its own, over a titled one, stays.
        let line =
            "双方同意深化在经贸、投资、能源、基础设施、科技、教育、文化、卫生、旅游和地方等领域的\
            交流与合作，推动两国关系不断向前发展，更好造福两国人民，并就共同关心的国际和地区问题\
            深入交换意见，一致同意加强在联合国等多边机制中的沟通与协调，共同维护多边主义和国际\
            公平正义，促进世界和平、稳定与发展。";
        let two = format!("{line}\n{line}\n甲国和乙国联合声明\n双方同意互派大使。\n");
        assert_eq!(documents("two.zh.txt", &two, Split::Detect).len(), 2);
    }

    #[test]
    fn a_headline_over_a_digest_is_left_out() {
        // A newspaper's headline and digest in one paragraph, over the wire line with the
        // communiqué's own title of the same kind.
        let digest = "甲乙两国主席联合公报\n\
            双方就共同关心的问题充分地交换了意见，对所谈及问题的看法都是一致的。——双方重申\
            两国总理互访时发表的联合公报中所表达的观点。——双方满意地指出两国友好合作关系获得\
            良好的发展，并决心继续加强在经济、文化和科学技术领域的合作。——甲国主席邀请乙国\
            主席访问甲国，乙国主席接受了邀请。\n\
            新华社十九日讯 甲国主席和乙国主席联合公报\n\
            乙国主席应甲国主席的邀请，于一九六四年五月十六日至二十日在甲国进行了友好访问。\n\
            双方一致认为，两国关系获得良好的发展。\n";
        let found = documents("digest.zh.txt", digest, Split::Detect);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, "digest.zh");
        assert!(found[0].text().contains("友好访问"));
        // A headline over a news lead of one sentence that names the kind.
        let lead = "甲乙两国总理发表联合声明\n\
            新华社科伦坡5日电 （迟到）甲国总理和乙国总理5日上午在乙国参议院大厦签署了联合声明。\n\
            新华社科伦坡5日电 （迟到）甲国和乙国两国总理的联合声明\n\
            我们，甲国和乙国两国总理，在甲国总理访问乙国的期间，讨论了两国共同关心的问题。\n";
        let found = documents("lead.zh.txt", lead, Split::Detect);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, "lead.zh");
        // A communiqué of two paragraphs of its own, over another of the same kind, is one of two.
        let two = "甲乙两国联合公报\n\
            双方就共同关心的问题充分地交换了意见，对所谈及问题的看法都是一致的。双方满意地指出\
            两国友好合作关系获得良好的发展，并决心继续加强在经济、文化和科学技术领域的合作。\n\
            甲国主席邀请乙国主席访问甲国，乙国主席接受了邀请。\n\
            丙丁两国联合公报\n双方决定互派大使。\n";
        assert_eq!(documents("two.zh.txt", two, Split::Detect).len(), 2);
    }

    #[test]
    fn the_printed_file_holds_two_documents() {
        let found = documents("sample.pdf-text.zh.txt", PRINTED, Split::Detect);
        assert_eq!(found.len(), 2);
        assert!(found[0]
            .text()
            .starts_with("防务合作是两国关系的支柱之一。"));
        assert!(found[0]
            .text()
            .ends_with("中共中央总书记、国家主席习近平对此表示感谢并愉快地接受了邀请。"));
        assert!(found[1]
            .text()
            .starts_with("各代表团团长强调，中小微企业发展对促进经济增长"));
        assert!(found[1].text().ends_with("（新华社北京11月1日电）"));
        assert_eq!(found[0].id, "sample.pdf-text.zh.doc1");
        assert_eq!(found[1].id, "sample.pdf-text.zh.doc2");
        // The spans point at the two halves of the original file.
        assert_eq!(found[0].span.start, 1, "after the leading space");
        assert!(found[0].span.slice(PRINTED).starts_with("防务合作"));
        assert!(found[1].span.slice(PRINTED).starts_with("各代表团团长强调"));
        assert!(found[1].span.slice(PRINTED).ends_with("1日电）"));
    }

    #[test]
    fn a_file_can_be_one_document() {
        let found = documents("sample.txt", PRINTED, Split::WholeFile);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, "sample");
    }

    #[test]
    fn the_web_file_is_one_document_with_a_title_block() {
        let found = documents("uae.zh.txt", WEB, Split::Detect);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].title_paragraphs, 2);
        assert_eq!(found[0].id, "uae.zh");
    }

    #[test]
    fn a_title_after_a_closing_line_starts_a_new_document() {
        let joined = format!("{WEB}\n{WEB}");
        let found = documents("twice.txt", &joined, Split::Detect);
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].title_paragraphs, 2);
    }

    #[test]
    fn sections_subsections_and_sentences() {
        let found = documents("sample.txt", PRINTED, Split::Detect);
        let first = &found[0];
        let markers: Vec<&str> = first
            .parts_of(PartKind::Section)
            .map(|(_, part)| part.marker.as_deref().unwrap())
            .collect();
        assert_eq!(
            markers,
            ["七、", "八、", "九、", "十、", "十一、", "十二、", "十三、"]
        );
        let subsections: Vec<(&str, Option<usize>)> = first
            .parts_of(PartKind::Subsection)
            .map(|(_, part)| (part.marker.as_deref().unwrap(), part.parent))
            .collect();
        assert_eq!(subsections.len(), 12);
        assert_eq!(subsections[0].0, "（一）");
        assert_eq!(subsections[11].0, "（十二）");
        let section_seven = first.parts_of(PartKind::Section).next().unwrap().0;
        assert!(subsections
            .iter()
            .all(|(_, parent)| *parent == Some(section_seven)));
        // Every sentence lies inside its paragraph, and its span gives back its text.
        for (_, sentence) in first.parts_of(PartKind::Sentence) {
            let paragraph = &first.parts[sentence.parent.unwrap()];
            assert!(paragraph.span.contains(sentence.span));
            let text = first.slice(sentence.range.clone());
            let original: String = sentence
                .span
                .slice(PRINTED)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let normalized: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(original, normalized);
        }
        let sentence = first
            .parts_of(PartKind::Sentence)
            .map(|(_, part)| first.slice(part.range.clone()))
            .find(|text| text.starts_with("中方对此表示高度赞赏"))
            .unwrap();
        assert_eq!(sentence, "中方对此表示高度赞赏。");
    }

    #[test]
    fn a_paragraph_number_is_not_a_sentence() {
        let text = "Joint Statement of Two States\n\n1. The two sides agreed. They met.\n\n\
                    2. Both sides welcomed the plan.\n\nDone on 3 May 2024.\n";
        let found = documents("numbered.en.txt", text, Split::Detect);
        let sentences: Vec<&str> = found[0]
            .parts_of(PartKind::Sentence)
            .map(|(_, part)| found[0].slice(part.range.clone()))
            .collect();
        assert!(
            sentences.contains(&"The two sides agreed."),
            "{sentences:?}"
        );
        assert!(
            sentences.contains(&"Both sides welcomed the plan."),
            "{sentences:?}"
        );
        assert!(
            !sentences.iter().any(|s| s.starts_with('1')),
            "{sentences:?}"
        );
        // A stop inside a sentence still ends it; one right after the marker does not.
        assert!(sentences.contains(&"They met."), "{sentences:?}");
    }

    #[test]
    fn source_names_become_identifiers_one_to_one() {
        assert_eq!(
            document_id("2019-07-23_china-uae.zh.txt"),
            "2019-07-23_china-uae.zh"
        );
        assert_eq!(document_id("中越联合声明.txt"), "中越联合声明");
        assert_eq!(
            document_id("2019/joint-statement.txt"),
            "2019/joint-statement"
        );
        // Names that a slug would have merged stay apart.
        let ids = [
            "a b.txt",
            "a+b.txt",
            "a-b.txt",
            "a%20b.txt",
            "a#b.txt",
            "2019/x.txt",
            "2022/x.txt",
            "2019-x.txt",
        ]
        .map(document_id);
        for (index, id) in ids.iter().enumerate() {
            assert!(
                !ids[index + 1..].contains(id),
                "{id} is given twice: {ids:?}"
            );
            assert!(
                oxigraph::model::NamedNode::new(format!("https://example.org/document/{id}"))
                    .is_ok(),
                "{id} is not an IRI path"
            );
        }
        assert_eq!(document_id("a b.txt"), "a%20b");
        // No step of the IRI path is `.` or `..`.
        assert_eq!(document_id("..txt"), "%2E");
        assert_eq!(document_id(".txt"), ".txt");
        assert_eq!(document_id("x"), "x");
    }
}
