//! Throughput benchmark of the classification engine on a generated BOM.
//!
//! ```text
//! cargo build --release --example bench_classify
//! /usr/bin/time -v target/release/examples/bench_classify [LINES] [DATA_DIR]
//! ```
//!
//! Defaults: 1,000,000 lines, the pinned mini catalog `fixtures/catalogs/mini`.
//! The BOM is generated in memory (a deterministic mix of the families in
//! `fixtures/classify/`, with varied numbers, plus declared lines and lines without
//! evidence), so the figure is classification only, not CSV parsing. Prints lines/s
//! for classification alone and the number of rulings per jurisdiction.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::time::Instant;

use exportctl::classify::Classifier;
use exportctl::data::{read_dir, Catalog};
use exportctl::model::{Bom, ClassCode, Item, Jurisdiction};

const TEMPLATES: &[&str] = &[
    "ARM Cortex-M4 32-bit MCU {n} MHz",
    "ADC 12-bit {n} MSPS",
    "DAC 16-bit {n} MSPS",
    "MMIC power amplifier 8-{n} GHz 20 W",
    "FPGA {n} user I/O",
    "Radio module AES-256 encryption mass market",
    "Tactical-grade IMU 0.{n} deg/hr",
    "Thermal camera 640x512 {n} Hz LWIR",
    "Fiber laser 1070 nm {n} W CW",
    "Screw, pan head, M3x{n}, stainless",
    "Resistor 10k 0603 1% {n}",
    "Capacitor 100nF 50V X7R {n}",
    "Landing gear strut for C-130 rev {n}",
    "Image intensifier tube {n} mm",
    "Connector, SMA, {n} pin",
    "Rad-hard SRAM {n} krad(Si)",
    "GPS receiver module L1 {n}",
    "Label, warning, {n}",
];

fn generate(lines: usize) -> Vec<Item> {
    let mut items = Vec::with_capacity(lines);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in 0..lines {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let t = TEMPLATES[(x % TEMPLATES.len() as u64) as usize];
        let n = 1 + (x >> 20) % 2000;
        let mut it = Item::new(format!("L{i}"), t.replace("{n}", &n.to_string()));
        if i % 10 == 0 {
            it.declared_eccn = Some(ClassCode::Ear99);
        }
        items.push(it);
    }
    items
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let lines: usize = args
        .get(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let dir = args.get(2).map_or("fixtures/catalogs/mini", String::as_str);
    let files = read_dir(std::path::Path::new(dir)).expect("data dir readable");
    let catalog = Catalog::from_files(&files).expect("data valid");

    let t0 = Instant::now();
    let items = generate(lines);
    let bom = Bom::new("generated", items).expect("valid tree");
    let gen = t0.elapsed();

    let t1 = Instant::now();
    let classifier = Classifier::new(&catalog);
    let compile = t1.elapsed();

    // Streaming: classify in chunks and drop the rulings, as a pipeline that renders
    // as it goes would; measures the engine without holding a million rulings.
    let t3 = Instant::now();
    let mut streamed = 0usize;
    for chunk in bom.items().chunks(65_536) {
        streamed += classifier.classify_items(chunk).len();
    }
    let stream = t3.elapsed();

    let t2 = Instant::now();
    let rulings = classifier.classify_items(bom.items());
    let classify = t2.elapsed();

    let (mut itar, mut ear, mut review) = (0, 0, 0);
    for r in &rulings {
        match r.jurisdiction {
            Jurisdiction::Itar => itar += 1,
            Jurisdiction::Ear => ear += 1,
            Jurisdiction::Review => review += 1,
        }
    }
    let secs = classify.as_secs_f64();
    println!(
        "data: {dir} ({} terms compiled in {compile:.2?})",
        classifier.matcher().terms.len()
    );
    println!("threads: {}", rayon::current_num_threads());
    println!("generated {lines} lines in {gen:.2?}");
    println!(
        "classified {lines} lines in {secs:.3} s: {:.0} lines/s",
        lines as f64 / secs
    );
    println!(
        "streamed {streamed} lines in chunks of 65536 in {:.3} s: {:.0} lines/s",
        stream.as_secs_f64(),
        streamed as f64 / stream.as_secs_f64()
    );
    println!("rulings: {itar} ITAR, {ear} EAR, {review} REVIEW");
}
