//! The bill of materials: lines in input order plus the parent/child tree.

use std::collections::HashMap;

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
    #[serde(skip)]
    children: Vec<Vec<usize>>,
    #[serde(skip)]
    index: HashMap<String, usize>,
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
        let mut index = HashMap::with_capacity(items.len());
        for (i, it) in items.iter().enumerate() {
            if index.insert(it.id.clone(), i).is_some() {
                return Err(TreeError::DuplicateId(it.id.clone()));
            }
        }
        let mut parent = Vec::with_capacity(items.len());
        let mut children = vec![Vec::new(); items.len()];
        for (i, it) in items.iter().enumerate() {
            match &it.parent {
                None => parent.push(None),
                Some(p) => {
                    let Some(&pi) = index.get(p) else {
                        return Err(TreeError::DanglingParent {
                            child: it.id.clone(),
                            parent: p.clone(),
                        });
                    };
                    parent.push(Some(pi));
                    children[pi].push(i);
                }
            }
        }
        // Cycle check in linear time: walk up from each node, marking the current
        // walk; meeting a node of the current walk is a cycle, meeting a node already
        // known to reach a root ends the walk. (Walking to the root from every node
        // is quadratic on deep chains.)
        let mut state = vec![0u8; items.len()]; // 0 new, 1 on this walk, 2 reaches a root
        let mut walk = Vec::new();
        for start in 0..items.len() {
            let mut cur = Some(start);
            walk.clear();
            while let Some(c) = cur {
                match state[c] {
                    2 => break,
                    1 => return Err(TreeError::Cycle(items[c].id.clone())),
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
        Ok(Bom {
            source: source.into(),
            items,
            parent,
            children,
            index,
        })
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
        self.index.get(id).copied()
    }

    /// Parent index of line `i`.
    pub fn parent_of(&self, i: usize) -> Option<usize> {
        self.parent[i]
    }

    /// Child indices of line `i`, in input order.
    pub fn children_of(&self, i: usize) -> &[usize] {
        &self.children[i]
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
            stack.extend(self.children[i].iter().rev());
        }
        out
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
