//! Control-list data: the file shapes ([`raw`]), loading and validation ([`Catalog`]),
//! the data embedded in the binary, and reading a data directory.

pub mod catalog;
pub mod ecfr;
pub mod exceptions;
pub mod raw;
pub mod validate;

use std::path::Path;

pub use catalog::Catalog;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_data.rs"));
}

/// The data files compiled into the binary, as `(path relative to data/, contents)`.
pub fn embedded_files() -> Vec<(String, String)> {
    embedded::FILES
        .iter()
        .map(|(p, c)| ((*p).to_string(), (*c).to_string()))
        .collect()
}

/// Loads the embedded data set.
pub fn embedded() -> Result<Catalog, crate::diag::Problems> {
    Catalog::from_files(&embedded_files())
}

/// Reads every file under `dir` as `(relative path with /, contents)`, sorted by path.
/// This is an edge helper for `--data DIR`; the catalog itself never touches the disk.
pub fn read_dir(dir: &Path) -> std::io::Result<Vec<(String, String)>> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) -> std::io::Result<()> {
        let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(std::fs::DirEntry::path);
        for e in entries {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out)?;
            } else if p.extension().is_some_and(|x| x == "toml") {
                let rel = p
                    .strip_prefix(root)
                    .unwrap_or(&p)
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read_to_string(&p)?));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    Ok(out)
}
