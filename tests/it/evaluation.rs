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
