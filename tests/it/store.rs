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
