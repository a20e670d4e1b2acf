//! Versions of one document in two languages: detected from their metadata, declared by the
//! user, their numbered clauses aligned, and the bundled `versions` query.

use super::*;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// The English release of the China–Kenya statement whose Chinese text is in `versions/`.
fn kenya_en() -> PathBuf {
    corpus().join("en/joint-statement-state-visit-demonyms.en.txt")
}

/// (work, method, versions joined by ` = `) of every work in the store.
fn works(store: &Path) -> Vec<(String, String, String)> {
    let csv = sparql_csv(
        store,
        "PREFIX dg: <https://w3id.org/diplograph/ontology#>
         PREFIX frbr: <http://purl.org/vocab/frbr/core#>
         PREFIX dcterms: <http://purl.org/dc/terms/>
         SELECT ?work ?method (GROUP_CONCAT(?id; separator=' = ') AS ?versions) WHERE {
           { SELECT ?work ?method ?id WHERE {
               GRAPH <https://w3id.org/diplograph/graph/versions> {
                 ?work a frbr:Work ; dg:versionMethod ?method ; frbr:realization ?document .
                 ?document frbr:realizationOf ?work .
               }
               ?document dcterms:identifier ?id .
           } ORDER BY ?id }
         } GROUP BY ?work ?method ORDER BY ?work",
    );
    csv.lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.trim_end().split(',').collect();
            let work = cells[0].rsplit('/').next().unwrap().to_owned();
            (work, cells[1].to_owned(), cells[2].to_owned())
        })
        .collect()
}

#[test]
fn versions_in_two_languages_are_found_and_their_clauses_aligned() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let output = diplograph(
        &store,
        &[
            "ingest",
            corpus().join("versions").to_str().unwrap(),
            kenya_en().to_str().unwrap(),
        ],
    );
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let said = format!("{stdout}{stderr}");
    assert!(said.contains("versions of one work (detected"), "{said}");
    // Read from the files: the Kenya statement and the Iceland agreement exist in both
    // languages; the Norway agreement (same day, same place, same kind) has no Chinese text.
    assert_eq!(
        works(&store),
        [
            (
                "joint-statement-state-visit-demonyms.en".to_owned(),
                "detected".to_owned(),
                "joint-statement-state-visit-demonyms.en = joint-statement-state-visit.zh"
                    .to_owned()
            ),
            (
                "visa-agreement-iceland.en".to_owned(),
                "detected".to_owned(),
                "visa-agreement-iceland.en = visa-agreement-iceland.zh".to_owned()
            ),
        ]
    );
    // Each version numbers four clauses: 一、 to 四、 beside 1. to 4.
    let csv = ok(&store, &["query", "versions", "--format", "csv"]);
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 8, "{csv}");
    let kenya_second = rows
        .iter()
        .find(|row| {
            row.contains(",二、,双方欢迎签署两国政府经济技术合作协定。,2.,Both sides welcomed")
        })
        .unwrap_or_else(|| panic!("{csv}"));
    // The stance read from each version: welcome.
    assert!(kenya_second.contains(",Welcome,Welcome,"), "{kenya_second}");
    let iceland_third = rows
        .iter()
        .find(|row| {
            row.contains(
                ",三、,双方应当通过外交途径交换有效护照样本。,3.,The Parties shall exchange",
            )
        })
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(
        iceland_third.contains("visa-agreement-iceland.en,detected"),
        "{iceland_third}"
    );
}

#[test]
fn a_declaration_wins_and_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let versions = corpus().join("versions");
    ok(
        &store,
        &[
            "ingest",
            versions
                .join("visa-agreement-iceland.zh.txt")
                .to_str()
                .unwrap(),
            versions
                .join("visa-agreement-iceland.en.txt")
                .to_str()
                .unwrap(),
        ],
    );
    assert_eq!(works(&store).len(), 1);
    // The user says the Norway agreement is the English text of the Chinese Iceland agreement:
    // the declaration wins, and the Iceland English text is left without a version.
    let out = ok(
        &store,
        &[
            "ingest",
            versions
                .join("visa-agreement-norway.en.txt")
                .to_str()
                .unwrap(),
            "--version-of",
            "visa-agreement-iceland.zh",
        ],
    );
    assert!(out.is_empty() || !out.contains("error"), "{out}");
    assert_eq!(
        works(&store),
        [(
            "visa-agreement-iceland.zh".to_owned(),
            "declared".to_owned(),
            "visa-agreement-iceland.zh = visa-agreement-norway.en".to_owned()
        )]
    );
    // A later run without a declaration keeps it.
    ok(&store, &["ingest", kenya_en().to_str().unwrap()]);
    assert_eq!(works(&store)[0].1, "declared");
}

#[test]
fn a_declaration_naming_no_document_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let output = diplograph(
        &store,
        &[
            "ingest",
            kenya_en().to_str().unwrap(),
            "--version-of",
            "no-such-document",
        ],
    );
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("`no-such-document`"), "{stderr}");
    assert!(stderr.contains("diplograph documents"), "{stderr}");
    // The document itself was stored, and said so.
    assert!(document_quads(&store).len() > 10);

    // A table with a line of one cell is refused before anything is read.
    let table = dir.path().join("versions.tsv");
    std::fs::write(&table, "# zh\ten\nvisa-agreement-iceland.zh\n").unwrap();
    let other = dir.path().join("other");
    let output = diplograph(
        &other,
        &[
            "ingest",
            kenya_en().to_str().unwrap(),
            "--versions",
            table.to_str().unwrap(),
        ],
    );
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("versions.tsv") && stderr.contains("line 2"),
        "{stderr}"
    );
    assert!(!other.join("CURRENT").exists() || document_quads(&other).is_empty());
}
