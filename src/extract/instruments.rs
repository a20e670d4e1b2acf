//! Instruments named in `《》` (and some without): treaties, agreements, memoranda, programmes,
//! plans and the like, with their kind, date and place of adoption, period, and status in this
//! document.
//!
//! Rules:
//! - `instruments.title`: a title in `《》` (nested `〈〉` titles inside count as instruments too,
//!   rule `instruments.nested-title`). A title's own period at its end (`…行动计划（2022—2027年）`)
//!   is kept as its period. The kind comes from the title's ending (`dg:titleEnding`).
//! - The parenthesis right after a title gives its date and place (`（2019年6月14日，比什凯克）`,
//!   pattern `instrument.parenthesis`) or its period (`instrument.period`). Titles joined only by a
//!   list conjunction (`和`, `、`, nothing at all) share the parenthesis after the last of them.
//!   Without a parenthesis, a date and place written before the title give them
//!   (`2018年6月10日在青岛发表的《…》`, `于2007年12月28日在北京签署《…》`, or the year alone:
//!   `根据1961年《维也纳外交关系公约》`; pattern `instrument.date-before`); a full date so written
//!   is also the date of the titles joined to that one after it that have none of their own
//!   (`2013年9月9日签订的《…条约》和《…联合宣言》`). A title of a newspaper
//!   or website (`instrument.not-title`: `《人民日报海外版》`) is no instrument, nor is a book a note
//!   cites (`instrument.book-before`, `instrument.book-after`: `…编《国际关系史料选编》法律出版社`),
//!   nor the document's own title where a lead names it (`metadata.lead-title`) or its title line
//!   sets it in `《》` alone.
//! - `instruments.signed-name`: an instrument named without `《》` by its signing date and
//!   subject (`instrument.signed-name`: `1971年11月14日于北京签订的关于互设商务办事处的协议`), the
//!   name from `关于` to the first kind ending in it, or a name in quotes that ends with a kind,
//!   with that date and place.
//! - `instruments.dated-name`: an instrument named without `《》` right after its date by its
//!   parties and kind (`instrument.dated-name`: `2001年3月5日中智联合公报`), with that date.
//! - Status: the last status word (`ontology/triggers.tsv`) in the clause before the title (or
//!   before the first title of its list), skipping attributive uses (`1992年签署的《…》`).
//! - A title the reference data knows (`联合国宪章`) is that entity.
//! - Government bodies named after a state before `关于` in the title (`中国商务部与越南工贸部关于…`)
//!   are its signatory bodies.
//!
//! Cost: linear in the length of each sentence.

use super::bodies::bodies_in;
use super::metadata::lead_title;
use super::text::{clause_start, group_date, group_number, matching_close};
use super::{Context, Extractor, Fact, Place, Record};
use crate::lang::triggers::Category;
use crate::rdf::vocab::dg;
use crate::text::document::{Document, PartKind};

/// See the module documentation.
pub struct InstrumentExtractor;

const TITLE: &str = "instruments.title";
const NESTED: &str = "instruments.nested-title";
const SIGNED_NAME: &str = "instruments.signed-name";
const DATED_NAME: &str = "instruments.dated-name";

/// A title found in a sentence (byte offsets in the sentence: `open` at `《`, `close` after `》`).
struct Title {
    open: usize,
    close: usize,
    parenthesis: Option<Parenthesis>,
    /// The date (and place) came from the text before the title (`instrument.date-before`).
    dated_before: bool,
}

enum Parenthesis {
    DatePlace { date: String, place: Option<String> },
    Period(String),
    Other,
}

impl Extractor for InstrumentExtractor {
    fn name(&self) -> &'static str {
        "instruments"
    }

    fn produces(&self) -> &'static [&'static str] {
        &["instrument"]
    }

    fn extract(&self, document: &Document, context: &Context<'_>) -> Vec<Record> {
        let mut records = Vec::new();
        // The document's own title, where a lead names it (`metadata.lead-title`).
        let own_title = lead_title(document, context).map(|(title, _)| title);
        // Or where its title line sets it in `《》` alone (`《…条约》（1994年4月29日）`).
        let title_line = document.paragraphs().next().filter(|line| {
            let text = document.slice(line.clone());
            document.title_paragraphs == 1
                && text.starts_with('《')
                && text.matches('《').count() == 1
        });
        for (_, sentence) in document.parts_of(PartKind::Sentence) {
            let text = document.slice(sentence.range.clone());
            let titles = find_titles(text, context);
            // Group titles that share a parenthesis.
            let mut group_start = 0;
            for index in 0..titles.len() {
                let joined_to_next = titles.get(index + 1).is_some_and(|next| {
                    titles[index].parenthesis.is_none()
                        && is_list_joint(&text[titles[index].close..next.open], context)
                });
                if joined_to_next {
                    continue;
                }
                let group = &titles[group_start..=index];
                let shared = match &titles[index].parenthesis {
                    Some(Parenthesis::DatePlace { date, place }) => {
                        Some((date.clone(), place.clone()))
                    }
                    _ => None,
                };
                let status = status_before(text, group[0].open, context);
                for title in group {
                    let inner = sentence.range.start + title.open + '《'.len_utf8()
                        ..sentence.range.start + title.close - '》'.len_utf8();
                    let opens_title_line = title_line
                        .as_ref()
                        .is_some_and(|line| line.start == sentence.range.start + title.open);
                    if own_title.as_ref() == Some(&inner) || opens_title_line {
                        continue;
                    }
                    let own = match &title.parenthesis {
                        Some(Parenthesis::Period(period)) => Some(period.clone()),
                        _ => None,
                    };
                    records.extend(instrument_records(
                        document,
                        context,
                        sentence.range.start,
                        text,
                        title,
                        shared.clone(),
                        own,
                        status.clone(),
                    ));
                }
                group_start = index + 1;
            }
            records.extend(signed_names(document, context, sentence.range.start, text));
            records.extend(dated_names(document, context, sentence.range.start, text));
        }
        records
    }
}

/// Instruments named without `《》` by their signing date and subject (`instrument.signed-name`:
/// `1971年11月14日于北京签订的关于互设商务办事处的协议`): the name from `关于` to the first kind
/// ending in it, with the date and place written before it.
fn signed_names(
    document: &Document,
    context: &Context<'_>,
    sentence_start: usize,
    text: &str,
) -> Vec<Record> {
    let pattern = context.patterns.get("instrument.signed-name");
    pattern
        .captures_iter(text)
        .filter_map(|captures| {
            // A name in quotes, whole where it ends with a kind; else the shortest run from `关于`
            // that ends with a kind and has named its subject (`的`).
            let (written, end) = match captures.name("quoted") {
                Some(quoted) => (
                    quoted,
                    Some(quoted.len())
                        .filter(|_| context.reference.kind_of_title(quoted.as_str()).is_some())?,
                ),
                None => {
                    let written = captures.name("title")?;
                    let end = written
                        .as_str()
                        .char_indices()
                        .map(|(at, c)| at + c.len_utf8())
                        .find(|&end| {
                            let name = &written.as_str()[..end];
                            name.contains('的') && context.reference.kind_of_title(name).is_some()
                        })?;
                    (written, end)
                }
            };
            let title = &written.as_str()[..end];
            let date = group_date(&captures, ["year", "month", "day"])?;
            let place = captures
                .name("place")
                .map(|place| Place::named(place.as_str(), context.reference));
            let start = sentence_start + written.start();
            Some(record(
                document,
                context,
                start..start + end,
                title,
                SIGNED_NAME,
                Some(date.iso()),
                place,
                None,
                None,
            ))
        })
        .collect()
}

/// Instruments named without `《》` right after their date by their parties and kind
/// (`instrument.dated-name`: `2001年3月5日中智联合公报`), with that date.
fn dated_names(
    document: &Document,
    context: &Context<'_>,
    sentence_start: usize,
    text: &str,
) -> Vec<Record> {
    let pattern = context.patterns.get("instrument.dated-name");
    pattern
        .captures_iter(text)
        .filter_map(|captures| {
            let title = captures.name("title")?;
            context.reference.kind_of_title(title.as_str())?;
            let date = group_date(&captures, ["year", "month", "day"])?;
            let start = sentence_start + title.start();
            Some(record(
                document,
                context,
                start..start + title.len(),
                title.as_str(),
                DATED_NAME,
                Some(date.iso()),
                None,
                None,
                None,
            ))
        })
        .collect()
}

fn find_titles(text: &str, context: &Context<'_>) -> Vec<Title> {
    let mut titles = Vec::new();
    let mut at = 0;
    while let Some(offset) = text[at..].find('《') {
        let open = at + offset;
        let Some(close) = matching_close(text, open) else {
            break;
        };
        at = close;
        if close - open > 400 {
            continue; // not a title: a bracket left open by mistake
        }
        let inner = text[open + '《'.len_utf8()..close - '》'.len_utf8()].trim();
        if context.patterns.get("instrument.not-title").is_match(inner) {
            continue; // a newspaper or a website (`《人民日报》`), not an instrument
        }
        // A book a note cites (`何春超等编《国际关系史料选编》法律出版社1988年第一版`).
        if context
            .patterns
            .get("instrument.book-before")
            .is_match(&text[..open])
            || context
                .patterns
                .get("instrument.book-after")
                .is_match(&text[close..])
        {
            continue;
        }
        let parenthesis = text[close..]
            .starts_with('（')
            .then(|| matching_close(text, close))
            .flatten()
            .map(|end| {
                classify_parenthesis(
                    &text[close + '（'.len_utf8()..end - '）'.len_utf8()],
                    context,
                )
            });
        // Else a date (and place) written before the title: `2018年6月10日在青岛发表的《…》`.
        let before = match parenthesis {
            None | Some(Parenthesis::Other) => date_before(&text[..open], context),
            _ => None,
        };
        let dated_before = before.is_some();
        let parenthesis = before.or(parenthesis);
        titles.push(Title {
            open,
            close,
            parenthesis,
            dated_before,
        });
    }
    // A full date written before the first title of a list is the date of each title after it
    // that has none of its own (`2013年9月9日签订的《…条约》和《…联合宣言》`); a year alone is
    // not (`根据1961年《维也纳外交关系公约》和《联合国宪章》`).
    for index in 1..titles.len() {
        let (done, rest) = titles.split_at_mut(index);
        let (previous, title) = (&done[index - 1], &mut rest[0]);
        let shared = match &previous.parenthesis {
            Some(Parenthesis::DatePlace { date, place })
                if previous.dated_before && date.len() == "YYYY-MM-DD".len() =>
            {
                Some(Parenthesis::DatePlace {
                    date: date.clone(),
                    place: place.clone(),
                })
            }
            _ => None,
        };
        if title.parenthesis.is_none()
            && shared.is_some()
            && is_list_joint(&text[previous.close..title.open], context)
        {
            title.parenthesis = shared;
            title.dated_before = true;
        }
    }
    titles
}

fn classify_parenthesis(content: &str, context: &Context<'_>) -> Parenthesis {
    if let Some(captures) = context
        .patterns
        .get("instrument.parenthesis")
        .captures(content)
    {
        let number = |name: &str| group_number(&captures, name);
        if let (Some(year), Some(month), Some(day)) =
            (number("year"), number("month"), number("day"))
        {
            if let Some(date) = super::Date::from_parts(year as i32, month, day) {
                return Parenthesis::DatePlace {
                    date: date.iso(),
                    place: captures.name("place").map(|m| m.as_str().to_owned()),
                };
            }
        }
    }
    if let Some(captures) = context.patterns.get("instrument.period").captures(content) {
        return Parenthesis::Period(captures["period"].replace(['–', '-'], "—"));
    }
    Parenthesis::Other
}

/// The date and place of adoption written right before a title (`instrument.date-before`).
fn date_before(before: &str, context: &Context<'_>) -> Option<Parenthesis> {
    let captures = context
        .patterns
        .get("instrument.date-before")
        .captures(before)?;
    let number = |name: &str| group_number(&captures, name);
    let year = number("year")? as i32;
    let date = match (number("month"), number("day")) {
        (Some(month), Some(day)) => super::Date::from_parts(year, month, day)?,
        // `根据1961年《维也纳外交关系公约》`: the year alone.
        _ => super::Date {
            year,
            month: None,
            day: None,
        },
    };
    Some(Parenthesis::DatePlace {
        date: date.iso(),
        place: captures.name("place").map(|m| m.as_str().to_owned()),
    })
}

/// True when the text between two titles only joins them into a list.
fn is_list_joint(between: &str, context: &Context<'_>) -> bool {
    between.is_empty()
        || context
            .triggers
            .words(Category::Conjunction)
            .iter()
            .any(|conjunction| conjunction.word == between)
}

/// The status word closest before `at` in its clause, skipping attributive uses (`签署的`).
fn status_before(text: &str, at: usize, context: &Context<'_>) -> Option<String> {
    let clause = &text[clause_start(text, at)..at];
    let mut best: Option<(usize, usize, &str)> = None;
    for trigger in context.triggers.words(Category::Status) {
        for (start, word) in clause.match_indices(trigger.word.as_str()) {
            let end = start + word.len();
            if clause[end..].starts_with('的') {
                continue;
            }
            let better = match best {
                None => true,
                Some((best_start, best_end, _)) => {
                    end > best_end || (end == best_end && start < best_start)
                }
            };
            if better {
                if let Some(value) = &trigger.value {
                    best = Some((start, end, value.as_str()));
                }
            }
        }
    }
    best.map(|(_, _, value)| value.to_owned())
}

#[allow(clippy::too_many_arguments)]
fn instrument_records(
    document: &Document,
    context: &Context<'_>,
    sentence_start: usize,
    text: &str,
    title: &Title,
    shared: Option<(String, Option<String>)>,
    own_period: Option<String>,
    status: Option<String>,
) -> Vec<Record> {
    let inner = &text[title.open + '《'.len_utf8()..title.close - '》'.len_utf8()];
    let mut records = Vec::new();
    let range = sentence_start + title.open..sentence_start + title.close;
    let (date, place) = match shared {
        Some((date, place)) => (
            Some(date),
            place.map(|name| Place::named(&name, context.reference)),
        ),
        None => (None, None),
    };
    records.push(record(
        document,
        context,
        range,
        inner,
        TITLE,
        date,
        place,
        own_period,
        status.clone(),
    ));
    // Nested titles: 〈…〉 inside the title.
    let mut at = 0;
    while let Some(offset) = inner[at..].find('〈') {
        let open = at + offset;
        let Some(close) = matching_close(inner, open) else {
            break;
        };
        let nested = &inner[open + '〈'.len_utf8()..close - '〉'.len_utf8()];
        let start = sentence_start + title.open + '《'.len_utf8() + open;
        records.push(record(
            document,
            context,
            start..start + (close - open),
            nested,
            NESTED,
            None,
            None,
            None,
            None,
        ));
        at = close;
    }
    records
}

#[allow(clippy::too_many_arguments)]
fn record(
    document: &Document,
    context: &Context<'_>,
    range: std::ops::Range<usize>,
    title: &str,
    rule: &'static str,
    date: Option<String>,
    place: Option<Place>,
    own_period: Option<String>,
    status: Option<String>,
) -> Record {
    // A title's own period at its end: …行动计划（2022—2027年）.
    let (bare, period) = split_period(title, context);
    let entity = context
        .reference
        .entity_named(title)
        .or_else(|| context.reference.entity_named(bare))
        .filter(|index| {
            let class = context.reference.entities[*index].class.as_ref();
            class == dg::INSTRUMENT || class == dg::INITIATIVE
        })
        .map(|index| context.reference.entities[index].iri.as_str().to_owned());
    // Signatory bodies: bodies named after a state in the title, before `关于`.
    let parties_part = &title[..title.find("关于").unwrap_or(title.len())];
    let bodies = bodies_in(parties_part, context);
    Record::new(
        document,
        range,
        rule,
        Fact::Instrument {
            bodies,
            entity,
            title: title.to_owned(),
            kind: context
                .reference
                .kind_of_title(bare)
                .map(|kind| kind.iri.as_str().to_owned()),
            date,
            place,
            period: period.or(own_period),
            status,
        },
    )
}

/// Splits `…（2022—2027年）` off the end of a title.
fn split_period<'a>(title: &'a str, context: &Context<'_>) -> (&'a str, Option<String>) {
    if let Some(open) = title.rfind('（') {
        if title.ends_with('）') {
            let content = &title[open + '（'.len_utf8()..title.len() - '）'.len_utf8()];
            if let Some(captures) = context.patterns.get("instrument.period").captures(content) {
                return (
                    &title[..open],
                    Some(captures["period"].replace(['–', '-'], "—")),
                );
            }
        }
    }
    (title, None)
}
