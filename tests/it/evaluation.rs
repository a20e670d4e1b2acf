//! The extractors measured against the expected facts written by hand in `tests/expected/facts/`.

use super::*;

/// Runs `diplograph evaluate` and returns (fact type, precision, recall) rows.
fn evaluate() -> Vec<(String, f64, f64)> {
    let dir = tempfile::tempdir().unwrap();
    let expected = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected/facts");
    let out = ok(
        dir.path(),
        &[
            "evaluate",
            "--expected",
            expected.to_str().unwrap(),
            samples().to_str().unwrap(),
        ],
    );
    assert!(out.starts_with("3 document(s) scored"), "{out}");
    out.lines()
        .skip(3)
        .map(|line| {
            let cells: Vec<&str> = line.split_whitespace().collect();
            (
                cells[0].to_owned(),
                cells[4].parse().unwrap(),
                cells[5].parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn evaluation_meets_the_targets() {
    let rows = evaluate();
    let types: Vec<&str> = rows
        .iter()
        .map(|(fact_type, _, _)| fact_type.as_str())
        .collect();
    for required in [
        "instrument",
        "event",
        "proposal",
        "signature",
        "party",
        "date",
        "place",
        "mechanism",
    ] {
        assert!(types.contains(&required), "{required} is scored: {types:?}");
    }
    for (fact_type, precision, recall) in &rows {
        assert!(
            *precision >= 0.95,
            "{fact_type}: precision {precision} below 0.95"
        );
        // Every dated instrument with its date and place, every dated meeting, every proposal with
        // its proposer, all eight signatories: nothing expected may be missed.
        if ["instrument", "event", "proposal", "signature"].contains(&fact_type.as_str()) {
            assert!(*recall >= 1.0, "{fact_type}: recall {recall}");
        }
    }
}

/// The mechanism rules on sentences written for this test, not taken from the samples: a list
/// before `等机制`, a generic `机制` after a committee, a body inside a title, and an enumeration
/// whose items share one head word.
#[test]
fn mechanism_rules_read_lists_titles_and_shared_heads() {
    use diplograph::document::Split;
    use diplograph::extract::Fact;
    use diplograph::input::SourceText;
    use diplograph::mapping::{Iris, DEFAULT_BASE};
    use diplograph::pipeline::{DataFiles, Pipeline};

    let pipeline =
        Pipeline::load(&DataFiles::embedded(), Iris::new(DEFAULT_BASE).unwrap()).unwrap();
    let text = "双方同意发挥好海关合作委员会、边境联络会晤和警务磋商等机制作用，用好投资合作工作组机制。\
                双方签署了《甲国交通部与乙国交通运输委员会合作协议》。双方支持建立旅游、教育和卫生工作组。";
    let source = SourceText {
        path: "mechanisms.txt".into(),
        file_name: "mechanisms.txt".to_owned(),
        text: text.to_owned(),
        encoding: "UTF-8",
    };
    let mut found: Vec<(String, &str)> = pipeline
        .process(source, Split::WholeFile)
        .into_iter()
        .flat_map(|extracted| extracted.records)
        .filter_map(|record| match record.fact {
            Fact::Mechanism { name } => Some((name, record.rule)),
            _ => None,
        })
        .collect();
    found.sort();
    let expected = [
        ("投资合作工作组", "mechanisms.head"),
        ("海关合作委员会", "mechanisms.head"),
        ("警务磋商", "mechanisms.list"),
        ("边境联络会晤", "mechanisms.list"),
    ];
    let mut expected: Vec<(String, &str)> = expected
        .iter()
        .map(|(name, rule)| (name.to_string(), *rule))
        .collect();
    expected.sort();
    assert_eq!(found, expected);
}
