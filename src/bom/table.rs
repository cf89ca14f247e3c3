//! Tabular BOMs (CSV and Excel): a header row, then one line per row.
//!
//! Resolves the header to fields, then turns each row into an item, inferring
//! parents from a `level` column or taking them from a `parent` column. Ids come from
//! the `id` column; without one they are outline numbers (see [`Table::push_row`]).
//! Reading bytes or cells is the caller's job (`csv.rs`, `xlsx.rs`).

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::diag::{Problem, Problems};
use crate::model::Bom;

use super::assemble::Collector;
use super::header::{ColumnMap, Field};
use super::row::{build_item, location, parse_level, Row};

/// How parents are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// No hierarchy column: every line is top-level.
    Flat,
    /// A `parent` column names the parent's id.
    Parent,
    /// A `level` column gives the indentation (0 = top).
    Level,
}

/// An open level in an indented BOM.
#[derive(Debug)]
struct Frame {
    /// Index of the line in the collected items (its id is read from there).
    item: usize,
    children: usize,
}

/// A table being read.
#[derive(Debug)]
pub(crate) struct Table {
    coll: Collector,
    columns: Vec<Option<Field>>,
    mode: Mode,
    has_id: bool,
    stack: Vec<Frame>,
    roots: usize,
    rows: u64,
}

impl Table {
    /// Resolves the header row (`header_line` is its 1-based line). Header problems
    /// are fatal: rows cannot be read without knowing the columns.
    pub fn from_header(
        source: &str,
        headers: &[&str],
        map: &ColumnMap,
        header_line: usize,
    ) -> Result<Table, Problems> {
        let subject = format!("BOM {source}");
        let mut problems = Vec::new();
        let mut columns = Vec::with_capacity(headers.len());
        let mut seen: Vec<(Field, usize)> = Vec::new();
        for (i, h) in headers.iter().enumerate() {
            let f = map.resolve(h);
            if let Some(f) = f {
                if let Some((_, first)) = seen.iter().find(|(g, _)| *g == f) {
                    problems.push(
                        Problem::new(
                            location(source, header_line, Some(i + 1)),
                            format!(
                                "columns `{}` and `{}` both map to `{f}`",
                                headers[*first].trim(),
                                h.trim()
                            ),
                        )
                        .with_hint(format!(
                            "rename one, or map it away with `--map '{}=ignore'`",
                            h.trim()
                        )),
                    );
                    columns.push(None);
                    continue;
                }
                seen.push((f, i));
            }
            columns.push(f);
        }
        let has = |f: Field| columns.contains(&Some(f));
        let missing: Vec<Field> = [Field::PartNumber, Field::Description]
            .into_iter()
            .filter(|f| !has(*f))
            .collect();
        // A line is identified by its part number or its description: one of the two
        // is enough (as in JSON), none is an error.
        if missing.len() == 2 {
            let names: Vec<String> = missing.iter().map(|f| format!("`{f}`")).collect();
            let aliases: Vec<String> = missing
                .iter()
                .map(|f| {
                    format!(
                        "{f}: {}",
                        f.aliases()
                            .iter()
                            .take(4)
                            .map(|a| format!("`{a}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })
                .collect();
            problems.push(
                Problem::new(
                    location(source, header_line, None),
                    format!(
                        "missing required columns {} (at least one of them is needed)",
                        names.join(" and ")
                    ),
                )
                .with_hint(format!(
                    "accepted headers include {}; map another header with `--map 'HEADER=field'`",
                    aliases.join("; ")
                )),
            );
        }
        let has_id = has(Field::Id);
        let mode = if has(Field::Parent) {
            if !has_id {
                problems.push(
                    Problem::new(
                        location(source, header_line, None),
                        "a `parent` column needs an `id` column for parents to refer to",
                    )
                    .with_hint("add an `id` column, or use a `level` column for an indented BOM"),
                );
            }
            Mode::Parent
        } else if has(Field::Level) {
            Mode::Level
        } else {
            Mode::Flat
        };
        Problems::check(subject, problems)?;
        let mut coll = Collector::new(source);
        coll.parent_column = columns
            .iter()
            .position(|c| *c == Some(Field::Parent))
            .map(|i| i + 1);
        if mode != Mode::Parent {
            coll.parents = Some(Vec::new());
        }
        Ok(Table {
            coll,
            columns,
            mode,
            has_id,
            stack: Vec::new(),
            roots: 0,
            rows: 0,
        })
    }

    /// Rows read so far (blank rows included).
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Records a problem that is not about one cell (bad bytes, bad record).
    pub fn problem(&mut self, line: usize, column: Option<usize>, msg: String, hint: &str) {
        self.coll.problem(line, column, msg, hint);
    }

    /// Adds one data row. Ids: the `id` cell when the table has an `id` column;
    /// otherwise an outline number built from the find number (or the position
    /// under the parent when there is no find-number column), joined to the
    /// parent's id with `.` — `1`, `1.1`, `1.2`, `1.2.1`, or `10`, `10.20` from find
    /// numbers.
    pub fn push_row<'a>(&mut self, line: usize, cells: impl IntoIterator<Item = Cow<'a, str>>) {
        self.rows += 1;
        let mut row = Row::new(line);
        let mut extra = 0usize;
        for (i, text) in cells.into_iter().enumerate() {
            match self.columns.get(i) {
                Some(Some(f)) => row.set(*f, text, Some(i + 1)),
                Some(None) => {}
                None => {
                    if !text.trim().is_empty() {
                        extra = i + 1;
                    }
                }
            }
        }
        if row.is_blank() && extra == 0 {
            return;
        }
        if extra > 0 {
            self.coll.problem(
                line,
                Some(extra),
                format!(
                    "line has a value in column {extra} but the header has {} columns",
                    self.columns.len()
                ),
                "quote values that contain the delimiter, e.g. `\"Cable, coax\"`",
            );
        }
        // The parent's index, when the mode makes it known (not a `parent` column).
        let mut parent_index = None;
        let (parent, ordinal_parent) = match self.mode {
            Mode::Parent => {
                let p = row.text(Field::Parent);
                ((!p.is_empty()).then(|| p.to_string()), None)
            }
            Mode::Flat => (None, None),
            Mode::Level => {
                let text = row.text(Field::Level);
                let level = match parse_level(text) {
                    Some(l) => l,
                    None => {
                        self.coll.problem(
                            line,
                            row.column(Field::Level),
                            if text.is_empty() {
                                "column `level`: the level is empty".to_string()
                            } else {
                                format!("column `level`: `{text}` is not a whole number")
                            },
                            "levels are 0 for top-level lines, 1 for their children, and so on",
                        );
                        self.stack.len()
                    }
                };
                let level = if level > self.stack.len() {
                    let from = match self.stack.len() {
                        0 => "the start of the BOM".to_string(),
                        n => format!("level {}", n - 1),
                    };
                    self.coll.problem(
                        line,
                        row.column(Field::Level),
                        format!("column `level`: level jumps from {from} to {level}"),
                        "a line can be at most one level below the line before it; top-level lines are level 0",
                    );
                    self.stack.len()
                } else {
                    level
                };
                self.stack.truncate(level);
                let parent = self
                    .stack
                    .last()
                    .map(|f| self.coll.items[f.item].id.clone());
                parent_index = self.stack.last().map(|f| f.item);
                (parent, Some(level))
            }
        };
        // Position under the parent, for generated ids.
        let ordinal = match ordinal_parent {
            Some(level) if level > 0 => {
                let f = self.stack.last_mut().expect("level > 0 has a parent frame");
                f.children += 1;
                f.children
            }
            _ => {
                self.roots += 1;
                self.roots
            }
        };
        let id = if self.has_id {
            let id = row.text(Field::Id);
            if id.is_empty() {
                self.coll.problem(
                    line,
                    row.column(Field::Id),
                    "column `id`: the line has no id".to_string(),
                    "give every line a unique id (or drop the `id` column to number lines automatically)",
                );
                format!("(line {line})")
            } else {
                id.to_string()
            }
        } else {
            // `{parent}.{own}`, written into one string.
            let find = row.text(Field::FindNumber);
            let mut id = match &parent {
                Some(p) if self.mode == Mode::Level => {
                    let mut s = String::with_capacity(p.len() + 1 + find.len().max(4));
                    s.push_str(p);
                    s.push('.');
                    s
                }
                _ => String::new(),
            };
            if find.is_empty() {
                let _ = write!(id, "{ordinal}");
            } else {
                id.push_str(find);
            }
            id
        };
        if self.mode == Mode::Level {
            self.stack.push(Frame {
                item: self.coll.items.len(),
                children: 0,
            });
        }
        let item = build_item(&self.coll.source, &row, id, parent, &mut self.coll.problems);
        self.coll.push(item);
        if let Some(known) = &mut self.coll.parents {
            known.push(parent_index);
        }
        self.coll.cap();
    }

    /// Validates the tree and returns the BOM or every problem.
    pub fn finish(self) -> Result<Bom, Problems> {
        self.coll.finish()
    }
}
