//! BOM ingest: CSV, JSON, CycloneDX and Excel text → [`crate::model::Bom`].
//!
//! Parsers take bytes or readers, never paths; the binary opens files.
