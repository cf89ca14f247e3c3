//! Renderers: results → `String` (table, JSON, CSV, Markdown, SARIF, DOT, Mermaid).
//! Only the binary writes.

pub mod check;
pub mod classify;
pub mod plan;
pub mod taint;
pub mod tree;
