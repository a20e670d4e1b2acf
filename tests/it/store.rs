//! The store held by another process, and what survives.

use super::*;

#[test]
fn a_held_store_gets_a_clear_message_and_loses_nothing() {
    let (_dir, store) = sample_store();
    let before = store_len(&store);
    // This test process holds the store open for writing, as another diplograph or
    // `oxigraph serve` would.
    let holder = oxigraph::store::Store::open(&store).unwrap();
    let output = diplograph(&store, &["ingest", samples().join(UAE).to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("in use by another process"), "{stderr}");
    assert!(stderr.contains("hint:"), "{stderr}");
    // Readers still work beside the writer.
    let documents = ok(&store, &["documents"]);
    assert!(documents.contains("联合声明"));
    drop(holder);
    assert_eq!(store_len(&store), before, "nothing was lost");
}

/// A corpus of many files is ingested to the end and the store then opens and answers, before and
/// after compaction. (RocksDB's manual flush once waited forever after an ingest of this size;
/// ingest no longer asks for one.)
#[test]
fn a_corpus_of_eighty_files_is_ingested_and_read() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = crate::corpus(dir.path(), 40);
    let store = dir.path().join("store");
    crate::ok(&store, &["ingest", corpus.to_str().unwrap()]);
    let documents = crate::ok(&store, &["documents"]);
    assert_eq!(documents.lines().count(), 2 + 120, "{documents}");
    // Compacting the bulk-loaded files keeps every quad and every answer.
    let quads = store_len(&store);
    let instruments = crate::ok(&store, &["query", "instruments", "--format", "csv"]);
    let output = diplograph(&store, &["compact"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("compacted"));
    assert_eq!(store_len(&store), quads);
    assert_eq!(crate::ok(&store, &["documents"]), documents);
    assert_eq!(
        crate::ok(&store, &["query", "instruments", "--format", "csv"]),
        instruments
    );
}
