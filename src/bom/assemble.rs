//! Items with parent ids → a validated [`Bom`], or every tree problem with its line.
//!
//! Checks duplicate ids, parents that name no line, and parent cycles, reporting each
//! at the line (and parent column) where it occurs. Cell-level problems are found
//! earlier, in `row.rs`; this module only sees the finished items.

use crate::diag::{Problem, Problems};
use crate::model::{Bom, IdIndex, Item};

use super::row::location;

/// Collects items and problems while a file is read.
#[derive(Debug)]
pub(crate) struct Collector {
    pub source: String,
    pub items: Vec<Item>,
    pub problems: Vec<Problem>,
    /// Column of the `parent` cell (tables), for dangling-parent locations.
    pub parent_column: Option<usize>,
    /// Parent index of every item, when the reader knows them (indented and flat
    /// tables: the parent is the enclosing line). Used instead of looking parent
    /// ids up when the ids turn out to be unique; `None` when parents are given
    /// by id (a `parent` column, JSON).
    pub parents: Option<Vec<Option<usize>>>,
    /// Problems counted but not kept (see [`Collector::cap`]).
    dropped: usize,
}

impl Collector {
    pub fn new(source: &str) -> Collector {
        Collector {
            source: source.to_string(),
            items: Vec::new(),
            problems: Vec::new(),
            parent_column: None,
            parents: None,
            dropped: 0,
        }
    }

    /// Adds an item.
    pub fn push(&mut self, item: Item) {
        self.items.push(item);
    }

    /// Keeps memory bounded on a badly broken file: beyond a few times
    /// [`Problems::LIMIT`] problems are only counted. Only the first
    /// [`Problems::LIMIT`] are shown anyway.
    pub fn cap(&mut self) {
        let keep = 4 * Problems::LIMIT;
        if self.problems.len() > keep {
            self.dropped += self.problems.len() - keep;
            self.problems.truncate(keep);
        }
    }

    /// Records a problem at `line` (and `column`).
    pub fn problem(&mut self, line: usize, column: Option<usize>, msg: String, hint: &str) {
        self.problems
            .push(Problem::new(location(&self.source, line, column), msg).with_hint(hint));
    }

    /// Validates the tree and builds the BOM, or returns every problem found.
    pub fn finish(mut self) -> Result<Bom, Problems> {
        let subject = format!("BOM {}", self.source);
        if self.items.is_empty() && self.problems.is_empty() {
            self.problems.push(
                Problem::new(location(&self.source, 0, None), "the BOM has no lines")
                    .with_hint("a BOM needs a header row and at least one line"),
            );
        }
        let (index, parent) = check_tree(
            &self.source,
            &self.items,
            self.parent_column,
            self.parents.take(),
            &mut self.problems,
        );
        // Report in file order; the sort is stable, so one line keeps its order.
        self.problems.sort_by(|a, b| a.location.cmp(&b.location));
        let dropped = self.dropped;
        Problems::check(subject.clone(), self.problems).map_err(|mut p| {
            p.truncated += dropped;
            p
        })?;
        // No problems: `check_tree` found no duplicate, dangling parent or cycle, so
        // the tree is valid and its index is reused rather than built again.
        Ok(Bom::from_checked(self.source, self.items, index, parent))
    }
}

/// Duplicate ids, dangling parents and cycles, in input order, pushed to
/// `problems`. Returns the id index (first line of each id) and each line's parent
/// index, which make the [`Bom`] when there are no problems. `known` are the parent
/// indices when the reader knows them (see [`Collector::parents`]).
fn check_tree(
    source: &str,
    items: &[Item],
    parent_column: Option<usize>,
    known: Option<Vec<Option<usize>>>,
    problems: &mut Vec<Problem>,
) -> (IdIndex, Vec<Option<usize>>) {
    let mut index = IdIndex::with_capacity(items.len());
    let mut duplicates = false;
    for (i, it) in items.iter().enumerate() {
        if let Some(first) = index.insert(items, i) {
            duplicates = true;
            problems.push(
                Problem::new(
                    location(source, it.source.line, None),
                    format!(
                        "duplicate id `{}` (first used on line {})",
                        it.id, items[first].source.line
                    ),
                )
                .with_hint("every line needs its own id; renumber one of them"),
            );
        }
    }
    // With unique ids, the line a parent id names is the parent the reader saw,
    // so looking the ids up would return exactly `known` and find nothing dangling.
    let parent = match known {
        Some(known) if !duplicates && known.len() == items.len() => known,
        _ => parents_by_id(source, items, &index, parent_column, problems),
    };
    // Cycles: walk up from each line, colouring lines on the current path.
    // 0 = unvisited, 1 = on the current walk, 2 = known to reach a root.
    let mut state = vec![0u8; items.len()];
    let mut path = Vec::new();
    for start in 0..items.len() {
        let mut cur = Some(start);
        path.clear();
        while let Some(c) = cur {
            match state[c] {
                2 => break,
                1 => {
                    // `c` is on the path: the cycle is path[pos..].
                    let pos = path.iter().position(|&p| p == c).unwrap_or(0);
                    let cycle = &path[pos..];
                    let first = cycle.iter().copied().min().unwrap_or(c);
                    let names: Vec<String> = cycle
                        .iter()
                        .chain(std::iter::once(&c))
                        .map(|&i| format!("`{}`", items[i].id))
                        .collect();
                    problems.push(
                        Problem::new(
                            location(source, items[first].source.line, parent_column),
                            format!("parent links form a cycle: {}", names.join(" -> ")),
                        )
                        .with_hint(
                            "a line cannot contain itself; fix the parent of one of these lines",
                        ),
                    );
                    break;
                }
                _ => {
                    state[c] = 1;
                    path.push(c);
                    cur = parent[c];
                }
            }
        }
        for &p in &path {
            state[p] = 2;
        }
    }
    (index, parent)
}

/// Each line's parent index, looked up by parent id, with a problem for every
/// parent id that names no line.
fn parents_by_id(
    source: &str,
    items: &[Item],
    index: &IdIndex,
    parent_column: Option<usize>,
    problems: &mut Vec<Problem>,
) -> Vec<Option<usize>> {
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(items.len());
    for it in items {
        let p = match &it.parent {
            None => None,
            Some(p) => match index.get(items, p) {
                Some(pi) => Some(pi),
                None => {
                    problems.push(
                        Problem::new(
                            location(source, it.source.line, parent_column),
                            format!("line `{}` names parent `{p}`, which is not in the BOM", it.id),
                        )
                        .with_hint("use the id of another line, or leave the parent empty for a top-level line"),
                    );
                    None
                }
            },
        };
        parent.push(p);
    }
    parent
}
