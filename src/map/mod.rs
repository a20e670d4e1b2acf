//! Records to triples: deterministic IRIs, literals and the evidence that ties each fact to its
//! span (`mapping`), and the pipeline that runs a file through text, extract and map (`pipeline`).

pub mod mapping;
pub mod pipeline;
