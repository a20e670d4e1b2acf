//! The sample documents bundled into the binary for `diplograph demo` (the files of
//! `samples/zh/`, real published texts; see `samples/README.md`).

/// (file name, bytes) of each bundled sample.
pub const SAMPLES: &[(&str, &[u8])] = &[
    (
        "2019-07-23_china-uae-comprehensive-strategic-partnership-joint-statement.zh.txt",
        include_bytes!("../samples/zh/2019-07-23_china-uae-comprehensive-strategic-partnership-joint-statement.zh.txt"),
    ),
    (
        "2022-11_china-vietnam-joint-statement+sco-heads-of-government-communique.pdf-text.zh.txt",
        include_bytes!("../samples/zh/2022-11_china-vietnam-joint-statement+sco-heads-of-government-communique.pdf-text.zh.txt"),
    ),
];
