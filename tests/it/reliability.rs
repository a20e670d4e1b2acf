//! Nothing lost, nothing crashes, nothing hostile gets in: document identity, folder walks over
//! links and special files, bounded reads, faults in one file, secrets, and the smaller ways a
//! command line meets the unexpected. Each test runs the real binary.

use crate::{command, diplograph, ok, samples, sparql_csv, UAE};
use std::path::Path;

/// The IDs of the store's documents, sorted.
fn document_ids(store: &Path) -> Vec<String> {
    let csv = sparql_csv(
        store,
        "PREFIX dg: <https://w3id.org/diplograph/ontology#>
         SELECT ?id WHERE { GRAPH ?d { ?d a ?kind ; dg:sourceFile ?file } 
           BIND(STRAFTER(STR(?d), \"/document/\") AS ?id) } ORDER BY ?id",
    );
    let mut ids: Vec<String> = csv
        .lines()
        .skip(1)
        .map(|line| line.trim().to_owned())
        .collect();
    ids.dedup();
    ids
}

fn write_statement(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::copy(samples().join(UAE), path).unwrap();
}

#[test]
fn the_same_file_name_in_two_folders_gives_two_documents() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    write_statement(&archive.join("2019/joint-statement.txt"));
    write_statement(&archive.join("2022/joint-statement.txt"));
    let store = dir.path().join("store");
    let output = diplograph(&store, &["ingest", archive.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("ingested 2 documents from 2 files"),
        "{stderr}"
    );
    assert_eq!(
        document_ids(&store),
        ["2019/joint-statement", "2022/joint-statement"]
    );
    // Ingesting again replaces each file's own documents.
    ok(&store, &["ingest", archive.to_str().unwrap()]);
    assert_eq!(document_ids(&store).len(), 2);
}

#[test]
fn names_that_differ_only_in_punctuation_stay_apart() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    for name in ["a b.txt", "a+b.txt", "a-b.txt"] {
        write_statement(&input.join(name));
    }
    let store = dir.path().join("store");
    ok(&store, &["ingest", input.to_str().unwrap()]);
    assert_eq!(document_ids(&store), ["a%20b", "a+b", "a-b"]);
}

#[test]
fn names_that_give_one_id_are_refused_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    write_statement(&input.join("x.text"));
    write_statement(&input.join("x.txt"));
    let store = dir.path().join("store");
    let output = diplograph(&store, &["ingest", input.to_str().unwrap()]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "a refused file fails the run"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    // The folder is walked in sorted order: `x.text` comes first and is kept.
    assert!(
        stderr.contains("x.txt` was skipped") && stderr.contains("x.text"),
        "{stderr}"
    );
    assert!(
        stderr.contains("ingested 1 document from 1 file"),
        "{stderr}"
    );
    assert_eq!(document_ids(&store), ["x"]);
    // A later run cannot take the ID over either.
    let output = diplograph(&store, &["ingest", input.join("x.txt").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("held by the documents of `x.text`"));
    // Two files given by path with the same name, from two folders.
    let other = dir.path().join("other");
    write_statement(&other.join("y.txt"));
    write_statement(&other.join("sub/y.txt"));
    let output = diplograph(
        &store,
        &[
            "ingest",
            other.join("y.txt").to_str().unwrap(),
            other.join("sub/y.txt").to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("sub/y.txt` was skipped"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn names_that_differ_only_in_bytes_that_are_not_utf8_stay_apart() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    for name in [&b"a\xff.txt"[..], &b"a\xfe.txt"[..]] {
        write_statement(&input.join(std::ffi::OsStr::from_bytes(name)));
    }
    let store = dir.path().join("store");
    ok(&store, &["ingest", input.to_str().unwrap()]);
    assert_eq!(document_ids(&store), ["a%25FE", "a%25FF"]);
}

#[cfg(unix)]
#[test]
fn folder_walks_do_not_follow_links_or_read_special_files() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    write_statement(&input.join("one.txt"));
    // A link to its own folder, and to the folder above: followed, they would read the file again
    // and again, or leave the folder given.
    std::os::unix::fs::symlink(&input, input.join("loop")).unwrap();
    std::os::unix::fs::symlink(dir.path(), input.join("up")).unwrap();
    write_statement(&dir.path().join("outside.txt"));
    std::os::unix::fs::symlink("/dev/zero", input.join("zero.txt")).unwrap();
    let fifo = input.join("pipe.txt");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let store = dir.path().join("store");
    let output = diplograph(&store, &["ingest", input.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("ingested 1 document from 1 file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("skipped") && stderr.contains("zero.txt") && stderr.contains("pipe.txt"),
        "{stderr}"
    );
    assert_eq!(document_ids(&store), ["one"]);
}

#[cfg(unix)]
#[test]
fn a_device_named_explicitly_is_read_only_up_to_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let zero = dir.path().join("zero.txt");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let store = dir.path().join("store");
    let started = std::time::Instant::now();
    let output = diplograph(
        &store,
        &["ingest", "--max-file-size", "1", zero.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("over the 1 MB"), "{stderr}");
    // An unbounded read of /dev/zero would run until memory is gone.
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
}

#[test]
fn sentences_that_crashed_extraction_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    std::fs::create_dir_all(&input).unwrap();
    // A visit told before the invitation it answers.
    std::fs::write(
        input.join("visit.txt"),
        "越共中央总书记对中国进行正式访问，响应习近平总书记的邀请。\n",
    )
    .unwrap();
    write_statement(&input.join("statement.txt"));
    let store = dir.path().join("store");
    let output = diplograph(&store, &["ingest", input.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(document_ids(&store), ["statement", "visit"]);
}

#[test]
fn secrets_are_never_printed() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let help = command(&store, &["push", "--help"])
        .env("DIPLOGRAPH_PUSH_USER", "admin:s3cret-user")
        .env("DIPLOGRAPH_PUSH_TOKEN", "s3cret-token")
        .env(
            "DIPLOGRAPH_PUSH_ENDPOINT",
            "http://admin:s3cret-url@127.0.0.1:9/store",
        )
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("--user"), "{help}");
    assert!(!help.contains("s3cret"), "{help}");

    let no_colon = diplograph(
        &store,
        &[
            "push",
            "--endpoint",
            "http://127.0.0.1:9/store",
            "--user",
            "s3cret-alone",
        ],
    );
    assert_eq!(no_colon.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&no_colon.stderr);
    assert!(
        stderr.contains("USER:PASSWORD") && !stderr.contains("s3cret"),
        "{stderr}"
    );

    ok(&store, &["ingest", samples().join(UAE).to_str().unwrap()]);
    let pushed = diplograph(
        &store,
        &[
            "push",
            "--endpoint",
            "http://admin:s3cret-url@127.0.0.1:9/store",
            "--retries",
            "0",
        ],
    );
    assert_eq!(pushed.status.code(), Some(1), "nothing listens on port 9");
    let stderr = String::from_utf8_lossy(&pushed.stderr);
    assert!(!stderr.contains("s3cret"), "{stderr}");
    assert!(stderr.contains("***@127.0.0.1:9"), "{stderr}");
    assert!(stderr.contains("plain http"), "{stderr}");
}

#[test]
fn a_folder_of_other_files_is_not_made_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("papers");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("notes.md"), "my notes\n").unwrap();
    let output = diplograph(&folder, &["ingest", samples().join(UAE).to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("not a diplograph store") && stderr.contains("--store"),
        "{stderr}"
    );
    let left: Vec<_> = std::fs::read_dir(&folder).unwrap().collect();
    assert_eq!(left.len(), 1, "nothing was written beside notes.md");
}

#[test]
fn a_file_in_the_current_folder_does_not_shadow_a_bundled_query() {
    let (dir, store) = crate::sample_store();
    let work = dir.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::write(work.join("documents"), "not a query\n").unwrap();
    let output = command(&store, &["query", "documents", "--format", "csv"])
        .current_dir(&work)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("联合声明"), "{stdout}");
}

#[test]
fn control_characters_in_file_names_do_not_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("red\u{1b}[31m.txt"), "  \n").unwrap();
    let store = dir.path().join("store");
    let output = diplograph(&store, &["ingest", input.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    assert!(stderr.contains("red\\u{1b}[31m.txt"), "{stderr}");
}

#[test]
fn documents_of_version_0_1_are_migrated_when_their_folder_is_ingested() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    let file = archive.join("2019/joint statement.txt");
    write_statement(&file);
    let store = dir.path().join("store");
    // The file given alone is named by its file name; the run is then made one of version 0.1,
    // which named documents that way (and wrote `joint-statement` for `joint statement`).
    ok(&store, &["ingest", file.to_str().unwrap()]);
    {
        let oxigraph = oxigraph::store::Store::open(&store).unwrap();
        oxigraph
            .update(
                "PREFIX dg: <https://w3id.org/diplograph/ontology#>
                 DELETE { GRAPH ?g { ?run dg:toolVersion ?v } }
                 INSERT { GRAPH ?g { ?run dg:toolVersion \"diplograph 0.1.0\" } }
                 WHERE { GRAPH ?g { ?run dg:toolVersion ?v } } ;
                 DELETE { GRAPH ?d { ?s ?p ?o } } INSERT { GRAPH ?old { ?s2 ?p ?o2 } }
                 WHERE { GRAPH ?d { ?s ?p ?o } FILTER(CONTAINS(STR(?d), \"/document/joint%20statement\"))
                   BIND(IRI(REPLACE(STR(?d), \"joint%20statement\", \"joint-statement\")) AS ?old)
                   BIND(IF(ISIRI(?s), IRI(REPLACE(STR(?s), \"joint%20statement\", \"joint-statement\")), ?s) AS ?s2)
                   BIND(IF(ISIRI(?o), IRI(REPLACE(STR(?o), \"joint%20statement\", \"joint-statement\")), ?o) AS ?o2) } ;
                 DELETE { GRAPH ?g { ?run ?p ?d } } INSERT { GRAPH ?g { ?run ?p ?old } }
                 WHERE { GRAPH ?g { ?run ?p ?d } FILTER(CONTAINS(STR(?d), \"/document/joint%20statement\"))
                   BIND(IRI(REPLACE(STR(?d), \"joint%20statement\", \"joint-statement\")) AS ?old) }",
            )
            .unwrap();
    }
    assert_eq!(document_ids(&store), ["joint-statement"]);
    ok(&store, &["ingest", archive.to_str().unwrap()]);
    assert_eq!(
        document_ids(&store),
        ["2019/joint%20statement"],
        "the document of version 0.1 is replaced, not kept beside"
    );
}

#[test]
fn a_document_in_traditional_characters_is_stored_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/zh-hant/exchange-of-ambassadors-one-column.zh.txt");
    let text = std::fs::read_to_string(&file).unwrap();
    let store = dir.path().join("store");
    ok(&store, &["ingest", file.to_str().unwrap()]);
    let title = sparql_csv(
        &store,
        "PREFIX dcterms: <http://purl.org/dc/terms/>
         PREFIX dg: <https://w3id.org/diplograph/ontology#>
         SELECT ?title WHERE { GRAPH ?d { ?d a dg:Document ; dcterms:title ?title } }",
    );
    assert_eq!(
        title.lines().nth(1).map(str::trim),
        Some("中華人民共和國政府和荷蘭王國政府關於互換大使的聯合公報")
    );
    // Every Chinese character of every text stored from the document is one of the file's
    // (none is the Simplified form the rules read).
    let texts = sparql_csv(
        &store,
        "PREFIX dg: <https://w3id.org/diplograph/ontology#>
         SELECT ?text WHERE { GRAPH ?d { ?s dg:text ?text } }",
    );
    assert!(texts.lines().count() > 20, "{texts}");
    let foreign: std::collections::BTreeSet<char> = texts
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c) && !text.contains(*c))
        .collect();
    assert!(
        foreign.is_empty(),
        "stored characters not in the file: {foreign:?}"
    );
    // The parties are found all the same.
    let documents = ok(&store, &["query", "documents", "--format", "csv"]);
    assert!(
        documents.contains("中华人民共和国") && documents.contains("荷兰王国"),
        "{documents}"
    );
}
