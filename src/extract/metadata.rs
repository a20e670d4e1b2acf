//! Document metadata that is plainly there: the title block, the kind its title gives, the closing
//! date line (`2019年7月23日于北京`) and the dateline (`（新华社北京11月1日电）`).
//!
//! Rules (patterns in `ontology/patterns.tsv`):
//! - `metadata.title-block`: the title lines at the start of the document, joined; the kind from
//!   the title's ending (`dg:titleEnding` in the ontology).
//! - `metadata.closing-date`: a paragraph that is only a date, optionally `于` a place; the last
//!   such line of the document gives its date and place; `metadata.place-line`: where it gives no
//!   place, a line right above it that is only a place's names (`俄罗斯喀山`) gives its last city,
//!   and a date line of the same day above it its place (`2009年6月16日于叶卡捷琳堡` over
//!   `2009年6月16日`).
//! - `metadata.title-date`: a date in parentheses at the end of the title (`…联合公报（2025-11-19）`),
//!   where there is no closing line;
//! - `metadata.title-place-date`: a place and a date after commas at the end of the title line
//!   (`第二届东亚峰会主席声明，菲律宾宿务，2007年1月15日`), where there is no closing line;
//! - `metadata.date-parenthesis`: a date (and place, after or before it) under the title, in
//!   parentheses or not (`（2005年9月19日，北京）`, `韩国首尔，2015年11月1日`), where there is no
//!   closing line, also after a repeat of the title on its line (`…建交协议 1992年1月20日于北京市 |`),
//!   and after a wiki's list of the states that issued it there (`metadata.author-line`).
//!   A place that is not a known name gives the last city it names (`韩国首尔` → 首尔).
//! - `metadata.lead-title`: in a news copy without its title line, the title a lead among the
//!   first paragraphs names in `《》` as the text that follows (`…签署《…联合公报》，主要内容如下：`),
//!   with the kind its ending gives (see [`lead_title`]), or the title an encyclopedia's first
//!   sentence names (`metadata.encyclopedia-lead`: `…贸易议定书是由…签定的条约。`); a dateline
//!   opening that lead counts as one under the title.
//! - `metadata.record-field`: a database record's fields in the twelve paragraphs under the title
//!   (`[日期] 1998年6月27日`, `[地点] 北京`, `（签订日期1996年4月25日 生效日期…）`), where the
//!   rules above and the signing sentence below gave no date or place: the document's own words
//!   before a catalogue's.
//! - `metadata.signing`: the date (and place) of the signing sentence (`本公报于2019年4月25日在北京
//!   签署，一式两份`): a sentence that names the document itself or its copies
//!   (`metadata.signing-sentence`) and a date before `签署`/`签订`; the last one counts, for the
//!   date where neither of the rules above gave one, and for the place where they gave none. Here
//!   and in the rules below, a place written as a state's name whose capital is named the same
//!   with a suffix (`capital-suffix` triggers: `在突尼斯签订`, 突尼斯市) is that capital.
//! - `metadata.dateline`: `（AGENCY PLACE M月D日电）`, or the same on a line of its own without the
//!   parentheses (`新华社北京12月21日电`, `新华社阿布贾（尼日利亚）4月15日电`), by day alone
//!   (`新华社金边8日电`), with its year (`新华社一九七二年九月二十九日讯`), also right above the
//!   title where a news copy puts it
//!   ([`Document::lead_above`]), or opening the title line, one of the first two paragraphs
//!   under the title or the lead above it with the text run on after it
//!   (`metadata.dateline-lead`: `新华社北京10月25日电第七届…`, `新华社北京8月24日电 …宣言全文如下：`);
//!   agency and place are split by the reference
//!   data (the agency is the longest known name the text begins with). Its date counts only when
//!   the year is known: from the dateline, else a closing date line of the same document, else
//!   its first date in the dateline's month (`metadata.year-month`, a range
//!   `2017年10月31日至11月2日` in both its months; `metadata.year-month-iso`, a page's stamp
//!   `2018-08-21 13:43:25`), or, for a dateline by day alone, its first date's month and year;
//! - `metadata.lead-issued`: a news lead under the title, or right above it where it introduces
//!   the text ([`Document::lead_above`]: `…28日在内罗毕发表联合公报。公报全文如下：`), that says by
//!   day when and where the document was issued (`中美两国19日在华盛顿就经贸磋商发表联合声明`),
//!   the month and year those of the first date in the text written with them (as for a
//!   dateline); in a copy without its title, the kind it names is the document's.
//! - `metadata.opening-date`: the first paragraph of the body opens with the date of the
//!   meeting it reports (`2021年9月16日，…外长举行会晤`; the last day of a range; the place where
//!   the sentence says it was held, where no rule above gave one; else, as
//!   `metadata.meeting-place`, the city the meeting's name holds: `中俄伊北京会晤`), and
//!   `metadata.meeting-date`: it says the document was issued at a dated meeting
//!   (`安全理事会主席在2006年5月24日安全理事会第5444次会议上…发表声明`), or
//!   `metadata.meeting-held`: it tells of the meeting its participants hosted, attended or held
//!   on a date in a place (`event.held-object`: `…于2023年8月24日在约翰内斯堡共同主持中非领导人对话会`;
//!   not a kind of meeting: `双方同意于…在北京举行会议`);
//!   where no rule above gave a date; else `metadata.opening-visit`: it tells of a visit of one
//!   day (`visit.phrase`, `visit.verb`: `…于1991年7月14日对科威特国进行了正式访问`), the day of the
//!   visit's communiqué (a longer visit's may be issued on any of its days).
//! - `metadata.publication-date`: a line under the title that is only a date and time
//!   (`2004-06-26 00:00`, `1998/11/26`), the last resort.
//!
//! Dates in Chinese numerals (`一九七四年五月三十一日`) reach these rules in Arabic digits (see
//! [`crate::lang::numerals`]).
//!
//! Cost: linear in the number of paragraphs.

use super::text::{group_date, group_number};
use super::{Context, Date, Extractor, Fact, Record};
use crate::rdf::vocab::dg;
use crate::text::document::Document;

/// See the module documentation.
pub struct MetadataExtractor;

const CLOSING_DATE: &str = "metadata.closing-date";
const DATELINE: &str = "metadata.dateline";
const DATELINE_LEAD: &str = "metadata.dateline-lead";
const TITLE: &str = "metadata.title-block";
const DATE_PARENTHESIS: &str = "metadata.date-parenthesis";
const SIGNING: &str = "metadata.signing";
const SIGNING_SENTENCE: &str = "metadata.signing-sentence";
const TITLE_DATE: &str = "metadata.title-date";
const TITLE_PLACE_DATE: &str = "metadata.title-place-date";
const PUBLICATION_DATE: &str = "metadata.publication-date";
const YEAR_MONTH: &str = "metadata.year-month";
const YEAR_MONTH_ISO: &str = "metadata.year-month-iso";
const OPENING_DATE: &str = "metadata.opening-date";
const OPENING_VISIT: &str = "metadata.opening-visit";
const MEETING_PLACE: &str = "metadata.meeting-place";
const RECORD_FIELD: &str = "metadata.record-field";
const LEAD_ISSUED: &str = "metadata.lead-issued";
const LEAD_TITLE: &str = "metadata.lead-title";
const MEETING_DATE: &str = "metadata.meeting-date";
const MEETING_HELD: &str = "metadata.meeting-held";
const PLACE_LINE: &str = "metadata.place-line";
const HELD_OBJECT: &str = "event.held-object";

/// The year and month of the first date in the document's text written with them
/// (`metadata.year-month`: `2006年4月`; `metadata.year-month-iso`: a page's stamp `2018-08-21
/// 13:43`), of `month` where one is given: what a date written by day, or by month and day, is
/// taken to fall in.
fn first_year_month(
    document: &Document,
    context: &Context<'_>,
    month: Option<u32>,
) -> Option<(i32, u32)> {
    let text = document.text();
    // (where, year and month) of each date written, in the text's order.
    let mut found: Vec<(usize, (i32, u32))> = context
        .patterns
        .get(YEAR_MONTH)
        .captures_iter(text)
        .flat_map(|found| {
            let at = found.get(0).map_or(0, |whole| whole.start());
            let year = found["year"].parse::<i32>().ok();
            let start = found["month"].parse::<u32>().ok();
            // A range into the next month (`10月31日至11月2日`), or into January of the next year.
            let end = group_number(&found, "end_month")
                .zip(year.zip(start))
                .map(|(end, (year, start))| (if end < start { year + 1 } else { year }, end));
            [year.zip(start), end].map(|date| date.map(|date| (at, date)))
        })
        .flatten()
        .collect();
    // A page's ISO stamp (`2018-08-21 13:43:25`).
    found.extend(
        context
            .patterns
            .get(YEAR_MONTH_ISO)
            .captures_iter(text)
            .filter_map(|found| {
                let at = found.get(0).map_or(0, |whole| whole.start());
                Some((
                    at,
                    (found["year"].parse().ok()?, found["month"].parse().ok()?),
                ))
            }),
    );
    found.sort_by_key(|(at, _)| *at);
    found
        .into_iter()
        .map(|(_, date)| date)
        .find(|(_, found)| month.is_none_or(|month| month == *found))
}

/// The news leads that say by day when and where the document was issued
/// (`metadata.lead-issued`), the one right above the title first, then those among the first
/// three paragraphs under it, in order: each paragraph and what the pattern captured in it.
pub fn issuing_leads<'d>(
    document: &'d Document,
    context: &'d Context<'_>,
) -> impl Iterator<Item = (std::ops::Range<usize>, regex::Captures<'d>)> + 'd {
    let pattern = context.patterns.get(LEAD_ISSUED);
    document
        .lead_above_range()
        .into_iter()
        .chain(
            document
                .paragraphs()
                .skip(document.title_paragraphs)
                .take(3),
        )
        .filter_map(move |range| {
            let captures = pattern.captures(document.slice(range.clone()))?;
            Some((range, captures))
        })
}

/// The title that a news lead among the first eight paragraphs (page furniture aside) names in `《》`
/// as the text that follows (`metadata.lead-title`: `…签署《…联合公报》，主要内容如下：`), or that
/// an encyclopedia's first sentence names (`metadata.encyclopedia-lead`: `…议定书是由…签定的条约。`),
/// where its ending gives a kind: the range of the title, inside the brackets, and of its
/// paragraph. It is the document's own title, and the title of a copy without a title line.
pub fn lead_title(
    document: &Document,
    context: &Context<'_>,
) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let pattern = context.patterns.get(LEAD_TITLE);
    let encyclopedia = context.patterns.get("metadata.encyclopedia-lead");
    let furniture = context.patterns.get("layout.furniture");
    // The first eight paragraphs, a page's buttons and links (`微博`, `评论`) not counted.
    document
        .paragraphs()
        .filter(|range| !furniture.is_match(document.slice(range.clone())))
        .take(8)
        .enumerate()
        .find_map(|(index, range)| {
            let text = document.slice(range.clone());
            let captures = pattern
                .captures(text)
                .or_else(|| (index == 0).then(|| encyclopedia.captures(text)).flatten())?;
            let title = captures.name("title")?;
            context.reference.kind_of_title(title.as_str())?;
            Some((
                range.start + title.start()..range.start + title.end(),
                range,
            ))
        })
}

/// The part of the paragraph `range` after a repeat of `title` that opens it, and before the
/// cell borders of a table it ends with (`…建交协议 1992年1月20日于北京市 |` → `1992年1月20日于北京市`);
/// a wiki's list of the states that issued it between the two (`metadata.author-line`:
/// `…联合声明 中华人民共和国、新加坡共和国 2015年11月7日于新加坡 |`) is left out too. The whole
/// paragraph where it does not repeat the title.
fn after_repeated_title(
    document: &Document,
    context: &Context<'_>,
    range: &std::ops::Range<usize>,
    title: Option<&str>,
) -> std::ops::Range<usize> {
    let text = document.slice(range.clone());
    let Some(rest) = title
        .filter(|t| !t.is_empty())
        .and_then(|t| text.strip_prefix(t))
    else {
        return range.clone();
    };
    let rest = rest.trim_start();
    // The authors end where the date begins (normalization may have taken the space between).
    let authors = context.patterns.get("metadata.author-line");
    let rest = match rest.find(|c: char| c.is_ascii_digit() || c.is_whitespace()) {
        Some(at) if authors.is_match(&rest[..at]) => rest[at..].trim_start(),
        _ => rest,
    };
    let kept = rest.trim_end_matches(|c: char| c.is_whitespace() || c == '|' || c == '｜');
    let start = range.end - rest.len();
    start..start + kept.len()
}

/// The date and place of `captures` (groups `year`, `month`, `day`, `place`) found in the
/// paragraph at `range`, as records of `rule`.
fn date_and_place(
    document: &Document,
    context: &Context<'_>,
    range: &std::ops::Range<usize>,
    captures: &regex::Captures<'_>,
    rule: &'static str,
) -> (Option<i32>, Vec<Record>) {
    let mut records = Vec::new();
    let number = |name: &str| group_number(captures, name);
    let whole = captures.get(0).expect("group 0");
    let date_range = range.start + whole.start()..range.start + whole.end();
    // A range (`5日至7日`) dates what was issued at its end.
    let (written_year, month, day) = match number("end_day") {
        Some(end_day) => (
            number("end_year").or(number("year")),
            number("end_month").or(number("month")),
            Some(end_day),
        ),
        None => (number("year"), number("month"), number("day")),
    };
    let mut year = None;
    if let (Some(y), Some(m), Some(d)) = (written_year, month, day) {
        if let Some(date) = Date::from_parts(y as i32, m, d) {
            year = Some(y as i32);
            records.push(Record::new(
                document,
                date_range,
                rule,
                Fact::Date { date: date.iso() },
            ));
        }
    }
    if let Some(place) = captures
        .name("place")
        .or_else(|| captures.name("place_first"))
    {
        // The place's own name, else the last city it names (`韩国首尔` → 首尔), else the longest
        // known name it begins with (`北京签署` → 北京).
        let city = || {
            context
                .reference
                .find_names(place.as_str())
                .into_iter()
                .rfind(|name| {
                    name.kind == crate::lang::reference::NameKind::Name
                        && context.reference.entities[name.entities[0]].class.as_ref() == dg::CITY
                })
                .map(|name| (name.entities[0], name.range))
        };
        let found = context
            .reference
            .entity_named(place.as_str())
            .map(|e| (e, 0..place.len()))
            .or_else(city)
            .or_else(|| {
                context
                    .reference
                    .find_names(place.as_str())
                    .into_iter()
                    .find(|name| {
                        name.range.start == 0 && name.kind == crate::lang::reference::NameKind::Name
                    })
                    .map(|name| (name.entities[0], name.range))
            });
        // A state written where its capital is meant, the capital's name being the state's and a
        // suffix (`在突尼斯签订`: 突尼斯市).
        let found = found.map(|(entity, within)| {
            let capital = (within.len() == place.len()
                && context.reference.entities[entity].class.as_ref() == dg::STATE)
                .then(|| capital_named(context, place.as_str()))
                .flatten();
            (capital.unwrap_or(entity), within)
        });
        if let Some((entity, within)) = found.filter(|(entity, _)| {
            !context.reference.is_actor(*entity)
                || context.reference.entities[*entity].class.as_ref() == dg::STATE
        }) {
            let place_range = range.start + place.start() + within.start
                ..range.start + place.start() + within.end;
            let place = context.reference.entities[entity].iri.as_str().to_owned();
            records.push(Record::new(
                document,
                place_range,
                rule,
                Fact::Place { place },
            ));
        }
    }
    (year, records)
}

/// The city named as a state's name and a capital's suffix (`capital-suffix` triggers: 突尼斯
/// and 市), where the reference data knows one.
fn capital_named(context: &Context<'_>, state: &str) -> Option<usize> {
    context
        .triggers
        .words(crate::lang::triggers::Category::CapitalSuffix)
        .iter()
        .filter_map(|suffix| {
            context
                .reference
                .entity_named(&format!("{state}{}", suffix.word))
        })
        .find(|city| context.reference.entities[*city].class.as_ref() == dg::CITY)
}

/// The day of the one-day visit the first paragraph of the body tells of, the day its
/// communiqué was issued (`metadata.opening-visit`, by `visit.phrase` or `visit.verb`:
/// `…于1991年7月14日对科威特国进行了正式访问`).
fn opening_visit(
    document: &Document,
    context: &Context<'_>,
    range: &std::ops::Range<usize>,
) -> Option<Record> {
    let text = document.slice(range.clone());
    ["visit.phrase", "visit.verb"]
        .into_iter()
        .filter_map(|pattern| {
            context
                .patterns
                .get(pattern)
                .captures_iter(text)
                .find_map(|found| {
                    // A visit of several days leaves the day open: its communiqué may be
                    // issued on any of them.
                    if found.name("end_day").is_some() {
                        return None;
                    }
                    let date = group_date(&found, ["start_year", "start_month", "start_day"])?;
                    let whole = found.get(0)?;
                    Some((whole.start(), whole.end(), date))
                })
        })
        .min_by_key(|(start, _, _)| *start)
        .map(|(start, end, date)| {
            Record::new(
                document,
                range.start + start..range.start + end,
                OPENING_VISIT,
                Fact::Date { date: date.iso() },
            )
        })
}

/// A line that is only the names of a place, its state before it (`俄罗斯喀山`, `北京`): the
/// last city it names (`metadata.place-line`).
fn place_line(
    document: &Document,
    context: &Context<'_>,
    range: &std::ops::Range<usize>,
) -> Option<Record> {
    let text = document.slice(range.clone());
    if text.chars().count() > 12 || !text.chars().all(crate::text::normalize::is_cjk_ideograph) {
        return None;
    }
    let names = context.reference.find_names(text);
    let covered: usize = names.iter().map(|name| name.range.len()).sum();
    let city = names.iter().rfind(|name| {
        name.kind == crate::lang::reference::NameKind::Name
            && context.reference.entities[name.entities[0]].class.as_ref() == dg::CITY
    })?;
    (covered == text.len()).then(|| {
        Record::new(
            document,
            range.start + city.range.start..range.start + city.range.end,
            PLACE_LINE,
            Fact::Place {
                place: context.reference.entities[city.entities[0]]
                    .iri
                    .as_str()
                    .to_owned(),
            },
        )
    })
}

impl Extractor for MetadataExtractor {
    fn name(&self) -> &'static str {
        "metadata"
    }

    fn produces(&self) -> &'static [&'static str] {
        &["title", "kind", "date", "place", "issued-by"]
    }

    fn extract(&self, document: &Document, context: &Context<'_>) -> Vec<Record> {
        let mut records = Vec::new();
        let paragraphs: Vec<_> = document.paragraphs().collect();
        let title_range = (document.title_paragraphs > 0)
            .then(|| paragraphs[0].start..paragraphs[document.title_paragraphs - 1].end);
        // `9.…`, `…联合声明（全文）`: what the publisher added to the title is not part of it.
        let bare_title = title_range.as_ref().map(|_| {
            let title: String = paragraphs[..document.title_paragraphs]
                .iter()
                .map(|range| document.slice(range.clone()))
                .collect();
            crate::text::document::bare_title(&title, context.patterns, context.reference)
        });
        if let (Some(range), Some(title)) = (title_range.clone(), bare_title.clone()) {
            let record = |fact| Record::new(document, range.clone(), TITLE, fact);
            if let Some(kind) = context.reference.kind_of_title(&title) {
                records.push(record(Fact::Kind {
                    kind: kind.iri.as_str().to_owned(),
                }));
            }
            records.push(record(Fact::Title { title }));
        }
        let lead_title = lead_title(document, context);
        if let Some((range, _)) = lead_title.as_ref().filter(|_| title_range.is_none()) {
            let title = document.slice(range.clone()).to_owned();
            let record = |fact| Record::new(document, range.clone(), LEAD_TITLE, fact);
            if let Some(kind) = context.reference.kind_of_title(&title) {
                records.push(record(Fact::Kind {
                    kind: kind.iri.as_str().to_owned(),
                }));
            }
            records.push(record(Fact::Title { title }));
        }
        let closing = context.patterns.get(CLOSING_DATE);
        let mut year = None;
        let last_closing = paragraphs.iter().rev().find_map(|range| {
            closing
                .captures(document.slice(range.clone()))
                .map(|c| (range, c))
        });
        if let Some((range, captures)) = last_closing {
            let (found_year, found) =
                date_and_place(document, context, range, &captures, CLOSING_DATE);
            year = found_year;
            let placed = found.iter().any(|r| matches!(r.fact, Fact::Place { .. }));
            records.extend(found);
            // The place on the line right above the date line (`俄罗斯喀山` over `2024年10月23日`).
            let above = paragraphs
                .iter()
                .skip(document.title_paragraphs)
                .take_while(|above| above.end <= range.start)
                .last();
            if let (false, Some(above)) = (placed, above) {
                // Or a date line of the same day above it that names the place (a wiki's header:
                // `2009年6月16日于叶卡捷琳堡` over `2009年6月16日`).
                let same_day = closing
                    .captures(document.slice(above.clone()))
                    .map(|captures| {
                        date_and_place(document, context, above, &captures, CLOSING_DATE).1
                    })
                    .filter(|found| {
                        let date = |records: &[Record]| {
                            records.iter().find_map(|r| match &r.fact {
                                Fact::Date { date } => Some(date.clone()),
                                _ => None,
                            })
                        };
                        date(found).is_some() && date(found) == date(&records)
                    });
                match same_day {
                    Some(found) => records.extend(
                        found
                            .into_iter()
                            .filter(|r| matches!(r.fact, Fact::Place { .. })),
                    ),
                    None => records.extend(place_line(document, context, above)),
                }
            }
        }
        let has = |records: &[Record], dated: bool| {
            records.iter().any(|r| {
                if dated {
                    matches!(r.fact, Fact::Date { .. })
                } else {
                    matches!(r.fact, Fact::Place { .. })
                }
            })
        };
        if let (false, Some(title)) = (has(&records, true), title_range.as_ref()) {
            // A date in parentheses at the end of the title (`…联合公报（2025-11-19）`).
            let text = document.slice(title.clone());
            let found = [TITLE_DATE, TITLE_PLACE_DATE]
                .into_iter()
                .find_map(|rule| Some((rule, context.patterns.get(rule).captures(text)?)));
            if let Some((rule, captures)) = found {
                let (found_year, found) = date_and_place(document, context, title, &captures, rule);
                year = found_year.or(year);
                if has(&records, false) {
                    records.extend(
                        found
                            .into_iter()
                            .filter(|r| !matches!(r.fact, Fact::Place { .. })),
                    );
                } else {
                    records.extend(found);
                }
            }
        }
        let lead = issuing_leads(document, context).next();
        // The first of the three paragraphs under the title that the pattern of `rule` reads (page
        // furniture it does not read aside: `来源：…`, `发布时间：…`), without the title where a
        // copy repeats it there (`…建交协议 1992年1月20日于北京市 |`).
        let furniture = context.patterns.get("layout.furniture");
        let under_title = |rule: &str| {
            let pattern = context.patterns.get(rule);
            paragraphs
                .iter()
                .skip(document.title_paragraphs)
                .filter(|range| {
                    let text = document.slice((*range).clone());
                    !furniture.is_match(text) || pattern.is_match(text)
                })
                .take(3)
                .find_map(|range| {
                    let range =
                        after_repeated_title(document, context, range, bare_title.as_deref());
                    pattern
                        .captures(document.slice(range.clone()))
                        .map(|c| (range, c))
                })
        };
        if !has(&records, true) {
            // A date in parentheses under the title.
            if let Some((range, captures)) = under_title(DATE_PARENTHESIS) {
                let (found_year, found) =
                    date_and_place(document, context, &range, &captures, DATE_PARENTHESIS);
                year = found_year.or(year);
                records.extend(found);
            }
        }
        if !has(&records, true) || !has(&records, false) {
            // The signing sentence: the last that names the document or its copies. It gives the
            // place where the date came from above (`（2001年7月16日）` … `在莫斯科签订`).
            let marker = context.patterns.get(SIGNING_SENTENCE);
            let signing = context.patterns.get(SIGNING);
            let found = document
                .parts_of(crate::text::document::PartKind::Sentence)
                .filter(|(_, part)| marker.is_match(document.slice(part.range.clone())))
                .filter_map(|(_, part)| {
                    signing
                        .captures(document.slice(part.range.clone()))
                        .map(|c| (part.range.clone(), c))
                })
                .last();
            if let Some((range, captures)) = found {
                let (found_year, mut found) =
                    date_and_place(document, context, &range, &captures, SIGNING);
                year = found_year.or(year);
                if has(&records, false) {
                    found.retain(|r| !matches!(r.fact, Fact::Place { .. }));
                }
                if has(&records, true) {
                    found.retain(|r| !matches!(r.fact, Fact::Date { .. }));
                }
                records.extend(found);
            }
        }
        if !has(&records, true) || !has(&records, false) {
            // A database record's fields under the title (`[日期] 1998年6月27日`, `[地点] 北京`): the
            // catalogue's, after the document's own signing sentence.
            let field = context.patterns.get(RECORD_FIELD);
            for range in paragraphs.iter().skip(document.title_paragraphs).take(12) {
                if let Some(captures) = field.captures(document.slice(range.clone())) {
                    let (found_year, found) =
                        date_and_place(document, context, range, &captures, RECORD_FIELD);
                    let (dated, placed) = (has(&records, true), has(&records, false));
                    year = found_year.filter(|_| !dated).or(year);
                    records.extend(found.into_iter().filter(|r| match r.fact {
                        Fact::Date { .. } => !dated,
                        _ => !placed,
                    }));
                }
            }
        }
        let dateline = context.patterns.get(DATELINE);
        let dateline_lead = context.patterns.get(DATELINE_LEAD);
        let above = document.lead_above_range();
        // The title lines and the first two paragraphs under them.
        let lead_end = (document.title_paragraphs + 2).min(paragraphs.len());
        let leads = &paragraphs[..lead_end];
        for range in above.iter().chain(&paragraphs) {
            let text = document.slice(range.clone());
            // The lead above the title that introduces the text (`新华社北京8月24日电 …宣言全文如下：`)
            // is a lead too.
            let is_lead = leads.contains(range)
                || above.as_ref() == Some(range)
                || lead_title
                    .as_ref()
                    .is_some_and(|(_, paragraph)| paragraph == range);
            let Some(captures) = dateline
                .captures(text)
                .or_else(|| is_lead.then(|| dateline_lead.captures(text)).flatten())
            else {
                continue;
            };
            let Some(source) = captures.name("source") else {
                continue;
            };
            let record = |fact, start: usize, end: usize| {
                Record::new(
                    document,
                    range.start + start..range.start + end,
                    DATELINE,
                    fact,
                )
            };
            // The agency is a known name at the start of the source; the rest is the place.
            let names = context.reference.find_names(source.as_str());
            let agency = names.first().filter(|name| {
                name.range.start == 0
                    && name.entities.len() == 1
                    && context.reference.entities[name.entities[0]].class.as_ref()
                        == dg::NEWS_AGENCY
            });
            // Run on into text, the line is a dateline only where a known agency opens it
            // (not `双方欢迎新华社北京8日电所述成果`).
            let run_on = captures.name("line").is_some();
            if run_on && agency.is_none() {
                continue;
            }
            if let Some(agency) = agency {
                let entity = &context.reference.entities[agency.entities[0]];
                records.push(record(
                    Fact::IssuedBy {
                        agency: entity.iri.as_str().to_owned(),
                    },
                    source.start() + agency.range.start,
                    source.start() + agency.range.end,
                ));
                // `阿布贾（尼日利亚）`: the city, its state in parentheses after it.
                let place_text = &source.as_str()[agency.range.end..];
                let place_text = place_text
                    .split_once('（')
                    .map_or(place_text, |(city, _)| city);
                if let Some(place) = context.reference.entity_named(place_text) {
                    let has_closing_place =
                        records.iter().any(|r| matches!(r.fact, Fact::Place { .. }));
                    if !has_closing_place {
                        records.push(record(
                            Fact::Place {
                                place: context.reference.entities[place].iri.as_str().to_owned(),
                            },
                            source.start() + agency.range.end,
                            source.end(),
                        ));
                    }
                }
            }
            let has_date = records.iter().any(|r| matches!(r.fact, Fact::Date { .. }));
            let number = |name: &str| group_number(&captures, name);
            // The year the dateline gives, else that of the closing line, else of the first date
            // in the dateline's month (`中新网4月4日电` … `于2006年4月4日至5日`); a dateline by day
            // alone (`新华社金边8日电`) takes the month and year of the first date in the text.
            let (year, month) = match (number("year"), number("month")) {
                (Some(year), month) => (i32::try_from(year).ok(), month),
                (None, Some(month)) => (
                    year.or_else(|| {
                        first_year_month(document, context, Some(month)).map(|(year, _)| year)
                    }),
                    Some(month),
                ),
                (None, None) => first_year_month(document, context, None).unzip(),
            };
            if let (Some(year), false) = (year, has_date) {
                if let (Some(month), Some(day)) = (month, number("day")) {
                    if let Some(date) = Date::from_parts(year, month, day) {
                        let end = captures.name("line").map_or(text.len(), |line| line.end());
                        records.push(record(Fact::Date { date: date.iso() }, 0, end));
                    }
                }
            }
        }
        // A news lead that says by day when and where the document was issued
        // (`中美两国19日在华盛顿就…发表联合声明`): the month, where the lead gives none, and the
        // year are those of the first date in the text written with them. It outranks the day
        // of the wire's dateline (`中新社苏瓦6月12日电/…11日在苏瓦发表联合公报`).
        let dated_by_dateline = records
            .iter()
            .any(|r| r.rule == DATELINE && matches!(r.fact, Fact::Date { .. }));
        if !has(&records, true) || dated_by_dateline {
            if let Some((range, captures)) = &lead {
                let number = |name: &str| group_number(captures, name);
                let year_month = first_year_month(document, context, number("month"));
                if let (Some((year, month)), Some(day)) = (year_month, number("day")) {
                    if let Some(date) = Date::from_parts(year, month, day) {
                        records.retain(|r| {
                            !(r.rule == DATELINE && matches!(r.fact, Fact::Date { .. }))
                        });
                        let whole = captures.get(0).expect("group 0");
                        records.push(Record::new(
                            document,
                            range.start + whole.start()..range.start + whole.end(),
                            LEAD_ISSUED,
                            Fact::Date { date: date.iso() },
                        ));
                        if !has(&records, false) {
                            let (_, found) =
                                date_and_place(document, context, range, captures, LEAD_ISSUED);
                            records.extend(found);
                        }
                    }
                }
            }
        }
        if !has(&records, true) {
            // The date of the meeting the first paragraph of the body reports: the first under
            // the title written in sentences and not page furniture (a site's line, a second
            // heading or a publication line under the title are passed over).
            let furniture = context.patterns.get("layout.furniture");
            let first_body = paragraphs
                .iter()
                .skip(document.title_paragraphs)
                .take(4)
                .find(|range| {
                    let text = document.slice((*range).clone());
                    text.contains(['。', '，']) && !furniture.is_match(text)
                });
            let opening = first_body.and_then(|range| {
                [
                    (OPENING_DATE, OPENING_DATE),
                    (MEETING_DATE, MEETING_DATE),
                    (HELD_OBJECT, MEETING_HELD),
                ]
                .into_iter()
                .find_map(|(pattern, rule)| {
                    context
                        .patterns
                        .get(pattern)
                        .captures(document.slice(range.clone()))
                        // A kind of meeting, not one (`双方同意于…在北京举行会议`), dates nothing.
                        .filter(|captures| {
                            captures.name("name").is_none_or(|name| {
                                rule != MEETING_HELD
                                    || !super::events::is_generic(name.as_str(), context)
                            })
                        })
                        .map(|captures| (rule, (range, captures)))
                })
            });
            if let Some((rule, (range, captures))) = opening {
                let (_, found) = date_and_place(document, context, range, &captures, rule);
                let placed = has(&records, false);
                records.extend(
                    found
                        .into_iter()
                        .filter(|r| matches!(r.fact, Fact::Date { .. }) || !placed),
                );
                // A meeting named after its city (`2025年3月14日，中俄伊北京会晤成功举行`) says
                // where, when the sentence does not.
                if rule == OPENING_DATE && !has(&records, false) {
                    let text = document.slice(range.clone());
                    let from = captures.get(0).expect("group 0").end();
                    let sentence = text[from..]
                        .find('。')
                        .map_or(&text[from..], |end| &text[from..from + end]);
                    if let Some((within, place)) =
                        super::events::city_before_head(sentence, context)
                    {
                        if let Some(entity) = place.entity {
                            records.push(Record::new(
                                document,
                                range.start + from + within.start..range.start + from + within.end,
                                MEETING_PLACE,
                                Fact::Place { place: entity },
                            ));
                        }
                    }
                }
            } else if let Some(record) =
                first_body.and_then(|range| opening_visit(document, context, range))
            {
                records.push(record);
            }
        }
        if !has(&records, true) {
            // A publication line under the title, the last resort.
            if let Some((range, captures)) = under_title(PUBLICATION_DATE) {
                let (_, found) =
                    date_and_place(document, context, &range, &captures, PUBLICATION_DATE);
                records.extend(found);
            }
        }
        // A copy without its title: the kind the news lead says was issued
        // (`…15日在阿布贾发表了联合公报`).
        if !records.iter().any(|r| matches!(r.fact, Fact::Kind { .. })) {
            let lead = lead.and_then(|(range, captures)| {
                let written = captures.name("kind")?;
                let kind = context.reference.kind_of_title(written.as_str())?;
                Some((
                    range.start + written.start()..range.start + written.end(),
                    kind,
                ))
            });
            if let Some((at, kind)) = lead {
                records.push(Record::new(
                    document,
                    at,
                    LEAD_ISSUED,
                    Fact::Kind {
                        kind: kind.iri.as_str().to_owned(),
                    },
                ));
            }
        }
        records
    }
}
