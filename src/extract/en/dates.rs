//! Dates as English texts write them: `May 12, 2025`, `12 May 2025`, `12 MAY 2025`,
//! `2025-05-12`, `14/05/2016` (in numbers with slashes only where the day is above 12); ranges
//! `November 10–11, 2023`, `10-11 November 2023`, `30 June to 2 July 2024`, `from 26 October
//! until 31 October 1973`; and `May 10` or `7th to 10th December` without a year, which takes
//! the year of the nearest full date before it (or after it, when none comes before). A date in
//! words (`the twelfth day of…`) is not read.
//!
//! The patterns are `date.*` of `ontology/en/patterns.tsv`; month names come from the lexicon.
//!
//! Cost: linear in the text.

use super::English;
use crate::extract::text::group_number;
use crate::extract::Date;
use std::ops::Range;

/// A date or range found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    pub range: Range<usize>,
    pub start: Date,
    /// The last day, for a range.
    pub end: Option<Date>,
}

/// The full dates and ranges of `text` (with their year), left to right, not overlapping.
pub fn full_dates(text: &str, english: &English) -> Vec<FoundDate> {
    let mut found = Vec::new();
    for rule in [
        "date.month-day-year",
        "date.day-month-year",
        "date.iso",
        "date.day-word",
    ] {
        for captures in english.patterns.get(rule).captures_iter(text) {
            let whole = captures.get(0).expect("group 0");
            let number = |name: &str| group_number(&captures, name);
            // A month by name, or by number in the ISO form.
            let month_of = |name: &str| {
                captures.name(name).and_then(|m| {
                    english
                        .lexicon
                        .month(m.as_str())
                        .or_else(|| m.as_str().parse::<u32>().ok())
                })
            };
            // A day by number, or as an ordinal word (`the Thirty-first day of …`).
            let day = number("day").or_else(|| {
                captures
                    .name("day_word")
                    .and_then(|m| english.lexicon.day_word(m.as_str()))
            });
            let (Some(year), Some(month), Some(day)) = (number("year"), month_of("month"), day)
            else {
                continue;
            };
            let Some(start) = Date::from_parts(year as i32, month, day) else {
                continue;
            };
            let end_day = number("end_day").or_else(|| number("end_day2"));
            let end_month = month_of("end_month").unwrap_or(month);
            let end = end_day.and_then(|day| Date::from_parts(year as i32, end_month, day));
            // `30 June to 2 July 2024`: the first day's month is its own, the year is shared.
            found.push(FoundDate {
                range: whole.range(),
                start,
                end: end.filter(|end| *end > start),
            });
        }
    }
    // In numbers with slashes, where the day is the one above 12 (not inside a document's
    // symbol: `A/RES/70/1`).
    for captures in english.patterns.get("date.numeric").captures_iter(text) {
        let whole = captures.get(0).expect("group 0");
        let number = |name: &str| group_number(&captures, name);
        let (Some(first), Some(second), Some(year)) =
            (number("first"), number("second"), number("year"))
        else {
            continue;
        };
        let in_symbol =
            text[..whole.start()].ends_with('/') || text[whole.end()..].starts_with('/');
        let (day, month) = match (first > 12, second > 12) {
            (true, false) => (first, second),
            (false, true) => (second, first),
            _ => continue,
        };
        if let (false, Some(start)) = (in_symbol, Date::from_parts(year as i32, month, day)) {
            found.push(FoundDate {
                range: whole.range(),
                start,
                end: None,
            });
        }
    }
    keep_leftmost_longest(found)
}

/// The dates of `text`, full ones and those without a year; a date without a year takes the
/// year of the nearest full date before it in `context_dates` (those of the whole document),
/// else the nearest after it. `offset` is where `text` starts in the document.
pub fn dates_with_years(
    text: &str,
    offset: usize,
    english: &English,
    context_dates: &[FoundDate],
) -> Vec<FoundDate> {
    let mut found = full_dates(text, english);
    let patterns = [
        english.patterns.get("date.month-day"),
        english.patterns.get("date.day-month"),
    ];
    let partial = patterns
        .iter()
        .flat_map(|pattern| pattern.captures_iter(text));
    for captures in partial {
        let whole = captures.get(0).expect("group 0");
        if found
            .iter()
            .any(|date| date.range.start <= whole.start() && whole.start() < date.range.end)
        {
            continue;
        }
        let at = offset + whole.start();
        let year = context_dates
            .iter()
            .rev()
            .find(|date| date.range.start <= at)
            .or_else(|| context_dates.first())
            .map(|date| date.start.year);
        let Some(year) = year else {
            continue;
        };
        let month = captures
            .name("month")
            .and_then(|m| english.lexicon.month(m.as_str()));
        let day = group_number(&captures, "day");
        let (Some(month), Some(day)) = (month, day) else {
            continue;
        };
        let Some(start) = Date::from_parts(year, month, day) else {
            continue;
        };
        let end = group_number(&captures, "end_day")
            .and_then(|day| Date::from_parts(year, month, day))
            .filter(|end| *end > start);
        found.push(FoundDate {
            range: whole.range(),
            start,
            end,
        });
    }
    keep_leftmost_longest(found)
}

/// The first `bytes` bytes of `text` at most, cut on a character boundary: where a date is looked
/// for right after a word.
pub fn head(text: &str, bytes: usize) -> &str {
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn keep_leftmost_longest(mut found: Vec<FoundDate>) -> Vec<FoundDate> {
    found.sort_by(|a, b| {
        a.range
            .start
            .cmp(&b.range.start)
            .then(b.range.end.cmp(&a.range.end))
    });
    let mut kept: Vec<FoundDate> = Vec::new();
    for date in found {
        if kept
            .last()
            .is_none_or(|last| date.range.start >= last.range.end)
        {
            kept.push(date);
        }
    }
    kept
}
