//! The layout and metadata patterns of `ontology/patterns.tsv`, compiled and checked at start.
//!
//! Patterns are data a linguist can edit: one rule a line, `RULE<TAB>REGEX`. The code names the
//! rules it uses and the capture groups each must have ([`REQUIRED`]); a missing rule, an unknown
//! rule, a pattern that does not compile or lacks a group is an error that names the file and line.

use crate::error::DataError;
use crate::lang::data_file::{data_lines, line_error};
use regex::Regex;
use std::collections::BTreeMap;

/// The groups of both patterns of a dated visit (`visit.verb`, `visit.phrase`).
const VISIT_GROUPS: &[&str] = &[
    "start_year",
    "start_month",
    "start_day",
    "end_day",
    "host",
    "kind",
];

/// The groups of a pattern of a date or range (its year and month carried over) and a place.
const DATED_GROUPS: &[&str] = &[
    "year",
    "month",
    "day",
    "end_year",
    "end_month",
    "end_day",
    "place",
];

/// [`DATED_GROUPS`] and the name of what was held (`event.held-dated-sentence`,
/// `event.held-object`, `event.held-dated-object`, `event.held-dated-convened`).
const HELD_NAMED_GROUPS: &[&str] = &[
    "year",
    "month",
    "day",
    "end_year",
    "end_month",
    "end_day",
    "place",
    "name",
];

/// The rules the extractors use, with the named groups each pattern must have.
pub const REQUIRED: &[(&str, &[&str])] = &[
    ("layout.paragraph-opener", &[]),
    ("layout.numeral-date", &["year", "month", "day"]),
    ("structure.section", &["marker"]),
    ("structure.subsection", &["marker"]),
    ("structure.sentence-end", &[]),
    ("metadata.title-line", &[]),
    ("metadata.not-title-head", &[]),
    ("metadata.author-line", &[]),
    ("metadata.closing-date", &["year", "month", "day", "place"]),
    ("metadata.dateline", &["source", "month", "day"]),
    (
        "metadata.dateline-lead",
        &["line", "source", "month", "day"],
    ),
    ("metadata.signing-sentence", &[]),
    ("metadata.signing", &["year", "month", "day", "place"]),
    (
        "metadata.date-parenthesis",
        &["year", "month", "day", "place", "place_first"],
    ),
    ("metadata.publication-date", &["year", "month", "day"]),
    ("metadata.opening-date", &["year", "month", "day"]),
    ("metadata.meeting-date", &["year", "month", "day"]),
    ("metadata.lead-issued", &["month", "day", "place", "kind"]),
    ("metadata.lead-title", &["title"]),
    ("metadata.encyclopedia-lead", &["title"]),
    ("metadata.year-month", &["year", "month"]),
    ("metadata.year-month-iso", &["year", "month"]),
    ("place.inner", &[]),
    ("event.name-aside", &["abbreviation"]),
    ("layout.furniture", &[]),
    ("layout.furniture-tail", &[]),
    ("layout.end-notice", &[]),
    ("layout.text-follows", &[]),
    ("layout.reading-gloss", &[]),
    ("metadata.title-suffix", &[]),
    ("metadata.title-prefix", &[]),
    ("metadata.title-label", &[]),
    ("metadata.kind-field", &[]),
    ("metadata.record-field", &["year", "month", "day", "place"]),
    ("metadata.title-site-tag", &[]),
    ("instrument.parenthesis", &["year", "month", "day", "place"]),
    ("instrument.period", &["period"]),
    ("instrument.date-before", &["year", "month", "day", "place"]),
    (
        "instrument.signed-name",
        &["year", "month", "day", "place", "quoted", "title"],
    ),
    ("instrument.dated-name", &["year", "month", "day", "title"]),
    ("instrument.not-title", &[]),
    ("instrument.book-before", &[]),
    ("instrument.book-after", &[]),
    ("event.parenthesis", DATED_GROUPS),
    ("event.ordinal", &["ordinal"]),
    ("event.held-dated-sentence", HELD_NAMED_GROUPS),
    ("event.held-object", HELD_NAMED_GROUPS),
    ("event.held-dated-object", HELD_NAMED_GROUPS),
    ("event.held-dated-convened", HELD_NAMED_GROUPS),
    ("event.dated-at", &["year", "month", "day", "name"]),
    ("event.how-long", &[]),
    ("event.counted", &[]),
    ("event.described", &[]),
    ("event.full-date", &["year"]),
    ("event.held", DATED_GROUPS),
    ("signature.line", &["office", "name"]),
    ("signature.name", &["name"]),
    ("signature.office-end", &[]),
    ("signature.name-rank", &["name"]),
    ("signature.ignored", &[]),
    ("signature.salutation", &[]),
    (
        "commitment.quantity",
        &["qualifier", "amount", "scale", "unit", "what"],
    ),
    ("commitment.period", &[]),
    ("visit.verb", VISIT_GROUPS),
    ("visit.phrase", VISIT_GROUPS),
    (
        "visit.date-before",
        &[
            "start_year",
            "start_month",
            "start_day",
            "end_month",
            "end_day",
        ],
    ),
    ("event.announced", &["year", "place", "name"]),
    ("mentions.short-form", &["short"]),
    ("invitation.invite", &["invitee", "purpose", "host"]),
    ("invitation.at", &["inviter"]),
    (
        "event.named-prefix",
        &["year", "month", "day", "place", "online"],
    ),
    ("event.announced-prefix", &[]),
    ("event.organiser", &["organisers"]),
    ("persons.transliterated", &["name"]),
    ("party.written-date", &["year", "month", "day"]),
    ("party.members-of", &[]),
    ("party.members-alone", &[]),
    ("party.participants-after", &[]),
    ("party.delegation-list", &[]),
    ("party.list-opens", &[]),
    ("party.chair-lead", &[]),
    ("layout.record-field", &[]),
    ("parties.title-pair", &["short", "short_first"]),
    ("metadata.title-date", &["year", "month", "day"]),
    (
        "metadata.title-place-date",
        &["place", "year", "month", "day"],
    ),
    ("metadata.title-furniture", &[]),
    ("statement.object-marker", &[]),
    ("statement.modal-subject-not-actor", &[]),
];

/// The rules of the English extractors (`ontology/en/patterns.tsv`), with the named groups each
/// pattern must have. `MONTH`, `CURRENCY`, `SCALE`, `COUNT_UNIT` and `NUMBER_WORD` in a pattern
/// stand for the phrases of those categories of the English lexicon.
pub const REQUIRED_EN: &[(&str, &[&str])] = &[
    ("structure.section", &["marker"]),
    ("structure.subsection", &["marker"]),
    ("structure.sentence-end", &[]),
    ("structure.not-sentence-end", &[]),
    (
        "date.month-day-year",
        &["month", "day", "end_month", "end_day", "year"],
    ),
    (
        "date.day-month-year",
        &["day", "end_day", "month", "end_day2", "end_month", "year"],
    ),
    ("date.iso", &["year", "month", "day"]),
    ("date.numeric", &["first", "second", "year"]),
    ("date.day-word", &["day_word", "month", "year"]),
    ("date.weekday", &[]),
    ("date.other-calendar", &[]),
    ("date.month-day", &["month", "day", "end_day"]),
    ("date.day-month", &["day", "month", "end_day"]),
    ("metadata.done-at", &["place", "date"]),
    ("metadata.dateline", &["place", "within", "date"]),
    (
        "metadata.dateline-date-first",
        &["date", "place", "place_line"],
    ),
    ("metadata.wire-dateline", &["place", "date"]),
    ("metadata.field-label", &["bracketed", "colon", "spaced"]),
    ("metadata.published-line", &[]),
    ("metadata.revised-line", &[]),
    ("metadata.place-dash-lead", &["place"]),
    ("metadata.lead-above-issued", &["dates"]),
    ("metadata.text-of-issued", &["place", "dates"]),
    ("metadata.title-breadcrumb", &[]),
    ("metadata.title-residue", &[]),
    ("layout.site-tagline", &[]),
    ("layout.signing-line", &[]),
    ("layout.run-on-paragraph", &["marker"]),
    ("layout.site-furniture", &[]),
    ("metadata.title-date-before", &[]),
    ("metadata.title-date-after", &["place", "place_at"]),
    ("metadata.title-place-before", &["place"]),
    ("metadata.date-line-rest", &[]),
    ("visit.phrase", &["kind", "visitor", "host", "dates"]),
    ("visit.possessive", &["visitor"]),
    ("visit.invited", &["visitor", "kind", "host"]),
    ("visit.verb", &["kind", "host"]),
    ("visit.hosted", &["visitor"]),
    ("visit.verb-date", &[]),
    ("event.held", &["verb", "body", "place", "dates"]),
    ("metadata.held-lead", &["place", "dates"]),
    ("metadata.gathered-for", &["dates"]),
    ("metadata.text-follows-lead", &[]),
    ("metadata.meeting-place", &["place"]),
    ("metadata.lead-title", &["title"]),
    ("metadata.lead-kind", &["kind"]),
    ("metadata.self-kind", &["kind"]),
    ("layout.text-follows", &[]),
    ("layout.byline", &[]),
    ("layout.title-small-word", &[]),
    ("layout.title-kind-tie", &[]),
    ("kind.not-kind-after", &[]),
    ("parties.attendance-lead", &[]),
    ("parties.attendance-entry", &[]),
    ("parties.represented", &[]),
    ("layout.title-broken", &[]),
    ("metadata.meeting-at", &["dates"]),
    ("event.place-lead", &[]),
    ("event.place-venue", &[]),
    ("event.place-end", &[]),
    ("event.place-before", &["into", "place"]),
    ("event.place-continues", &[]),
    ("instrument.not-name-lead", &[]),
    ("instrument.not-adoption-lead", &[]),
    ("instrument.self-lead", &[]),
    ("instrument.numbered-resolutions", &["head", "items"]),
    ("instrument.resolution-item", &["number", "year"]),
    ("signature.office", &["office", "state"]),
    ("signature.signed-mark", &[]),
    ("signature.for-party", &["party"]),
    ("signature.name-honorific", &[]),
    ("person.apposition", &["name"]),
    ("commitment.money-before", &["currency", "amount", "scale"]),
    ("commitment.money-after", &["amount", "scale", "currency"]),
    ("commitment.count", &["amount", "scale", "unit"]),
];

/// Compiled patterns by rule name.
#[derive(Debug, Clone)]
pub struct Patterns {
    by_rule: BTreeMap<String, Regex>,
}

impl Patterns {
    /// Parses the text of the Chinese patterns file; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Self, DataError> {
        Self::parse_rules(file, text, REQUIRED, &[])
    }

    /// Parses a patterns file that must define the rules of `required`; each `(NAME, TEXT)` of
    /// `substitutions` replaces NAME in the patterns before they are compiled.
    pub fn parse_rules(
        file: &str,
        text: &str,
        required: &[(&str, &[&str])],
        substitutions: &[(&str, String)],
    ) -> Result<Self, DataError> {
        let mut by_rule = BTreeMap::new();
        for (number, line) in data_lines(text) {
            let error = |message: String| line_error(file, number, message);
            let Some((rule, pattern)) = line.split_once('\t') else {
                return Err(error("expected `RULE<TAB>REGEX`".to_owned()));
            };
            let Some((_, groups)) = required.iter().find(|(name, _)| *name == rule) else {
                return Err(error(format!("unknown rule `{rule}`")));
            };
            let mut pattern = pattern.to_owned();
            for (name, replacement) in substitutions {
                pattern = pattern.replace(name, replacement);
            }
            let regex = Regex::new(&pattern).map_err(|e| error(format!("rule `{rule}`: {e}")))?;
            for group in *groups {
                if !regex.capture_names().flatten().any(|name| name == *group) {
                    return Err(error(format!(
                        "rule `{rule}` needs a group `(?P<{group}>…)`"
                    )));
                }
            }
            if by_rule.insert(rule.to_owned(), regex).is_some() {
                return Err(error(format!("rule `{rule}` is defined twice")));
            }
        }
        for (rule, _) in required {
            if !by_rule.contains_key(*rule) {
                return Err(DataError::Invalid {
                    file: file.to_owned(),
                    message: format!("rule `{rule}` is missing"),
                });
            }
        }
        Ok(Self { by_rule })
    }

    /// The compiled pattern of a rule, where the file defines it.
    pub fn find(&self, rule: &str) -> Option<&Regex> {
        self.by_rule.get(rule)
    }

    /// The compiled pattern of a rule listed in [`REQUIRED`] (or the list it was parsed with).
    pub fn get(&self, rule: &str) -> &Regex {
        // Presence of every REQUIRED rule is checked in `parse`.
        &self.by_rule[rule]
    }
}
