//! Times BOM ingest of one file: `bench_ingest FILE`. Prints lines, seconds and
//! lines per second on stdout; run it under `/usr/bin/time -v` for the peak memory.
//! See docs/PERFORMANCE.md.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::BufReader;
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: bench_ingest FILE");
    let file = std::fs::File::open(&path).expect("cannot open the file");
    let opts = exportctl::bom::Options::new(path.clone());
    let start = Instant::now();
    let bom =
        match exportctl::bom::read(BufReader::with_capacity(1 << 18, file), &opts, &mut |_| {}) {
            Ok(b) => b,
            Err(p) => {
                eprintln!("{p}");
                std::process::exit(2);
            }
        };
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} lines in {secs:.2} s: {:.0} lines/s",
        bom.len(),
        bom.len() as f64 / secs
    );
}
