//! The summary graph: the bundled queries that read its tallies (`stances`, `topics`,
//! `timeline`, `places`, `entities`, `shared-entities`) answer what counting the document graphs
//! themselves answers (`tests/direct/NAME.rq`), after a first ingest, after documents are replaced
//! and removed, for a store written before the summary was kept and for one whose summary an
//! earlier version kept; `faults.rs` checks it after an ingest killed half-way.

use crate::{document_quads, ok, samples, sparql_csv, PRINTED, UAE};
use std::collections::BTreeSet;
use std::path::Path;

/// The queries answered from the summary, with the parameters each is checked with.
const SUMMARY_QUERIES: &[(&str, &[&str])] = &[
    ("stances", &[]),
    ("topics", &[]),
    ("topics", &["--lang", "en"]),
    ("timeline", &[]),
    ("places", &[]),
    ("places", &["--param", "place=塔什干"]),
    ("entities", &[]),
    ("entities", &["--lang", "en"]),
    ("shared-entities", &[]),
    (
        "shared-entities",
        &[
            "--param",
            "first=2022-11_china-vietnam-joint-statement+sco-heads-of-government-communique.pdf-text.zh.doc1",
            "--param",
            "second=2022-11_china-vietnam-joint-statement+sco-heads-of-government-communique.pdf-text.zh.doc2",
        ],
    ),
];

/// Every summary query gives what its direct counterpart gives on `store`. Unless `may_be_empty`,
/// each answer has rows, but for those that name documents.
pub fn assert_summary_matches_documents(store: &Path, when: &str, may_be_empty: bool) {
    let direct = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/direct");
    for (name, parameters) in SUMMARY_QUERIES {
        let mut bundled = vec!["query", name, "--format", "csv"];
        bundled.extend_from_slice(parameters);
        let file = direct.join(format!("{name}.rq"));
        let mut counted = vec!["query", file.to_str().unwrap(), "--format", "csv"];
        counted.extend_from_slice(parameters);
        let from_summary = ok(store, &bundled);
        // The documents `first` and `second` name are the printed file's two, which a store that
        // read it whole (`--whole-file`) holds under another identifier; the rest has rows.
        let names_documents = parameters
            .iter()
            .any(|parameter| parameter.starts_with("first=") || parameter.starts_with("second="));
        assert!(
            may_be_empty || names_documents || from_summary.lines().count() > 1,
            "{name} {parameters:?} has rows {when}"
        );
        assert_eq!(
            from_summary,
            ok(store, &counted),
            "{name} {parameters:?} from the summary differs from the documents {when}"
        );
    }
}

/// After a run, each tally is one node (its contributions merged: node IRIs start with the
/// tally's digest, followed by `-CONTRIBUTION` before they are merged), and none is zero.
pub fn assert_folded(store: &Path) {
    let counts = sparql_csv(
        store,
        r#"PREFIX dg: <https://w3id.org/diplograph/ontology#>
        SELECT (COUNT(?tally) AS ?nodes) (COUNT(DISTINCT ?digest) AS ?tallies)
               (SUM(IF(?count = 0, 1, 0)) AS ?zeros)
        WHERE {
          GRAPH <https://w3id.org/diplograph/graph/summary> { ?tally dg:tally ?count }
          BIND(STRBEFORE(CONCAT(STRAFTER(STR(?tally), "/summary/"), "-"), "-") AS ?digest)
        }"#,
    );
    let row: Vec<&str> = counts.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(row[0], row[1], "one node per tally: {counts}");
    assert_eq!(row[2], "0", "no zero tally: {counts}");
    assert_ne!(row[0], "0", "tallies: {counts}");
}

#[test]
fn the_summary_answers_as_the_documents_do() {
    let (_dir, store) = crate::sample_store();
    assert_summary_matches_documents(&store, "after a first ingest", false);
    assert_folded(&store);
}

/// Re-ingesting files replaces their documents and removes the ones they no longer yield: the
/// documents and the summary equal those of a store that only ever saw the final files.
#[test]
fn replaced_and_removed_documents_equal_a_fresh_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("files");
    std::fs::create_dir_all(&folder).unwrap();
    for name in [UAE, PRINTED] {
        std::fs::copy(samples().join(name), folder.join(name)).unwrap();
    }
    let store = dir.path().join("store");
    ok(&store, &["ingest", folder.to_str().unwrap()]);
    // The statement loses its second half; the file of two documents is read as one.
    let uae = std::fs::read_to_string(folder.join(UAE)).unwrap();
    let half: String = uae.chars().take(uae.chars().count() / 2).collect();
    std::fs::write(folder.join(UAE), half).unwrap();
    ok(&store, &["ingest", folder.join(UAE).to_str().unwrap()]);
    ok(
        &store,
        &[
            "ingest",
            "--whole-file",
            folder.join(PRINTED).to_str().unwrap(),
        ],
    );
    assert_summary_matches_documents(&store, "after replacements and removals", false);
    assert_folded(&store);

    let fresh = dir.path().join("fresh");
    ok(&fresh, &["ingest", folder.join(UAE).to_str().unwrap()]);
    ok(
        &fresh,
        &[
            "ingest",
            "--whole-file",
            folder.join(PRINTED).to_str().unwrap(),
        ],
    );
    let written_out = |store: &Path| -> BTreeSet<String> {
        document_quads(store)
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    let replaced = written_out(&store);
    assert!(replaced.len() > 1000, "{} quads", replaced.len());
    assert!(
        replaced == written_out(&fresh),
        "the replaced documents differ from a fresh ingest of the same files"
    );
    for (name, parameters) in SUMMARY_QUERIES {
        let mut args = vec!["query", name, "--format", "csv"];
        args.extend_from_slice(parameters);
        assert_eq!(
            ok(&store, &args),
            ok(&fresh, &args),
            "{name} {parameters:?}"
        );
    }
}

/// A store without a summary graph (written before it was kept) gets one on its next ingest.
#[test]
fn a_store_without_a_summary_gets_one_on_its_next_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    ok(
        &store,
        &["ingest", samples().join(PRINTED).to_str().unwrap()],
    );
    {
        let oxigraph = oxigraph::store::Store::open(&store).unwrap();
        oxigraph
            .remove_named_graph(oxigraph::model::NamedNodeRef::new_unchecked(
                "https://w3id.org/diplograph/graph/summary",
            ))
            .unwrap();
    }
    ok(&store, &["ingest", samples().join(UAE).to_str().unwrap()]);
    assert_summary_matches_documents(&store, "after the summary was rebuilt", false);
    assert_folded(&store);
}

/// A store whose summary an earlier version kept (version 1: no entity tallies, a marker without
/// `dg:summaryVersion`) answers the queries that read the summary with a warning that says how to
/// rebuild it; `diplograph compact` rebuilds it, and the answers are then whole again.
#[test]
fn a_summary_of_an_earlier_version_is_rebuilt_by_compact() {
    let (_dir, store) = crate::sample_store();
    let expected = ok(&store, &["query", "entities", "--format", "csv"]);
    {
        use oxigraph::model::{GraphNameRef, NamedNodeRef, QuadRef};
        let oxigraph = oxigraph::store::Store::open(&store).unwrap();
        let summary = NamedNodeRef::new_unchecked("https://w3id.org/diplograph/graph/summary");
        let entity_tallies: Vec<_> = ["EntityTally", "EntityTypeTally", "EntityNameTally"]
            .iter()
            .flat_map(|class| {
                let class = format!("https://w3id.org/diplograph/ontology#{class}");
                oxigraph
                    .quads_for_pattern(
                        None,
                        Some(oxigraph::model::vocab::rdf::TYPE),
                        Some(NamedNodeRef::new_unchecked(&class).into()),
                        Some(GraphNameRef::NamedNode(summary)),
                    )
                    .map(|quad| quad.unwrap().subject)
                    .collect::<Vec<_>>()
            })
            .collect();
        assert!(!entity_tallies.is_empty(), "the store keeps entity tallies");
        for node in entity_tallies {
            let quads: Vec<_> = oxigraph
                .quads_for_pattern(Some(node.as_ref()), None, None, None)
                .collect::<Result<_, _>>()
                .unwrap();
            for quad in quads {
                oxigraph.remove(&quad).unwrap();
            }
        }
        let version =
            NamedNodeRef::new_unchecked("https://w3id.org/diplograph/ontology#summaryVersion");
        let markers: Vec<_> = oxigraph
            .quads_for_pattern(Some(summary.into()), Some(version), None, None)
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(markers.len(), 1, "the summary says its version");
        oxigraph.remove(&markers[0]).unwrap();
        assert!(oxigraph
            .contains(QuadRef::new(
                summary,
                oxigraph::model::vocab::rdf::TYPE,
                NamedNodeRef::new_unchecked("https://w3id.org/diplograph/ontology#Summary"),
                summary,
            ))
            .unwrap());
    }
    let outdated = crate::diplograph(&store, &["query", "entities", "--format", "csv"]);
    assert!(outdated.status.success());
    let warning = String::from_utf8_lossy(&outdated.stderr);
    assert!(
        warning.contains("earlier version") && warning.contains("diplograph compact"),
        "{warning}"
    );
    assert_eq!(String::from_utf8_lossy(&outdated.stdout).lines().count(), 1);
    // A query that does not read the summary says nothing of it.
    let documents = crate::diplograph(&store, &["query", "documents"]);
    assert!(documents.stderr.is_empty(), "{documents:?}");

    ok(&store, &["compact"]);
    let rebuilt = crate::diplograph(&store, &["query", "entities", "--format", "csv"]);
    assert!(rebuilt.stderr.is_empty(), "{rebuilt:?}");
    assert_eq!(String::from_utf8(rebuilt.stdout).unwrap(), expected);
    assert_summary_matches_documents(&store, "after compact rebuilt the summary", false);
    assert_folded(&store);
}

/// A file holding more documents than one bulk load takes (about 100,000 quads) is written in
/// several loads, each of whole documents: every document is stored, each with the triples of a
/// document read alone, and the summary counts each of them once.
#[test]
fn a_file_of_more_documents_than_a_batch_is_stored_whole() {
    const COPIES: usize = 120;
    let dir = tempfile::tempdir().unwrap();
    let statement = std::fs::read_to_string(samples().join(UAE)).unwrap();
    let large = dir.path().join("statements.txt");
    std::fs::write(&large, vec![statement.as_str(); COPIES].join("\n")).unwrap();
    let alone = dir.path().join("alone");
    ok(&alone, &["ingest", samples().join(UAE).to_str().unwrap()]);
    let store = dir.path().join("store");
    ok(&store, &["ingest", large.to_str().unwrap()]);

    // Triples in each document graph.
    let triples = |store: &Path| -> Vec<usize> {
        let mut graphs = std::collections::BTreeMap::<String, usize>::new();
        for quad in document_quads(store) {
            *graphs.entry(quad.graph_name.to_string()).or_default() += 1;
        }
        graphs.into_values().collect()
    };
    let one = triples(&alone);
    assert_eq!(one.len(), 1);
    let all = triples(&store);
    assert_eq!(all.len(), COPIES, "documents stored");
    assert!(
        all.iter().all(|count| *count == one[0]),
        "each document has the {} triples of the statement read alone: {all:?}",
        one[0]
    );
    assert!(
        COPIES * one[0] > 2 * 100_000,
        "the file fills several loads"
    );
    // The statement names no meeting in Tashkent, which one of the checks asks for.
    assert_summary_matches_documents(&store, "after a file of many documents", true);
    assert_folded(&store);
}
