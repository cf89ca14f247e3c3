//! Licensing plan (stub: filled in by its issue)
