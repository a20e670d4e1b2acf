//! The sample documents bundled into the binary for `diplograph demo` (the files of
//! `samples/zh/` and `samples/en/`, real published texts; see `samples/README.md`).

/// (file name, bytes) of each bundled sample.
pub const SAMPLES: &[(&str, &[u8])] = &[
    (
        "2019-07-23_china-uae-comprehensive-strategic-partnership-joint-statement.zh.txt",
        include_bytes!("../../samples/zh/2019-07-23_china-uae-comprehensive-strategic-partnership-joint-statement.zh.txt"),
    ),
    (
        "2022-11_china-vietnam-joint-statement+sco-heads-of-government-communique.pdf-text.zh.txt",
        include_bytes!("../../samples/zh/2022-11_china-vietnam-joint-statement+sco-heads-of-government-communique.pdf-text.zh.txt"),
    ),
    (
        "2022-01-03_p5-leaders-joint-statement-preventing-nuclear-war.en.txt",
        include_bytes!("../../samples/en/2022-01-03_p5-leaders-joint-statement-preventing-nuclear-war.en.txt"),
    ),
    (
        "2022-11-12_asean-us-comprehensive-strategic-partnership-leaders-statement.en.txt",
        include_bytes!("../../samples/en/2022-11-12_asean-us-comprehensive-strategic-partnership-leaders-statement.en.txt"),
    ),
    (
        "2022-11-16_g20-bali-leaders-declaration.en.txt",
        include_bytes!("../../samples/en/2022-11-16_g20-bali-leaders-declaration.en.txt"),
    ),
    (
        "2023-09-10_us-vietnam-comprehensive-strategic-partnership-joint-leaders-statement.en.txt",
        include_bytes!("../../samples/en/2023-09-10_us-vietnam-comprehensive-strategic-partnership-joint-leaders-statement.en.txt"),
    ),
    (
        "2025-05-12_us-china-geneva-economic-trade-meeting-joint-statement.en.txt",
        include_bytes!("../../samples/en/2025-05-12_us-china-geneva-economic-trade-meeting-joint-statement.en.txt"),
    ),
    (
        "2025-08-11_us-china-stockholm-economic-trade-meeting-joint-statement.en.txt",
        include_bytes!("../../samples/en/2025-08-11_us-china-stockholm-economic-trade-meeting-joint-statement.en.txt"),
    ),
];
