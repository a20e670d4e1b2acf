//! Title, kind, date and place of an English document.
//!
//! Rules (patterns in `ontology/en/patterns.tsv`, words in `ontology/en/lexicon.tsv`):
//! - `en-metadata.title`: the first paragraph, when it reads as a title, without a site's
//!   breadcrumb before it or table residue after it; its kind is the leftmost longest `kind`
//!   phrase in it (`Joint Leaders’ Statement`, `Joint Communique: …`).
//! - `en-metadata.lead-title`: in a copy without its title line, the title a lead among the first
//!   paragraphs names as the text that follows (`The text of the Dhahran Declaration was carried
//!   … as follows:`), where it holds a kind.
//! - `en-metadata.lead-kind`: where no title is written, the kind a lead names in small letters
//!   as the text that follows (`The following is the full text of the joint communiqué:`).
//! - `en-metadata.self-kind`: where neither gives one, the kind the text first calls itself by
//!   (`… as of the date of the signing of this Joint Communique`, `the present Agreement`).
//! - `en-metadata.done-at`: `Done at PLACE on DATE` (also `Signed`, `Issued`, `Adopted`); the
//!   last such paragraph gives date and place.
//! - `en-metadata.title-date`: a date that ends the title, or stands before a dash and the kind,
//!   after a comma, a dash or `of` (`… – 4 September 2016`, `… of 5 December, 2005`, `…, Crete,
//!   10 October 2018 - Joint Declaration`), with the place written next to it (`…, Brussels, 18
//!   February 2003: Common Statement`, `…, 5 February 2021 at Merdeka Palace, Jakarta`); a date
//!   and place that end a heading after a comma or a dash (`…, 15TH JULY, 2022, NAIROBI-KENYA`,
//!   `…, Lima, 6 March 2015`, `…, 24-25 November 2017`) are the document's date and place, and
//!   not part of its title. In a title in capitals the date may follow a word after a space
//!   alone; the city such a dated heading opens with, right before its kind, is the place where
//!   none is written by the date (`en-metadata.title-city`: `DJAKARTA JOINT COMMUNIQUE 14 JUNE
//!   1968`). A range in the title gives way to a date alone right under it (`… State Visit …
//!   (December 04-06, 2023)` over `December 05, 2023`).
//! - `en-metadata.text-of-issued`: a lead or a cover note among the first three paragraphs under
//!   the title that says where and when the text it carries was issued or signed (`Below is the
//!   text of the communique issued in Lima on 30 October 1973 by …`).
//! - `en-metadata.dateline`: `PLACE, DATE` opening one of the paragraphs under the title
//!   (`WASHINGTON, May 21, 2021 —`) or standing as one of the last (`Astana, 3 July 2024`), or
//!   `DATE, PLACE:` opening a paragraph under the title (`25 June 2019, Addis Ababa:`) or `DATE |
//!   PLACE` as its line (`14/05/2016 | United Nations Headquarters, New York`), where no rule
//!   above gave a date; after an organisation, the city it sits in is the place (`United
//!   Nations, New York, 3 May 2024`), and a document's place is never an organisation.
//! - `en-metadata.wire-dateline`: a news agency's dateline on one of the three paragraphs above
//!   the title (`MOSCOW, Sept. 29 (Yonhap) --`), its place known, its date without a year taking
//!   the year of the first full date under the title, where no rule above gave a date.
//! - `en-metadata.place-line`: a paragraph under the title that is a place alone (`San
//!   Francisco, California`), where no rule above gave a place; else `en-metadata.meeting-place`:
//!   the place an opening's subject meets in (`metadata.meeting-place`: `The Heads of Government
//!   …, meeting in Harare, reaffirm …`); else `en-metadata.place-dash-lead`: a news lead under
//!   the title that opens with its place and a dash (`metadata.place-dash-lead`: `BEIJING --
//!   The People's Republic …`); else (`en-metadata.place-line`) a place alone on the line right
//!   above the title (`Addis Ababa, Ethiopia` over `COMMUNIQUÉ`), or the place of a dateline
//!   there, whose date is an archive's (`WELLINGTON 16 APR 1968`).
//! - `en-metadata.date-line`: a paragraph under the title or at the end that is a date alone, a
//!   time of day, parentheses and table residue aside (`2008-05-16 00:00 |`; a range gives its last
//!   day: a meeting's statement is issued when it ends), where no rule above gave one; last of all
//!   (after `en-metadata.meeting-lead`), the line right above the title, where a catalogue puts
//!   it (`June 21, 1951` over `TREATY OF FRIENDSHIP …`).
//! - `en-metadata.lead-above-issued`: a lead right above the title that introduces the text and
//!   says when it was signed or issued (`metadata.lead-above-issued`: `The documents signed on
//!   May 12, 1990 by … follow:`), where no rule above gave a date.
//! - `en-metadata.meeting-lead`: the date (and place) of the meeting that the title or one of the
//!   first two paragraphs (or the two after a news lead that says the text follows,
//!   `metadata.text-follows-lead`) tells of (`event.held`: `… met in Elounda, Crete, on 10
//!   October 2018`; or `metadata.held-lead`: `… was held in Beijing from November 9th to 11th,
//!   2005`, `… have gathered in Dhahran, Kingdom of Saudi Arabia, on …`, a date of another
//!   calendar before the Gregorian one passed over: `date.other-calendar`; or
//!   `metadata.gathered-for`: `… gathered for the 37th ASEAN Summit on 12 November 2020`; or the
//!   meeting at which it was made, `metadata.meeting-at`: `At the 4322nd meeting of the Security
//!   Council, held on 30 May 2001, …`; or the visit it tells of, `visit.phrase`: `… paid an
//!   official visit to Mongolia from 27 to 29 April 2013`, or by its verb, `visit.verb`: `…
//!   visited India from 3 to 6 June, 1973`, its last day), where nothing else dates the document.
//! - `en-metadata.published-line`: the day a site says it published the page, on a line under
//!   the title (`Published 21 February 2022`), last of all, where nothing else dates the
//!   document. The line of the day a site last changed the page (`metadata.revised-line`:
//!   `Updated 6 April 2023`) dates nothing.
//!
//! The label of an archive's field (`[Title]`, `[Date]`, `Place:`, `Date |`) is left out of what
//! follows it.
//!
//! Cost: linear in the document's length.

use super::actors::title_range;
use super::dates::{dates_with_years, full_dates, FoundDate};
use super::lexicon::Category;
use super::English;
use crate::extract::{Context, Extractor, Fact, Record};
use crate::rdf::vocab::dg;
use crate::text::document::Document;

/// See the module documentation.
pub struct MetadataExtractor;

/// In a copy without its title line, the range of the title that a lead among the first four
/// paragraphs names as the text that follows (`The text of the Dhahran Declaration was carried …
/// as follows:`), where it holds a kind, and that kind.
pub fn lead_title_range(
    document: &Document,
    context: &Context<'_>,
) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>, String)> {
    let english = context.english;
    let pattern = english.patterns.get("metadata.lead-title");
    document.paragraphs().take(4).find_map(|range| {
        let title = pattern
            .captures(document.slice(range.clone()))?
            .name("title")?;
        let (at, kind) = kind_in(title.as_str(), english)?;
        let start = range.start + title.start();
        Some((
            start..start + title.len(),
            start + at.start..start + at.end,
            kind,
        ))
    })
}

/// The title and kind of [`lead_title_range`], as records (`en-metadata.lead-title`); else the
/// kind a lead names alone (`en-metadata.lead-kind`), or the kind the text calls itself by
/// (`en-metadata.self-kind`).
fn lead_title(document: &Document, context: &Context<'_>) -> Vec<Record> {
    let Some((title, kind_at, kind)) = lead_title_range(document, context) else {
        return lead_kind(document, context)
            .map(|(at, kind)| (at, kind, "en-metadata.lead-kind"))
            .or_else(|| {
                self_kind(document, context).map(|(at, kind)| (at, kind, "en-metadata.self-kind"))
            })
            .map(|(at, kind, rule)| Record::new(document, at, rule, Fact::Kind { kind }))
            .into_iter()
            .collect();
    };
    vec![
        Record::new(
            document,
            title.clone(),
            "en-metadata.lead-title",
            Fact::Title {
                title: document.slice(title).to_owned(),
            },
        ),
        Record::new(
            document,
            kind_at,
            "en-metadata.lead-title",
            Fact::Kind { kind },
        ),
    ]
}

impl Extractor for MetadataExtractor {
    fn name(&self) -> &'static str {
        "en-metadata"
    }

    fn produces(&self) -> &'static [&'static str] {
        &["title", "kind", "date", "place"]
    }

    fn extract(&self, document: &Document, context: &Context<'_>) -> Vec<Record> {
        let mut records = title_date_and_place(document, context);
        if !records.iter().any(|r| matches!(r.fact, Fact::Place { .. })) {
            records.extend(meeting_place(document, context));
        }
        records
    }
}

/// The date and place of a news agency's dateline on one of the three paragraphs above the title
/// (`metadata.wire-dateline`: `MOSCOW, Sept. 29 (Yonhap) --`), where its place is known and its
/// date has a year, its own or that of the first full date under the title.
fn wire_dateline(
    document: &Document,
    context: &Context<'_>,
    have_place: bool,
) -> Option<Vec<Record>> {
    let english = context.english;
    let pattern = english.patterns.get("metadata.wire-dateline");
    let start = document.paragraph_range.start;
    let (range, captures) = (start.saturating_sub(3)..start).rev().find_map(|index| {
        let range = document.normalized.paragraphs[index].range.clone();
        let captures = pattern.captures(document.slice(range.clone()))?;
        Some((range, captures))
    })?;
    let place = captures.name("place").expect("checked group");
    let place_records = place_record(
        document,
        context,
        range.start + place.start(),
        place.as_str().trim_end(),
        "en-metadata.wire-dateline",
    );
    if place_records.is_empty() {
        return None;
    }
    let written = captures.name("date").expect("checked group");
    let below = full_dates(document.text(), english);
    let date = dates_with_years(written.as_str(), 0, english, &below)
        .into_iter()
        .find(|date| date.range.start == 0)?;
    let mut records = vec![date_record(
        document,
        range.start + written.start(),
        &date,
        "en-metadata.wire-dateline",
    )];
    if !have_place {
        records.extend(place_records);
    }
    Some(records)
}

/// The city a dated heading opens with, right before its kind, as a dateline would give it
/// (`en-metadata.title-city`: `DJAKARTA JOINT COMMUNIQUE 14 JUNE 1968`); `at` is where the title
/// `text` starts.
fn title_city(document: &Document, context: &Context<'_>, at: usize, text: &str) -> Vec<Record> {
    let english = context.english;
    let cased = super::actors::title_cased(text);
    let city = english
        .names
        .find(&cased)
        .into_iter()
        .next()
        .filter(|found| {
            found.range.start == 0
                && context.reference.entities[found.entity].class.as_ref() == dg::CITY
                && kind_in(&cased, english)
                    .is_some_and(|(kind, _)| cased[found.range.end..kind.start].trim().is_empty())
        });
    city.map_or_else(Vec::new, |city| {
        place_record(
            document,
            context,
            at,
            &text[city.range],
            "en-metadata.title-city",
        )
    })
}

/// The paragraph right above the title, where a copy has one.
fn line_above_title(document: &Document) -> Option<std::ops::Range<usize>> {
    document
        .paragraph_range
        .start
        .checked_sub(1)
        .filter(|_| document.title_paragraphs > 0)
        .map(|index| document.normalized.paragraphs[index].range.clone())
}

/// Where the dates of a visit told by its verb are written in `text`, and what follows from there
/// (`visit.verb` and `visit.verb-date`: `…, Prime Minister of Australia, visited India from 3 to 6
/// June, 1973`).
fn visited_dates<'t>(text: &'t str, english: &English) -> Option<(usize, &'t str)> {
    let verb_date = english.patterns.get("visit.verb-date");
    english
        .patterns
        .get("visit.verb")
        .find_iter(text)
        .find_map(|visited| {
            let rest = &text[visited.end()..];
            let rest = &rest[..rest.find(['.', ';']).unwrap_or(rest.len())];
            let date = full_dates(rest, english).into_iter().next()?;
            verb_date
                .is_match(&rest[..date.range.start])
                .then(|| (visited.end() + date.range.start, &rest[date.range.start..]))
        })
}

/// The place of the meeting the first six paragraphs under the title tell of
/// (`en-metadata.meeting-lead`:
/// `The Forum was held in Koror, Republic of Palau, from …`), for a document that no other rule
/// gives a place, whatever gave its date.
fn meeting_place(document: &Document, context: &Context<'_>) -> Vec<Record> {
    let english = context.english;
    let held = english.patterns.get("event.held");
    let held_lead = english.patterns.get("metadata.held-lead");
    document
        .paragraphs()
        .skip(document.title_paragraphs)
        .take(6)
        .find_map(|range| {
            let text = document.slice(range.clone());
            let captures = held.captures(text).or_else(|| held_lead.captures(text))?;
            let place = captures.name("place")?;
            captures.name("dates")?;
            Some(place_record(
                document,
                context,
                range.start + place.start(),
                place.as_str(),
                "en-metadata.meeting-lead",
            ))
        })
        .into_iter()
        .flatten()
        .collect()
}

/// Title, kind, date and place by the rules of the module documentation, but the meeting's place
/// where they give none (see [`meeting_place`]).
fn title_date_and_place(document: &Document, context: &Context<'_>) -> Vec<Record> {
    let english = context.english;
    let mut records = Vec::new();
    let title = title_range(document);
    let field_label = english.patterns.get("metadata.field-label");
    // Where a paragraph starts after the label of an archive's field (`[Date] `), if any.
    let unlabelled =
        |text: &'_ str| -> usize { field_label.find(text).map_or(0, |label| label.end()) };
    if let Some(range) = &title {
        let label = unlabelled(document.slice(range.clone()));
        let range = &(range.start + label..range.end);
        let text = document.slice(range.clone());
        // A site's breadcrumb before the title and table residue after it are not the title's.
        let start = english
            .patterns
            .get("metadata.title-breadcrumb")
            .find(text)
            .map_or(0, |crumbs| crumbs.end());
        let mut end = english
            .patterns
            .get("metadata.title-residue")
            .find(text)
            .map_or(text.len(), |residue| residue.start())
            .max(start);
        // A heading that ends with the date and place of issue (`…, 15TH JULY, 2022,
        // NAIROBI-KENYA`): they are the document's, not its title's.
        if let Some(title_end) = title_date(&text[..end], english).and_then(|d| d.title_end) {
            end = title_end.max(start);
        }
        // A heading run together with the line under it (`Chairman's StatementFourth Asia-Europe
        // Meeting`): the title ends with the kind, where a capital follows it without a space.
        if let Some(run_on) = run_on_kind_end(&text[start..end], english) {
            end = start + run_on;
        }
        let range = &(range.start + start..range.start + end);
        let text = document.slice(range.clone());
        records.push(Record::new(
            document,
            range.clone(),
            "en-metadata.title",
            Fact::Title {
                // A title broken over two lines is one line.
                title: without_full_stop(text.trim()).replace('\n', " "),
            },
        ));
        if let Some((at, kind)) = kind_in(text, english) {
            records.push(Record::new(
                document,
                range.start + at.start..range.start + at.end,
                "en-metadata.title",
                Fact::Kind { kind },
            ));
        }
    }
    if title.is_none() {
        records.extend(lead_title(document, context));
    }
    let paragraphs: Vec<std::ops::Range<usize>> = document
        .paragraphs()
        .skip(document.title_paragraphs)
        .collect();
    let tail = paragraphs.len().saturating_sub(6);
    let head = &paragraphs[..paragraphs.len().min(4)];
    // Done at PLACE on DATE: the last one. A date in words (`this Twelfth day of …`) is not
    // read; the place still is.
    let done_at = english.patterns.get("metadata.done-at");
    let mut have_place = false;
    for range in paragraphs.iter().rev() {
        let text = document.slice(range.clone());
        let Some(captures) = done_at.captures(text) else {
            continue;
        };
        let place = captures.name("place").expect("checked group");
        let place_records = place_record(
            document,
            context,
            range.start + place.start(),
            place.as_str(),
            "en-metadata.done-at",
        );
        have_place = !place_records.is_empty();
        records.extend(place_records);
        let date_group = captures.name("date").expect("checked group");
        if let Some(date) = full_dates(date_group.as_str(), english).into_iter().next() {
            let at = range.start + date_group.start();
            records.push(date_record(document, at, &date, "en-metadata.done-at"));
            return records;
        }
        break;
    }
    // A date that ends the title, or stands before a dash and the kind (`… in the Philippines
    // – 4 September 2016`, `… of 5 December, 2005`, `Summit, Crete, 10 October 2018 - Joint
    // Declaration`).
    if let Some(range) = &title {
        let text = document.slice(range.clone());
        // A range in the title is that of the visit or meeting it names (`… State Visit … to
        // Peru (December 04-06, 2023)`): a date alone right under the title is the document's.
        let dated = title_date(text, english).filter(|dated| {
            dated.date.end.is_none()
                || head.first().is_none_or(|first| {
                    date_alone(document.slice(first.clone()), english).is_none()
                })
        });
        if let Some(dated) = dated {
            records.push(date_record(
                document,
                range.start,
                &dated.date,
                "en-metadata.title-date",
            ));
            if let Some(place) = dated.place.filter(|_| !have_place) {
                records.extend(place_record(
                    document,
                    context,
                    range.start + place.start,
                    &text[place],
                    "en-metadata.title-date",
                ));
            } else if !have_place {
                records.extend(title_city(document, context, range.start, text));
            }
            return records;
        }
    }
    // A lead or a cover note under the title that says where and when the text it carries was
    // issued (`Below is the text of the communique issued in Lima on 30 October 1973 by …`).
    let text_of = english.patterns.get("metadata.text-of-issued");
    for range in head.iter().take(3) {
        let text = document.slice(range.clone());
        let Some(captures) = text_of.captures(text) else {
            continue;
        };
        let dates = captures.name("dates").expect("checked group");
        let Some(date) = leading_date(dates.as_str(), english) else {
            continue;
        };
        let place = captures.name("place").filter(|_| !have_place);
        records.extend(date_and_place(
            document,
            context,
            range.start,
            (dates.start(), &date),
            place,
            "en-metadata.text-of-issued",
        ));
        return records;
    }
    // A dateline with the date first (`25 June 2019, Addis Ababa: …`, `14/05/2016 | United
    // Nations Headquarters, New York`); the date holds even where the place is not known.
    let date_first = english.patterns.get("metadata.dateline-date-first");
    for range in head {
        let text = document.slice(range.clone());
        let Some(captures) = date_first.captures(text) else {
            continue;
        };
        let date_group = captures.name("date").expect("checked group");
        let Some(date) = full_dates(date_group.as_str(), english)
            .into_iter()
            .find(|date| date.range == (0..date_group.len()))
        else {
            continue;
        };
        let place = captures
            .name("place")
            .or(captures.name("place_line"))
            .filter(|_| !have_place);
        records.extend(date_and_place(
            document,
            context,
            range.start,
            (date_group.start(), &date),
            place,
            "en-metadata.dateline",
        ));
        return records;
    }
    let dateline = english.patterns.get("metadata.dateline");
    // A site's publication line (`Published 21 February 2022`) is no dateline: it comes last;
    // nor is the line of the day it last changed the page (`Updated 6 April 2023`).
    let published = english.patterns.get("metadata.published-line");
    let revised = english.patterns.get("metadata.revised-line");
    let ends: Vec<&std::ops::Range<usize>> = head
        .iter()
        .chain(paragraphs[tail.max(head.len())..].iter().rev())
        .collect();
    for range in ends {
        let text = document.slice(range.clone());
        let Some(captures) = dateline
            .captures(text)
            .filter(|_| !published.is_match(text) && !revised.is_match(text))
        else {
            continue;
        };
        // After the place with a space alone (`CANBERRA 27-28 JUNE 1972`), the date is all the
        // line holds.
        let spaced = captures.name("date_after_space");
        let Some(date_group) = captures.name("date").or(spaced) else {
            continue;
        };
        let Some(date) = leading_date(date_group.as_str(), english).filter(|date| {
            spaced.is_none() || date.range.end == date_group.as_str().trim_end().len()
        }) else {
            continue;
        };
        let mut place = captures.name("place").expect("checked group");
        // An organisation before the city it sits in (`United Nations, New York, …`).
        if let Some(within) = captures
            .name("within")
            .filter(|_| is_organisation(place.as_str(), context))
        {
            place = within;
        }
        let place_records = place_record(
            document,
            context,
            range.start + place.start(),
            place.as_str(),
            "en-metadata.dateline",
        );
        // A place the reference data does not know (`Bali, Indonesia, 15-16 November 2022`)
        // still leaves the date of a dateline right under the title; elsewhere such a line
        // is not trusted.
        if place_records.is_empty() && head.first() != Some(range) {
            continue;
        }
        records.push(date_record(
            document,
            range.start + date_group.start(),
            &date,
            "en-metadata.dateline",
        ));
        if !have_place {
            records.extend(place_records);
        }
        return records;
    }
    // A news agency's dateline above the title (`MOSCOW, Sept. 29 (Yonhap) --`), its date
    // without a year taking the year of the first full date under the title.
    if let Some(records_wire) = wire_dateline(document, context, have_place) {
        records.extend(records_wire);
        return records;
    }
    // A place alone on its line under the title (`San Francisco, California`).
    let mut placed = have_place;
    if !have_place {
        for range in head {
            let label = unlabelled(document.slice(range.clone()));
            let start = range.start + label;
            // `[Place] New York,`: the place of an archive's field.
            let text = document
                .slice(start..range.end)
                .trim_end_matches([',', '.']);
            if let Some(place) = place_line(text, context) {
                records.extend(place_record(
                    document,
                    context,
                    start,
                    &text[place],
                    "en-metadata.place-line",
                ));
                placed = true;
                break;
            }
        }
    }
    // Else the place the opening's subject meets in (`The Heads of Government of the countries
    // of the Commonwealth, meeting in Harare, reaffirm …`).
    if !placed {
        let meeting = english.patterns.get("metadata.meeting-place");
        for range in head.iter().take(3) {
            let text = document.slice(range.clone());
            if let Some(place) = meeting.captures(text).and_then(|c| c.name("place")) {
                let found = place_record(
                    document,
                    context,
                    range.start + place.start(),
                    place.as_str(),
                    "en-metadata.meeting-place",
                );
                placed = !found.is_empty();
                records.extend(found);
                break;
            }
        }
    }
    // Else a news lead under the title that opens with its place and a dash, without a date
    // (`BEIJING -- The People's Republic of China and …`).
    if !placed {
        let dash = english.patterns.get("metadata.place-dash-lead");
        for range in head.iter().take(3) {
            let text = document.slice(range.clone());
            let Some(place) = dash.captures(text).and_then(|c| c.name("place")) else {
                continue;
            };
            let written = super::actors::title_cased(place.as_str());
            let whole = english
                .names
                .find(&written)
                .first()
                .is_some_and(|found| found.range == (0..written.len()));
            if whole {
                records.extend(place_record(
                    document,
                    context,
                    range.start + place.start(),
                    place.as_str(),
                    "en-metadata.place-dash-lead",
                ));
                placed = true;
                break;
            }
        }
    }
    // Else a place alone on the line right above the title, where a heading over the kind puts
    // it (`Addis Ababa, Ethiopia` over `COMMUNIQUÉ`), or the place of a dateline there, whose
    // date is an archive's or a press office's (`WELLINGTON 16 APR 1968`).
    if !placed {
        if let Some(range) = line_above_title(document) {
            let text = document.slice(range.clone()).trim_end_matches([',', '.']);
            if let Some(place) = place_line(text, context) {
                records.extend(place_record(
                    document,
                    context,
                    range.start + place.start,
                    &text[place],
                    "en-metadata.place-line",
                ));
            } else if let Some(place) = dateline
                .captures(text)
                .filter(|captures| {
                    let date = captures.name("date").or(captures.name("date_after_space"));
                    date.is_some_and(|date| {
                        full_dates(date.as_str(), english)
                            .first()
                            .is_some_and(|found| found.range.start == 0)
                    })
                })
                .and_then(|captures| captures.name("place"))
            {
                records.extend(place_record(
                    document,
                    context,
                    range.start + place.start(),
                    place.as_str(),
                    "en-metadata.place-line",
                ));
            }
        }
    }
    // A date alone on its line, under the title or at the end.
    for range in head.iter().chain(&paragraphs[tail..]) {
        let label = unlabelled(document.slice(range.clone()));
        let range = &(range.start + label..range.end);
        if let Some(date) = date_alone(document.slice(range.clone()), english) {
            records.push(date_record(
                document,
                range.start,
                &date,
                "en-metadata.date-line",
            ));
            return records;
        }
    }
    // A lead right above the title that introduces the text and says when it was signed
    // (`The documents signed on May 12, 1990 by … follow:`).
    if let Some(range) = line_above_title(document) {
        let text = document.slice(range.clone());
        let lead = english.patterns.get("metadata.lead-above-issued");
        if let Some(dates) = lead.captures(text).and_then(|c| c.name("dates")) {
            if let Some(date) = leading_date(dates.as_str(), english) {
                records.push(date_record(
                    document,
                    range.start + dates.start(),
                    &date,
                    "en-metadata.lead-above-issued",
                ));
                return records;
            }
        }
    }
    // The meeting or visit the opening tells of, where nothing else dates the document: a
    // meeting's statement is issued the day it ends (`The Foreign Ministers … held their meeting
    // in Yekaterinburg, Russia, on May 16, 2008`), a visit's communiqué the day the visit ends
    // (`… paid an official visit to Mongolia from 27 to 29 April 2013`).
    let held = english.patterns.get("event.held");
    let held_lead = english.patterns.get("metadata.held-lead");
    let gathered_for = english.patterns.get("metadata.gathered-for");
    let meeting_at = english.patterns.get("metadata.meeting-at");
    let visit = english.patterns.get("visit.phrase");
    let other_calendar = english.patterns.get("date.other-calendar");
    // The first two paragraphs, or the two after a news lead among the first three that says the
    // text follows (`Following is the full text of the Chairman's Statement …`).
    let follows = english.patterns.get("metadata.text-follows-lead");
    let window = paragraphs
        .iter()
        .take(3)
        .rposition(|range| follows.is_match(document.slice(range.clone())))
        .map_or(2, |lead| lead + 3);
    // The title first: a communiqué titled by its meeting (`Communique of the 12th meeting of
    // the Council held on 22 July 2019, on …`).
    for range in title.iter().chain(paragraphs.iter().take(window)) {
        let text = document.slice(range.clone());
        // Each pattern in turn, the first whose dates are a full one (a meeting dated without
        // its year, `the summit meeting on September 29`, gives way to the visit after it).
        let mut found = [held, held_lead, gathered_for, meeting_at, visit]
            .into_iter()
            .filter_map(|pattern| pattern.captures(text))
            .filter_map(|captures| {
                let dates = captures.name("dates")?;
                let place = captures.name("place");
                Some((dates.start(), dates.as_str(), place))
            })
            // Else the dates after a visit told by its verb, looked for only when needed.
            .chain(
                std::iter::once_with(|| visited_dates(text, english))
                    .flatten()
                    .map(|(at, dates)| (at, dates, None)),
            )
            .filter_map(|(at, dates, place)| {
                // A date of another calendar may come first (`29 Rajab 1439H corresponding
                // to …`).
                let first = other_calendar.find(dates).map_or(0, |other| other.end());
                let date = full_dates(dates, english)
                    .into_iter()
                    .find(|date| date.range.start == first)?;
                Some((at, date, place))
            });
        let Some((at, date, place)) = found.next() else {
            continue;
        };
        records.push(date_record(
            document,
            range.start + at,
            &date,
            "en-metadata.meeting-lead",
        ));
        if let (false, Some(place)) = (have_place, place) {
            records.extend(place_record(
                document,
                context,
                range.start + place.start(),
                place.as_str(),
                "en-metadata.meeting-lead",
            ));
        }
        return records;
    }
    // Last, a date alone on the line right above the title, where a catalogue or an archive's
    // page puts it (`June 21, 1951` over `TREATY OF FRIENDSHIP …`).
    if let Some(range) = line_above_title(document) {
        if let Some(date) = date_alone(document.slice(range.clone()), english) {
            records.push(date_record(
                document,
                range.start,
                &date,
                "en-metadata.date-line",
            ));
            return records;
        }
    }
    // Last of all, the day a site says it published the page, under the title (`Published 21
    // February 2022`).
    for range in head {
        let text = document.slice(range.clone());
        let Some(label) = published.find(text) else {
            continue;
        };
        if let Some(date) = date_alone(&text[label.end()..], english) {
            records.push(date_record(
                document,
                range.start + label.end(),
                &date,
                "en-metadata.published-line",
            ));
            break;
        }
    }
    records
}

/// The range of the place in a line that is a place alone: a city or state of the reference data,
/// with at most a region or state after a comma (`San Francisco, California`); or a city after
/// the building it was issued in (`STATE HOUSE, NAIROBI`, `The White House, Washington`).
pub fn place_line(text: &str, context: &Context<'_>) -> Option<std::ops::Range<usize>> {
    let text = &super::actors::title_cased(text);
    place_first(text, context)
        .or_else(|| {
            let (building, place) = text.rsplit_once(',')?;
            let words: Vec<&str> = building.split_whitespace().collect();
            let capitalised = (1..=4).contains(&words.len())
                && words
                    .iter()
                    .all(|word| word.chars().next().is_some_and(char::is_uppercase));
            let at = building.len() + 1 + (place.len() - place.trim_start().len());
            let (found, is_city) = place_first(&text[at..], context)?;
            (capitalised && is_city && found.end == text[at..].trim_end().len())
                .then(|| (at + found.start..at + found.end, true))
        })
        .map(|(range, _)| range)
}

/// The place a line starts with, where nothing but a region follows it, and whether it is a city.
fn place_first(text: &str, context: &Context<'_>) -> Option<(std::ops::Range<usize>, bool)> {
    let found = context.english.names.find(text);
    let first = found.first().filter(|found| found.range.start == 0)?;
    let class = context.reference.entities[first.entity].class.as_ref();
    if class != crate::rdf::vocab::dg::CITY && class != crate::rdf::vocab::dg::STATE {
        return None;
    }
    let rest = text[first.range.end..].trim();
    let region_only = rest.is_empty()
        || rest.strip_prefix(',').is_some_and(|region| {
            let region = region.trim();
            region.split(' ').count() <= 3
                && region
                    .split(' ')
                    .all(|word| word.chars().next().is_some_and(char::is_uppercase))
        });
    region_only.then(|| (first.range.clone(), class == crate::rdf::vocab::dg::CITY))
}

/// The date and the place of a dateline that is its line whole (`Lima, 11 July 2025`,
/// `United Nations, New York, 3 May 2024`: the city after an organisation); the place's
/// range is within `text`.
pub fn dateline_alone(
    text: &str,
    context: &Context<'_>,
) -> Option<(FoundDate, std::ops::Range<usize>)> {
    let english = context.english;
    let captures = english.patterns.get("metadata.dateline").captures(text)?;
    let date_group = captures.name("date")?;
    let date = full_dates(date_group.as_str(), english)
        .into_iter()
        .find(|date| date.range == (0..date_group.as_str().trim_end_matches('.').len()))?;
    let mut place = captures.name("place")?;
    if let Some(within) = captures
        .name("within")
        .filter(|_| is_organisation(place.as_str(), context))
    {
        place = within;
    }
    Some((date, place.range()))
}

/// The one date of a line that holds nothing else but a time of day and punctuation
/// (`27 OCTOBER 2021`, `2008-05-16 00:00 |`); its range is within `text`.
pub fn date_alone(text: &str, english: &English) -> Option<FoundDate> {
    let dates = full_dates(text, english);
    let [date] = dates.as_slice() else {
        return None;
    };
    let rest = english.patterns.get("metadata.date-line-rest");
    (rest.is_match(&text[..date.range.start]) && rest.is_match(&text[date.range.end..]))
        .then(|| date.clone())
}

/// The date a title carries, and the place written next to it.
struct TitleDate {
    /// Its range is within the title.
    date: FoundDate,
    /// The place after the date (`…, 15TH JULY, 2022, NAIROBI-KENYA`, `… at Merdeka Palace,
    /// Jakarta`) or before it (`…, Brussels, 18 February 2003: …`), a range of the title.
    place: Option<std::ops::Range<usize>>,
    /// Where the title ends when it ends with the date and a place after a comma: before the
    /// separator of the date.
    title_end: Option<usize>,
}

/// The date of a title, where the title ends with it, with a dash or colon and words after it,
/// or with a place after it, and a comma, a dash or `of`/`on`/`dated` stands before it
/// (`metadata.title-date-before`, `metadata.title-date-after` with its groups `place` and
/// `place_at`); else the place before it (`metadata.title-place-before`).
fn title_date(title: &str, english: &English) -> Option<TitleDate> {
    let before = english.patterns.get("metadata.title-date-before");
    let after = english.patterns.get("metadata.title-date-after");
    let date = full_dates(title, english).pop()?;
    let separator = before.find(&title[..date.range.start])?;
    let captures = after.captures(&title[date.range.end..])?;
    let after_date =
        |place: regex::Match<'_>| date.range.end + place.start()..date.range.end + place.end();
    // The place of issue after a comma ends the title; one after `at`/`in` is part of it.
    let (place, title_end) = match (captures.name("place"), captures.name("place_at")) {
        (Some(place), _) => (Some(after_date(place)), Some(separator.start())),
        (None, Some(place)) => (Some(after_date(place)), None),
        (None, None) => {
            let place = english
                .patterns
                .get("metadata.title-place-before")
                .captures(&title[..date.range.start])
                .and_then(|captures| captures.name("place"))
                .map(|place| place.range());
            // A date (and place) after a comma or a dash, or in parentheses, that ends the heading
            // is not part of the title (`…, 24-25 November 2017`, `… (30–31 JULY 2025)`); one
            // after `of`, `on` or `dated`, or followed by the
            // kind (`… 18 February 2003: Common Statement`), is.
            let set_off = separator
                .as_str()
                .trim_start()
                .starts_with([',', '–', '—', '-', '('])
                && title[date.range.end..]
                    .trim()
                    .trim_start_matches(')')
                    .is_empty();
            let title_end = set_off
                .then(|| match &place {
                    Some(place) => title[..place.start].trim_end_matches([' ', ',']).len(),
                    None => separator.start(),
                })
                // Within parentheses (`… (Lima, 6 March 2015)`), the title ends before them.
                .map(|end| match title[..end].rfind('(') {
                    Some(open) if !title[open..end].contains(')') => title[..open].trim_end().len(),
                    _ => end,
                });
            (place, title_end)
        }
    };
    Some(TitleDate {
        title_end,
        date,
        place,
    })
}

/// Where a title ends that runs on into the next line without a space: the end of a `kind`
/// phrase followed directly by a capital after a small letter (`StatementFourth`).
fn run_on_kind_end(title: &str, english: &English) -> Option<usize> {
    let chars: Vec<(usize, char)> = title.char_indices().collect();
    chars.windows(2).find_map(|pair| {
        let [(_, before), (at, after)] = [pair[0], pair[1]];
        if !(before.is_lowercase() && after.is_uppercase()) {
            return None;
        }
        kind_in(&title[..at], english)
            .filter(|(kind, _)| kind.end == at)
            .map(|_| at)
    })
}

/// The kind a lead among the first four paragraphs names in small letters as the text that
/// follows (`metadata.lead-kind`: `The following is the full text of the joint communiqué:`): its
/// range and kind, where the words are a `kind` phrase and nothing more.
fn lead_kind(
    document: &Document,
    context: &Context<'_>,
) -> Option<(std::ops::Range<usize>, String)> {
    let english = context.english;
    let pattern = english.patterns.get("metadata.lead-kind");
    document.paragraphs().take(4).find_map(|range| {
        let found = pattern
            .captures(document.slice(range.clone()))?
            .name("kind")?;
        let written = found.as_str().to_lowercase();
        let entry = english
            .lexicon
            .entries(Category::Kind)
            .iter()
            .find(|entry| entry.phrase.to_lowercase() == written)?;
        let start = range.start + found.start();
        Some((
            start..start + found.len(),
            entry.iri.as_ref()?.as_str().to_owned(),
        ))
    })
}

/// The kind the text first calls itself by (`metadata.self-kind`: `… of this Joint Communique`,
/// `the present Agreement shall …`): its range and kind, where the capitalized words after
/// `this` end with a `kind` phrase.
fn self_kind(
    document: &Document,
    context: &Context<'_>,
) -> Option<(std::ops::Range<usize>, String)> {
    let english = context.english;
    let pattern = english.patterns.get("metadata.self-kind");
    let text = document.text();
    pattern.captures_iter(text).find_map(|captures| {
        let found = captures.name("kind")?;
        let (at, kind) = kind_in(found.as_str(), english)?;
        (at.end == found.len()).then(|| {
            let start = document.range.start + found.start();
            (start..start + found.len(), kind)
        })
    })
}

/// The leftmost longest `kind` phrase of a title: its range and kind.
fn kind_in(title: &str, english: &English) -> Option<(std::ops::Range<usize>, String)> {
    // A title broken over lines reads as one line (`JOINT` over `COMMUNIQUE`); offsets hold.
    let title = title.replace('\n', " ");
    english
        .kind_occurrences(&title)
        .into_iter()
        .find_map(|(at, entry)| {
            let iri = entry.iri.as_ref()?;
            Some((at..at + entry.phrase.len(), iri.as_str().to_owned()))
        })
}

/// A title without the full stop a repost put after its last word (`… Relations.`); an
/// abbreviation's stop (`U.S.`) stays.
fn without_full_stop(title: &str) -> &str {
    match title.strip_suffix('.') {
        Some(bare) if bare.chars().next_back().is_some_and(char::is_lowercase) => bare,
        _ => title,
    }
}

/// The date record of a date found at `at` (the start of the text it was searched in): a range
/// gives its last day.
fn date_record(document: &Document, at: usize, date: &FoundDate, rule: &'static str) -> Record {
    let day = date.end.unwrap_or(date.start);
    Record::new(
        document,
        at + date.range.start..at + date.range.end,
        rule,
        Fact::Date { date: day.iso() },
    )
}

/// The full date (or range) that opens `text`, if one does.
fn leading_date(text: &str, english: &English) -> Option<FoundDate> {
    full_dates(text, english)
        .into_iter()
        .find(|date| date.range.start == 0)
}

/// The record of a date found at `date.0` of the paragraph that starts at `start`, and that of
/// its place, where one is given and the reference data knows it.
fn date_and_place(
    document: &Document,
    context: &Context<'_>,
    start: usize,
    date: (usize, &FoundDate),
    place: Option<regex::Match<'_>>,
    rule: &'static str,
) -> Vec<Record> {
    let mut records = vec![date_record(document, start + date.0, date.1, rule)];
    if let Some(place) = place {
        records.extend(place_record(
            document,
            context,
            start + place.start(),
            place.as_str(),
            rule,
        ));
    }
    records
}

/// Whether `text` is the name of an organisation of the reference data, whole.
fn is_organisation(text: &str, context: &Context<'_>) -> bool {
    let written = super::actors::title_cased(text);
    context
        .english
        .names
        .find(&written)
        .first()
        .is_some_and(|found| {
            found.range == (0..written.len())
                && context.reference.entities[found.entity].class.as_ref()
                    == dg::INTERNATIONAL_ORGANISATION
        })
}

/// The place record of a place written at `at`, when the reference data knows the place.
fn place_record(
    document: &Document,
    context: &Context<'_>,
    at: usize,
    text: &str,
    rule: &'static str,
) -> Vec<Record> {
    // `WASHINGTON` of a dateline is looked up as `Washington` (same length: offsets hold). An
    // organisation named before the city (`United Nations, New York`) is no place.
    let found = context
        .english
        .names
        .find(&super::actors::title_cased(text));
    let Some(first) = found.iter().find(|found| {
        let class = context.reference.entities[found.entity].class.as_ref();
        [dg::CITY, dg::STATE, dg::PLACE, dg::REGION].contains(&class)
    }) else {
        return Vec::new();
    };
    vec![Record::new(
        document,
        at + first.range.start..at + first.range.end,
        rule,
        Fact::Place {
            place: context.reference.entities[first.entity]
                .iri
                .as_str()
                .to_owned(),
        },
    )]
}
