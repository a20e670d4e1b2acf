//! The example files of `tests/examples/`: for each rule, lines it must read and lines that look
//! alike and must not be read, run through the whole pipeline (normalization, documents, every
//! extractor) as a document of their own.
//!
//! A file `tests/examples/TYPE.tsv` holds lines `TEXT<TAB>EXPECTED`: `TEXT` is a document, with
//! `\n` for a line break; `EXPECTED` lists the facts of `TYPE` the document states, in the form of
//! the expected-facts files (`tests/expected/facts/README.md`) with `|` between fields and ` ; `
//! between facts, or `-` where it states none (a negative example). Only facts of `TYPE` are
//! compared, as a set.
//!
//! Cost: one pipeline run per example line.

use crate::extract::evaluate::Keys;
use crate::lang::data_file::data_lines;
use crate::map::mapping::{Iris, DEFAULT_BASE};
use crate::map::pipeline::{DataFiles, Pipeline};
use crate::text::document::Split;
use crate::text::input::SourceText;
use std::collections::BTreeSet;

/// The example files, by fact type.
const FILES: &[(&str, &str)] = &[
    ("title", include_str!("../../tests/examples/title.tsv")),
    ("date", include_str!("../../tests/examples/date.tsv")),
    ("place", include_str!("../../tests/examples/place.tsv")),
    ("kind", include_str!("../../tests/examples/kind.tsv")),
    ("party", include_str!("../../tests/examples/party.tsv")),
    (
        "signature",
        include_str!("../../tests/examples/signature.tsv"),
    ),
    (
        "instrument",
        include_str!("../../tests/examples/instrument.tsv"),
    ),
    ("event", include_str!("../../tests/examples/event.tsv")),
    ("visit", include_str!("../../tests/examples/visit.tsv")),
    ("office", include_str!("../../tests/examples/office.tsv")),
    ("person", include_str!("../../tests/examples/person.tsv")),
    (
        "invitation",
        include_str!("../../tests/examples/invitation.tsv"),
    ),
    (
        "proposal",
        include_str!("../../tests/examples/proposal.tsv"),
    ),
    (
        "statement",
        include_str!("../../tests/examples/statement.tsv"),
    ),
    (
        "commitment",
        include_str!("../../tests/examples/commitment.tsv"),
    ),
];

/// The facts of `fact_type` that the pipeline reads in `text`, in the examples' form.
fn facts(pipeline: &Pipeline, fact_type: &str, text: &str) -> BTreeSet<String> {
    let source = SourceText {
        path: "example.txt".into(),
        file_name: "example.txt".to_owned(),
        text: text.to_owned(),
        encoding: "UTF-8",
        format: crate::text::input::SourceFormat::Text,
    };
    let keys = Keys::new(&pipeline.reference);
    pipeline
        .process(source, Split::Detect)
        .iter()
        .flat_map(|extracted| {
            extracted
                .records
                .iter()
                .filter_map(|record| keys.key(record, &extracted.document))
                .collect::<Vec<_>>()
        })
        .filter_map(|line| {
            let (kind, fields) = line.split_once('\t')?;
            (kind == fact_type).then(|| fields.replace('\t', "|"))
        })
        .collect()
}

#[test]
fn every_example_reads_as_written() {
    let pipeline =
        Pipeline::load(&DataFiles::embedded(), Iris::new(DEFAULT_BASE).unwrap()).unwrap();
    let mut failures = Vec::new();
    for (fact_type, file) in FILES {
        let (mut positive, mut negative) = (0, 0);
        for (number, line) in data_lines(file) {
            let (text, expected) = line.split_once('\t').unwrap_or_else(|| {
                panic!("tests/examples/{fact_type}.tsv:{number}: expected TEXT<TAB>EXPECTED")
            });
            let text = text.replace("\\n", "\n");
            let expected: BTreeSet<String> = match expected.trim() {
                "-" => BTreeSet::new(),
                listed => listed
                    .split(" ; ")
                    .map(|fact| fact.trim().to_owned())
                    .collect(),
            };
            if expected.is_empty() {
                negative += 1;
            } else {
                positive += 1;
            }
            let found = facts(&pipeline, fact_type, &text);
            if found != expected {
                failures.push(format!(
                    "tests/examples/{fact_type}.tsv:{number}: expected {expected:?}, found {found:?}"
                ));
            }
        }
        assert!(
            positive >= 3 && negative >= 2,
            "tests/examples/{fact_type}.tsv needs at least three positive and two negative \
             examples ({positive} and {negative})"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
