//! The house rule of `ARCHITECTURE.md`: a module imports only from its own stage and the stages
//! above it. The stages are read from the table between the `stages` markers; every `crate::`
//! path in `src/`, outside comments and test modules, is checked against it.
//!
//! Cost: one read of each source file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Module name → (stage index, stage name), from the table of `ARCHITECTURE.md`.
fn stages(root: &Path) -> BTreeMap<String, (usize, String)> {
    let text = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let start = text.find("<!-- stages").expect("the stages marker");
    let end = text
        .find("<!-- /stages -->")
        .expect("the end of the stages");
    let mut stages = BTreeMap::new();
    let rows = text[start..end]
        .lines()
        .filter(|line| line.starts_with("| ") && !line.starts_with("| stage"));
    for (index, row) in rows.enumerate() {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let (stage, modules) = (cells[1], cells[2]);
        for module in modules.split_whitespace() {
            let module = module.trim_matches('`').to_owned();
            assert!(
                stages
                    .insert(module.clone(), (index, stage.to_owned()))
                    .is_none(),
                "`{module}` is in two stages of ARCHITECTURE.md"
            );
        }
    }
    stages
}

fn rust_files(folder: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The code of a source file without its comments and its test module.
fn code(text: &str) -> String {
    let text = text
        .find("#[cfg(test)]\nmod ")
        .or_else(|| text.find("#[cfg(test)]\npub(crate) mod "))
        .map_or(text, |at| &text[..at]);
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn modules_import_only_downward() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let stages = stages(root);
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut upward = Vec::new();
    for file in files {
        let relative = file.strip_prefix(root.join("src")).unwrap();
        // The crate root and the binary declare and call; test-only modules
        // (`#[cfg(test)] mod examples;`) may reach anywhere.
        if ["lib.rs", "main.rs", "extract/examples.rs"]
            .iter()
            .any(|skip| relative == Path::new(skip))
        {
            continue;
        }
        let module = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        let Some((own, own_stage)) = stages.get(&module) else {
            panic!(
                "`{module}` ({}) has no stage in ARCHITECTURE.md",
                relative.display()
            );
        };
        let text = code(&std::fs::read_to_string(&file).unwrap());
        for (at, _) in text.match_indices("crate::") {
            let used: String = text[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                .collect();
            if let Some((stage, stage_name)) = stages.get(&used) {
                if stage > own {
                    upward.push(format!(
                        "{} ({own_stage}) uses `crate::{used}` ({stage_name})",
                        relative.display()
                    ));
                }
            }
        }
    }
    upward.sort();
    upward.dedup();
    assert!(
        upward.is_empty(),
        "imports from a lower stage:\n{}",
        upward.join("\n")
    );
}
