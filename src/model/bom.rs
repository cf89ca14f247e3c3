//! The bill of materials: lines in input order plus the parent/child tree.

use std::hash::{BuildHasher, RandomState};

use serde::Serialize;

use super::Item;

/// A validated BOM. Invariants (enforced by [`Bom::new`]): ids are unique, every
/// parent exists, and the parent links form a forest (no cycles).
#[derive(Debug, Clone, Serialize)]
pub struct Bom {
    /// Display name of the source (file path as given), used in messages and SARIF.
    pub source: String,
    items: Vec<Item>,
    #[serde(skip)]
    parent: Vec<Option<usize>>,
    /// Children of line `i` are `child_list[child_start[i]..child_start[i + 1]]`, in
    /// input order (one flat list rather than a `Vec` per line).
    #[serde(skip)]
    child_start: Vec<usize>,
    #[serde(skip)]
    child_list: Vec<usize>,
    #[serde(skip)]
    index: IdIndex,
}

/// Why a list of items is not a tree. Ingest reports these with file locations;
/// this type is for callers that build BOMs in code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TreeError {
    /// Two lines share an id.
    #[error("duplicate id `{0}`")]
    DuplicateId(String),
    /// A parent reference names no line.
    #[error("line `{child}` names parent `{parent}`, which is not in the BOM")]
    DanglingParent {
        /// The child line.
        child: String,
        /// The missing parent id.
        parent: String,
    },
    /// Parent links loop.
    #[error("parent links form a cycle through `{0}`")]
    Cycle(String),
}

impl Bom {
    /// Builds the tree. Items keep their order.
    pub fn new(source: impl Into<String>, items: Vec<Item>) -> Result<Bom, TreeError> {
        let mut index = IdIndex::with_capacity(items.len());
        for i in 0..items.len() {
            if index.insert(&items, i).is_some() {
                return Err(TreeError::DuplicateId(items[i].id.clone()));
            }
        }
        let mut parent = Vec::with_capacity(items.len());
        for it in &items {
            match &it.parent {
                None => parent.push(None),
                Some(p) => {
                    let Some(pi) = index.get(&items, p) else {
                        return Err(TreeError::DanglingParent {
                            child: it.id.clone(),
                            parent: p.clone(),
                        });
                    };
                    parent.push(Some(pi));
                }
            }
        }
        if let Some(c) = first_cycle(&parent) {
            return Err(TreeError::Cycle(items[c].id.clone()));
        }
        Ok(Bom::from_checked(source.into(), items, index, parent))
    }

    /// Builds the BOM from items whose tree was already checked (ingest checks it
    /// while collecting every problem with its line): `index` holds every id of
    /// `items` exactly once and `parent[i]` is the index of line `i`'s parent, with
    /// no cycles. Skips [`Bom::new`]'s second indexing pass.
    pub(crate) fn from_checked(
        source: String,
        items: Vec<Item>,
        index: IdIndex,
        parent: Vec<Option<usize>>,
    ) -> Bom {
        debug_assert_eq!(parent.len(), items.len());
        debug_assert!(first_cycle(&parent).is_none());
        let n = items.len();
        // Children in input order, as one flat list: count, prefix-sum, fill.
        let mut child_start = vec![0usize; n + 1];
        for p in parent.iter().flatten() {
            child_start[p + 1] += 1;
        }
        for k in 0..n {
            child_start[k + 1] += child_start[k];
        }
        let mut next = child_start[..n].to_vec();
        let mut child_list = vec![0usize; child_start[n]];
        for (i, p) in parent.iter().enumerate() {
            if let Some(p) = *p {
                child_list[next[p]] = i;
                next[p] += 1;
            }
        }
        Bom {
            source,
            items,
            parent,
            child_start,
            child_list,
            index,
        }
    }

    /// All lines in input order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when the BOM has no lines.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Index of the line with this id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.index.get(&self.items, id)
    }

    /// Parent index of line `i`.
    pub fn parent_of(&self, i: usize) -> Option<usize> {
        self.parent[i]
    }

    /// Child indices of line `i`, in input order.
    pub fn children_of(&self, i: usize) -> &[usize] {
        &self.child_list[self.child_start[i]..self.child_start[i + 1]]
    }

    /// Top-level lines, in input order.
    pub fn roots(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.items.len()).filter(|&i| self.parent[i].is_none())
    }

    /// Depth of line `i` (0 for a top-level line).
    pub fn depth(&self, i: usize) -> usize {
        let mut d = 0;
        let mut cur = self.parent[i];
        while let Some(c) = cur {
            d += 1;
            cur = self.parent[c];
        }
        d
    }

    /// Indices in depth-first pre-order (each root, then its subtree).
    pub fn preorder(&self) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.items.len());
        let mut stack: Vec<usize> = self.roots().collect();
        stack.reverse();
        while let Some(i) = stack.pop() {
            out.push(i);
            stack.extend(self.children_of(i).iter().rev());
        }
        out
    }
}

/// The first line found on a parent cycle, if any. Linear time: walk up from each
/// line, marking the current walk; meeting a line of the current walk is a cycle,
/// meeting a line already known to reach a root ends the walk. (Walking to the root
/// from every line is quadratic on deep chains.)
fn first_cycle(parent: &[Option<usize>]) -> Option<usize> {
    let mut state = vec![0u8; parent.len()]; // 0 new, 1 on this walk, 2 reaches a root
    let mut walk = Vec::new();
    for start in 0..parent.len() {
        let mut cur = Some(start);
        walk.clear();
        while let Some(c) = cur {
            match state[c] {
                2 => break,
                1 => return Some(c),
                _ => {
                    state[c] = 1;
                    walk.push(c);
                    cur = parent[c];
                }
            }
        }
        for &w in &walk {
            state[w] = 2;
        }
    }
    None
}

/// Ids → line indices without copying the ids: an open-addressing (linear probing)
/// table of line indices into the items it was built from, at most half full. Each
/// slot keeps the line index + 1 (0 = empty) and 32 bits of the id's hash, so most
/// probes compare no strings. Hashing is std's keyed SipHash, so crafted ids cannot
/// force collisions.
#[derive(Debug, Clone, Default)]
pub(crate) struct IdIndex {
    slots: Vec<(u32, u32)>,
    hasher: RandomState,
}

impl IdIndex {
    /// An empty index sized for `n` ids.
    pub(crate) fn with_capacity(n: usize) -> IdIndex {
        let size = (n.max(4) * 2).next_power_of_two();
        IdIndex {
            slots: vec![(0, 0); size],
            hasher: RandomState::new(),
        }
    }

    /// Slot where `id` is or would go, and the hash tag.
    fn find(&self, items: &[Item], id: &str) -> (usize, u32) {
        let h = self.hasher.hash_one(id);
        let tag = (h >> 32) as u32;
        let mask = self.slots.len() - 1;
        #[allow(clippy::cast_possible_truncation)]
        let mut s = (h as usize) & mask;
        loop {
            let (i1, t) = self.slots[s];
            if i1 == 0 || (t == tag && items[i1 as usize - 1].id == id) {
                return (s, tag);
            }
            s = (s + 1) & mask;
        }
    }

    /// Adds the id of `items[i]`, unless an earlier line has it: then returns that
    /// line's index and leaves the index unchanged.
    pub(crate) fn insert(&mut self, items: &[Item], i: usize) -> Option<usize> {
        if self.slots.is_empty() || 2 * (i + 1) > self.slots.len() {
            self.grow(items, i);
        }
        let (s, tag) = self.find(items, &items[i].id);
        match self.slots[s].0 {
            0 => {
                let i1 = u32::try_from(i + 1).expect("a BOM has fewer than 4 billion lines");
                self.slots[s] = (i1, tag);
                None
            }
            i1 => Some(i1 as usize - 1),
        }
    }

    /// Rebuilds with room for more ids (only when the size guess was too small).
    fn grow(&mut self, items: &[Item], upto: usize) {
        let old = std::mem::take(&mut self.slots);
        let size = ((upto + 1).max(4) * 4).next_power_of_two();
        self.slots = vec![(0, 0); size];
        for (i1, _) in old.into_iter().filter(|(i1, _)| *i1 != 0) {
            let (s, tag) = self.find(items, &items[i1 as usize - 1].id);
            self.slots[s] = (i1, tag);
        }
    }

    /// Index of the line with this id.
    pub(crate) fn get(&self, items: &[Item], id: &str) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        match self.slots[self.find(items, id).0].0 {
            0 => None,
            i1 => Some(i1 as usize - 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, parent: Option<&str>) -> Item {
        let mut it = Item::new(id, id);
        it.parent = parent.map(str::to_string);
        it
    }

    #[test]
    fn builds_tree_and_preorder() {
        let bom = Bom::new(
            "t",
            vec![
                item("1", None),
                item("2", Some("1")),
                item("3", Some("2")),
                item("4", Some("1")),
            ],
        )
        .unwrap();
        assert_eq!(bom.preorder(), vec![0, 1, 2, 3]);
        assert_eq!(bom.depth(2), 2);
        assert_eq!(bom.children_of(0), &[1, 3]);
    }

    #[test]
    fn deep_chain_builds_in_linear_time() {
        // 200,000 levels: quadratic cycle checking would take minutes.
        let n = 200_000;
        let items: Vec<Item> = (0..n)
            .map(|i| {
                let parent = (i > 0).then(|| (i - 1).to_string());
                item(&i.to_string(), parent.as_deref())
            })
            .collect();
        let bom = Bom::new("t", items).unwrap();
        assert_eq!(bom.roots().count(), 1);
    }

    #[test]
    fn index_finds_every_id_and_grows() {
        let items: Vec<Item> = (0..1000).map(|i| item(&format!("a{i}"), None)).collect();
        let mut index = IdIndex::with_capacity(3);
        for i in 0..items.len() {
            assert_eq!(index.insert(&items, i), None);
        }
        assert_eq!(index.insert(&items, 7), Some(7));
        for (i, it) in items.iter().enumerate() {
            assert_eq!(index.get(&items, &it.id), Some(i));
        }
        assert_eq!(index.get(&items, "b1"), None);
        let bom = Bom::new("t", items).unwrap();
        assert_eq!(bom.index_of("a999"), Some(999));
        assert_eq!(bom.index_of("zz"), None);
        assert_eq!(bom.children_of(999), &[] as &[usize]);
    }

    #[test]
    fn rejects_bad_trees() {
        assert_eq!(
            Bom::new("t", vec![item("1", None), item("1", None)]).unwrap_err(),
            TreeError::DuplicateId("1".into())
        );
        assert!(matches!(
            Bom::new("t", vec![item("1", Some("9"))]).unwrap_err(),
            TreeError::DanglingParent { .. }
        ));
        assert!(matches!(
            Bom::new("t", vec![item("1", Some("2")), item("2", Some("1"))]).unwrap_err(),
            TreeError::Cycle(_)
        ));
    }
}
