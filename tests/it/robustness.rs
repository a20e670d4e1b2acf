//! No input makes the normalizer or an extractor panic, and every record points inside its file.
//! A property test over random text made of the characters the rules care about (brackets, dates,
//! trigger words, white space, letter spacing) mixed with arbitrary characters.

use diplograph::map::mapping::{Iris, DEFAULT_BASE};
use diplograph::map::pipeline::{DataFiles, Pipeline};
use diplograph::text::document::Split;
use diplograph::text::input::SourceText;
use proptest::prelude::*;
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        Pipeline::load(&DataFiles::embedded(), Iris::new(DEFAULT_BASE).unwrap()).unwrap()
    })
}

/// Pieces of text the extractors react to.
const PIECES: &[&str] = &[
    "《",
    "》",
    "〈",
    "〉",
    "（",
    "）",
    "(",
    ")",
    "“",
    "”",
    "，",
    "。",
    "、",
    "；",
    "：",
    "——",
    " ",
    "  ",
    "\u{3000}",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "2022",
    "年",
    "月",
    "日",
    "至",
    "9",
    "16",
    "第九次",
    "中国",
    "中方",
    "越方",
    "阿方",
    "在乌举行",
    "上合组织",
    "会议",
    "论坛",
    "建议",
    "倡议",
    "的",
    "关于",
    "提出的",
    "双方",
    "两党",
    "同意",
    "支持",
    "注意到",
    "签署",
    "落实",
    "撒马尔罕",
    "塔什干",
    "视频方式",
    "联合声明",
    "不少于",
    "1000",
    "个",
    "亿",
    "美元",
    "提供",
    "向",
    "商务部",
    "与",
    "委员会",
    "机制",
    "等机制",
    "工作组",
    "·",
    "弗拉基米尔·普京",
    "王储",
    "殿下",
    "各代表团团长",
    "应",
    "对",
    "进行",
    "国事访问",
    "将于",
    "举行",
    "印度共和国外交部长 苏杰生",
    "2019年7月23日于北京",
    "（新华社北京11月1日电）",
    "七、",
    "（三）",
    "贸 部 关 于",
    "邀请",
    "响应",
    "的邀请",
    "主席",
    "总书记",
    "习近平",
    "越共中央总书记",
    "正式访问",
    "访问",
    "于",
    "在北京",
    "二○一九年四月二十五日",
    "一九七四年五月三十一日",
    "二O一八年",
    "中华人民共和国",
    "中华人民共和国政府代表",
    "\u{3000}\u{3000}",
    "李克强",
    "外长",
    "分别代表",
    "各自政府",
    "两次会议",
    "5月12日至15日和6月21日至22日",
    "会谈",
    "宣布",
    "承诺",
    "决定",
    "承认",
    "尊重",
    "表示满意",
    "【编辑：",
    "】",
    "发布时间：",
    "来源：",
    "||",
    "   ",
    "“",
    "（“",
    "”）",
    "\u{0}",
    "\u{7}",
    "\u{feff}",
    "a",
    "The",
    "x",
];

fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(str::to_owned),
        1 => any::<char>().prop_map(|c| c.to_string()),
    ];
    proptest::collection::vec(piece, 0..400).prop_map(|pieces| pieces.concat())
}

/// Cases of the property run: 1,000, or `DIPLOGRAPH_FUZZ_CASES` for a longer run.
fn cases() -> u32 {
    std::env::var("DIPLOGRAPH_FUZZ_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(1000)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn extraction_never_panics_and_spans_stay_inside(text in text()) {
        let length = text.chars().count() as u32;
        for split in [Split::Detect, Split::WholeFile] {
            let source = SourceText {
                path: "random.txt".into(),
                file_name: "random.txt".to_owned(),
                text: text.clone(),
                encoding: "UTF-8",
                format: diplograph::text::input::SourceFormat::Text,
            };
            for extracted in pipeline().process(source, split) {
                prop_assert!(extracted.document.span.end <= length);
                for record in &extracted.records {
                    prop_assert!(record.span.start <= record.span.end);
                    prop_assert!(record.span.end <= length, "{:?} ends past the text", record);
                }
                for part in &extracted.document.parts {
                    prop_assert!(part.span.end <= length);
                }
            }
        }
    }
}
