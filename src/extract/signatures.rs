//! Signatories: the lines under a document that name an office and a person,
//! `印度共和国外交部长 苏杰生`.
//!
//! Rules:
//! - `signatures.signature-line`: a paragraph that matches `signature.line` (an office, a space, a
//!   name) whose office begins with the name of a state of the reference data; the state is the
//!   signatory's country, the rest the office.
//! - `signatures.signature-block`: an office on a line of its own, then a name on the next
//!   (`中华人民共和国国务院总理` / `李克强`), with up to three short lines of the office between
//!   (`中华人民共和国政府` / `代表` / `张三`; `中华人民共和国` / `政府代表` / `外交部副部长` /
//!   `乔冠华`); a line that ends like an office (`signature.office-end`: `代表`, `部长`…) is not
//!   the name; lines such as `（签字）` (`signature.ignored`) are passed over; a block over a
//!   salutation (`signature.salutation`: `部长阁下：`) is the addressee of a note, not a
//!   signature. This is how a block in two columns reads once normalization has laid its columns
//!   one after the other, and how a signature block run together on one line reads once split at
//!   its wide gaps. The name matches `signature.name` (two to six ideographs, a name joined with
//!   `·` or a full stop, which the name is given with `·`, or a Latin name).
//!   In a block's row of names, each with its rank after it (`signature.name-rank`: `王毅副部长
//!   陈振忠常任秘书`, cells that differ), the names are the parts before the ranks.
//!
//! - the same rule for a block flattened onto one line (`中华人民共和国政府 斯洛伐克共和国政府 代表
//!   代表 张祥孔 佐什 （签字） （签字）`): the tokens that open with a state, then rows of as many
//!   tokens, one of them the names.
//!
//! A person the reference data knows is that entity. Only paragraphs after the title are read.
//!
//! Cost: linear in the number of paragraphs.

use super::{Context, Extractor, Fact, Record};
use crate::lang::reference::NameKind;
use crate::rdf::vocab::dg;
use crate::text::document::Document;

/// See the module documentation.
pub struct SignatureExtractor;

const RULE: &str = "signatures.signature-line";
const BLOCK_RULE: &str = "signatures.signature-block";

/// A signature line of a document.
pub struct SignatureLine {
    /// From the office to the name (one paragraph, or the lines of a block).
    pub range: std::ops::Range<usize>,
    /// Whether the office and the name stand on lines of their own.
    pub block: bool,
    pub name: String,
    pub office: String,
    /// Index of the state in the reference data.
    pub country: usize,
}

/// The state an office begins with, and the rest of the office.
///
/// With `bare`, the state alone is an office too (its rest empty): a block may give the state on
/// one line and the office on the next (`中华人民共和国` / `政府代表`).
fn office_state<'t>(
    office: &'t str,
    context: &Context<'_>,
    bare: bool,
) -> Option<(usize, &'t str)> {
    let first = context.reference.find_names(office).into_iter().next()?;
    let country = first.entities[0];
    let is_state = first.range.start == 0
        && first.kind == NameKind::Name
        && context.reference.entities[country].class.as_ref() == dg::STATE;
    let rest = &office[first.range.end..];
    (is_state && (bare || !rest.is_empty())).then_some((country, rest))
}

/// The tokens of a line of a signature block, between white space, less those
/// `signature.ignored` drops; single characters in a row are one letter-spaced word, and so is a
/// parenthesis letter-spaced (`(签 字)`).
fn row_tokens(text: &str, ignored: &regex::Regex) -> Vec<String> {
    let mut tokens: Vec<String> = Vec::new();
    let mut spaced = false;
    let mut open = false;
    for token in text.split_whitespace() {
        let single = token.chars().count() == 1;
        match tokens.last_mut() {
            Some(last) if open || (single && spaced) => last.push_str(token),
            _ => tokens.push(token.to_owned()),
        }
        spaced = single;
        let last = tokens.last().map_or("", String::as_str);
        open = last.starts_with(['(', '（']) && !last.ends_with([')', '）']);
    }
    tokens.retain(|token| !ignored.is_match(token));
    tokens
}

/// The word of a row written with letter spacing (`代 表 代 表`), which comes out of
/// [`row_tokens`] as one token (`代表代表`): the same word `k` times, one a column.
fn repeated(token: &str, k: usize) -> Option<&str> {
    let chars: Vec<(usize, char)> = token.char_indices().collect();
    let width = chars.len() / k;
    let repeated = k > 1
        && width > 0
        && chars.len().is_multiple_of(k)
        && (1..k).all(|copy| {
            let start = chars[copy * width].0;
            let end = chars.get((copy + 1) * width).map_or(token.len(), |c| c.0);
            token[start..end] == token[..chars[width].0]
        });
    repeated.then(|| &token[..chars[width].0])
}

/// The signatories of a signature block flattened onto one line, as (name, office, country):
/// `中华人民共和国政府 斯洛伐克共和国政府 代表 代表 张祥孔 佐什 （签字） （签字）`. The first `k`
/// tokens open with a state (`columns` of them where the rows are known to have as many); the
/// others, less those `signature.ignored` drops, form rows of `k`, one of them names, the others
/// parts of the offices (before or after the names).
fn signature_row(
    text: &str,
    columns: Option<usize>,
    context: &Context<'_>,
    name_pattern: &regex::Regex,
    office_end: &regex::Regex,
    ignored: &regex::Regex,
) -> Vec<(String, String, usize)> {
    let tokens = row_tokens(text, ignored);
    let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
    let states: Vec<(usize, &str)> = tokens
        .iter()
        .take(columns.unwrap_or(usize::MAX))
        .map_while(|token| office_state(token, context, true))
        .collect();
    let k = states.len();
    if columns.is_some_and(|columns| columns != k) {
        return Vec::new();
    }
    if k < 2 {
        return Vec::new();
    }
    let mut rest: Vec<&str> = Vec::new();
    for token in &tokens[k..] {
        match repeated(token, k) {
            Some(word) => rest.extend(std::iter::repeat_n(word, k)),
            None => rest.push(token),
        }
    }
    if rest.len() < k || !rest.len().is_multiple_of(k) {
        return Vec::new();
    }
    // A row of names with their ranks after them (`王毅副部长 陈振忠常任秘书`, `signature.name-rank`)
    // is a row of names: its cells differ, where a row of offices repeats one (`外交部长 外交部长`).
    let name_rank = context.patterns.get("signature.name-rank");
    for row in rest.chunks_mut(k) {
        let distinct: std::collections::HashSet<&&str> = row.iter().collect();
        if distinct.len() == k && row.iter().all(|token| bare(name_rank, token).is_some()) {
            for token in row.iter_mut() {
                *token = bare(name_rank, token).expect("checked above");
            }
        }
    }
    let rows: Vec<&[&str]> = rest.chunks(k).collect();
    let is_name = |token: &&str| name_pattern.is_match(token) && !office_end.is_match(token);
    let name_rows: Vec<usize> = (0..rows.len())
        .filter(|row| rows[*row].iter().all(is_name))
        .collect();
    let [names] = name_rows.as_slice() else {
        return Vec::new();
    };
    // Office words in Chinese; names in Chinese (joined with `·`) or Latin letters.
    let fits = |token: &&str| {
        token.chars().all(crate::text::normalize::is_cjk_ideograph) || is_name(token)
    };
    if !rows.iter().all(|row| row.iter().all(fits)) {
        return Vec::new();
    }
    (0..k)
        .map(|column| {
            let mut office = states[column].1.to_owned();
            for (index, row) in rows.iter().enumerate() {
                if index != *names {
                    office.push_str(row[column]);
                }
            }
            (rows[*names][column].to_owned(), office, states[column].0)
        })
        .filter(|(_, office, _)| !office.is_empty())
        .collect()
}

/// The name of a cell that holds a name and its rank (`signature.name-rank`: `王毅副部长` → `王毅`).
fn bare<'a>(name_rank: &regex::Regex, token: &'a str) -> Option<&'a str> {
    let name = name_rank.captures(token)?.name("name")?;
    Some(&token[..name.end()])
}

/// The signature lines of a document.
pub fn signature_lines(document: &Document, context: &Context<'_>) -> Vec<SignatureLine> {
    let pattern = context.patterns.get("signature.line");
    let name_pattern = context.patterns.get("signature.name");
    let ignored = context.patterns.get("signature.ignored");
    let office_end = context.patterns.get("signature.office-end");
    let salutation = context.patterns.get("signature.salutation");
    let paragraphs: Vec<_> = document
        .paragraphs()
        .skip(document.title_paragraphs)
        .filter(|range| !ignored.is_match(document.slice(range.clone())))
        .collect();
    let mut lines = Vec::new();
    let mut index = 0;
    while index < paragraphs.len() {
        let range = paragraphs[index].clone();
        let text = document.slice(range.clone());
        if let Some(captures) = pattern.captures(text) {
            let name = &captures["name"];
            let names_no_person =
                office_end.is_match(name) || office_state(name, context, true).is_some();
            let office_text = captures["office"].replace(['：', ':'], "");
            if let Some((country, office)) =
                office_state(&office_text, context, false).filter(|_| !names_no_person)
            {
                lines.push(SignatureLine {
                    range,
                    block: false,
                    name: captures["name"].to_owned(),
                    office: office.to_owned(),
                    country,
                });
                index += 1;
                continue;
            }
        }
        // A block flattened onto one line: the states' offices, then each further row of the
        // block (`代表 代表`, the names, offices), one token a column.
        // Read from the original line: normalization joins letter-spaced words (`代 表 代 表`)
        // to the words beside them.
        // A block in columns separated by single spaces, one line a row
        // (`中华人民共和国代表 卡塔尔国代表` / `…特命全权大使 特命全权大使` / `周觉 阿迪亚`), reads the
        // same once its rows are put together.
        let original_of = |range: &std::ops::Range<usize>| document.original(range.clone());
        let mut combined = original_of(&range).to_owned();
        let mut used = 1;
        let first = row_tokens(&combined, ignored);
        if !first.is_empty()
            && first
                .iter()
                .all(|token| office_state(token, context, true).is_some())
        {
            while let Some(next) = paragraphs.get(index + used) {
                let next_text = document.slice(next.clone());
                let next = original_of(next);
                let tokens = row_tokens(next, ignored);
                // A letter-spaced row (`代 表 代 表`) is one token a column.
                let count = match tokens.as_slice() {
                    [token] if repeated(token, first.len()).is_some() => first.len(),
                    _ => tokens.len(),
                };
                let fits = if first.len() >= 2 {
                    // Rows of as many columns.
                    count == first.len() || count == 0
                } else {
                    // The rest of a block whose columns were cut into short lines.
                    used < 6
                        && next_text.chars().count() <= 60
                        && !next_text
                            .chars()
                            .any(crate::text::normalize::is_sentence_end)
                        && !crate::text::document::is_closing_line(next_text, context.patterns)
                };
                if !fits {
                    break;
                }
                combined.push(' ');
                combined.push_str(next);
                used += 1;
            }
        }
        let columns = (used > 1 && first.len() >= 2).then_some(first.len());
        let row = signature_row(
            &combined,
            columns,
            context,
            name_pattern,
            office_end,
            ignored,
        );
        if !row.is_empty() {
            let end = paragraphs[index + used - 1].end;
            lines.extend(
                row.into_iter()
                    .map(|(name, office, country)| SignatureLine {
                        range: range.start..end,
                        block: true,
                        name,
                        office,
                        country,
                    }),
            );
            index += used;
            continue;
        }
        // An office alone on its line (or the state alone), then the name, with up to three
        // short lines of the office between.
        let is_office_line = text.chars().count() <= 40
            && text.chars().all(crate::text::normalize::is_cjk_ideograph);
        if let Some((country, office)) = is_office_line
            .then(|| office_state(text, context, true))
            .flatten()
        {
            let mut office = office.to_owned();
            let mut found = None;
            for step in 1..=4 {
                let Some(next) = paragraphs.get(index + step) else {
                    break;
                };
                let next_text = document.slice(next.clone());
                if office_state(next_text, context, true).is_some() {
                    break;
                }
                // Spaces inside a Chinese name are letter spacing; a Latin name keeps them.
                let compact: String = if next_text.chars().any(|c| c.is_ascii_alphabetic()) {
                    next_text.to_owned()
                } else {
                    next_text.chars().filter(|c| *c != ' ').collect()
                };
                if name_pattern.is_match(&compact) && !office_end.is_match(&compact) {
                    found = Some((step, compact));
                    break;
                }
                if compact.chars().count() > 16
                    || !compact
                        .chars()
                        .all(crate::text::normalize::is_cjk_ideograph)
                {
                    break;
                }
                office.push_str(&compact);
            }
            // The addressee of a note, over its salutation (`部长阁下：`), signs nothing.
            let addressee = |step: usize| {
                paragraphs
                    .get(index + step + 1)
                    .is_some_and(|next| salutation.is_match(document.slice(next.clone())))
            };
            if let Some((step, name)) = found
                .filter(|_| !office.is_empty())
                .filter(|(step, _)| !addressee(*step))
            {
                let last = &paragraphs[index + step];
                lines.push(SignatureLine {
                    range: range.start..last.end,
                    block: true,
                    name,
                    office,
                    country,
                });
                index += step + 1;
                continue;
            }
        }
        index += 1;
    }
    lines
}

/// A transliterated name with the dot between its parts as Chinese writes it (`贡萨洛·马特内尔`),
/// where a copy has a full stop (`贡萨洛.马特内尔`).
fn with_name_dot(name: &str) -> String {
    crate::text::normalize::replace_between_ideographs(name, '.', Some('·'))
}

impl Extractor for SignatureExtractor {
    fn name(&self) -> &'static str {
        "signatures"
    }

    fn produces(&self) -> &'static [&'static str] {
        &["signature"]
    }

    fn extract(&self, document: &Document, context: &Context<'_>) -> Vec<Record> {
        signature_lines(document, context)
            .into_iter()
            .map(|line| {
                let person = context
                    .reference
                    .entity_named(&line.name)
                    .filter(|index| context.reference.entities[*index].class.as_ref() == dg::PERSON)
                    .map(|index| context.reference.entities[index].iri.as_str().to_owned());
                Record::new(
                    document,
                    line.range,
                    if line.block { BLOCK_RULE } else { RULE },
                    Fact::Signature {
                        name: with_name_dot(&line.name),
                        person,
                        office: line.office,
                        country: context.reference.entities[line.country]
                            .iri
                            .as_str()
                            .to_owned(),
                    },
                )
            })
            .collect()
    }
}
