//! Generates a synthetic indented CSV BOM of N lines: deterministic for a seed, with
//! a realistic mix of USML, 600-series, 9x515, 5A002, 3A001 and EAR99 lines,
//! technical data and services, several origins, some declared codes and params.
//!
//! ```text
//! cargo run --release --example gen_bom -- 1000000 --seed 7 --output /tmp/big.csv
//! cargo run --example gen_bom -- 50 > small.csv
//! ```

use std::io::{BufWriter, Write};

/// (part prefix, description, eccn, usml, kind, params, typical unit value)
const TEMPLATES: &[(&str, &str, &str, &str, &str, &str, f64)] = &[
    (
        "AF",
        "Composite airframe panel",
        "",
        "VIII(h)(1)",
        "",
        "",
        18_000.0,
    ),
    (
        "LG",
        "Landing gear strut assembly",
        "9A610.x",
        "",
        "",
        "",
        9_500.0,
    ),
    (
        "SRV",
        "Flight control servo actuator",
        "9A610.x",
        "",
        "",
        "",
        6_900.0,
    ),
    (
        "MPA",
        "MMIC power amplifier 8-12 GHz 25 W",
        "",
        "",
        "",
        "freq_min_ghz=8;freq_ghz=12;power_w=25",
        2_400.0,
    ),
    (
        "ADC",
        "14-bit 3 GSPS ADC",
        "3A001.a.5.a",
        "",
        "",
        "resolution_bits=14;sample_rate_msps=3000",
        1_650.0,
    ),
    (
        "RAD",
        "AES-256 encrypted datalink radio",
        "5A002.a",
        "",
        "",
        "key_bits=256;encryption=yes",
        38_000.0,
    ),
    (
        "IMU",
        "MEMS IMU 0.5 deg/hr bias",
        "",
        "",
        "",
        "gyro_bias_deg_hr=0.5",
        42_000.0,
    ),
    (
        "LW",
        "640x512 uncooled LWIR core 60 Hz",
        "",
        "",
        "",
        "array_width_px=640;array_height_px=512;frame_rate_hz=60",
        9_800.0,
    ),
    (
        "FPA",
        "Cooled MWIR focal plane array 1280x1024",
        "",
        "XII(c)(2)",
        "",
        "",
        118_000.0,
    ),
    (
        "EWM",
        "RF countermeasures module",
        "",
        "XI(a)(4)",
        "",
        "",
        265_000.0,
    ),
    (
        "MOD",
        "Anti-jam modem card",
        "",
        "XI(c)(1)",
        "",
        "",
        31_000.0,
    ),
    (
        "ERU",
        "Ejector release unit",
        "",
        "IV(h)(1)",
        "",
        "",
        68_000.0,
    ),
    (
        "SRAM",
        "Radiation-hardened 16 Mbit SRAM",
        "9A515.e",
        "",
        "",
        "total_dose_gy=10000",
        3_900.0,
    ),
    (
        "XLA",
        "Ka-band crosslink antenna",
        "",
        "XV(e)",
        "",
        "freq_ghz=30",
        210_000.0,
    ),
    (
        "CCA",
        "Military I/O circuit card",
        "3A611.x",
        "",
        "",
        "",
        8_600.0,
    ),
    (
        "FST",
        "Socket head cap screw 10-32",
        "EAR99",
        "",
        "",
        "",
        1.85,
    ),
    ("NUT", "Self-locking nut 10-32", "EAR99", "", "", "", 0.62),
    (
        "CBL",
        "Coaxial cable assembly RG-400",
        "EAR99",
        "",
        "",
        "",
        310.0,
    ),
    (
        "CON",
        "Circular connector MIL-DTL-38999",
        "EAR99",
        "",
        "",
        "",
        94.0,
    ),
    (
        "LAP",
        "Rugged laptop with disk encryption",
        "5A992.c",
        "",
        "",
        "mass_market=yes",
        5_800.0,
    ),
    (
        "PSU",
        "Power conditioning unit 3 kW",
        "",
        "",
        "",
        "",
        14_500.0,
    ),
    (
        "TDP",
        "Build-to technical data package",
        "",
        "VIII(i)",
        "technology",
        "",
        350_000.0,
    ),
    (
        "SVC",
        "Integration and flight test support",
        "",
        "VIII(i)",
        "service",
        "",
        410_000.0,
    ),
    (
        "SW",
        "Mission planning software",
        "",
        "",
        "software",
        "",
        180_000.0,
    ),
];

const ORIGINS: &[&str] = &[
    "US", "US", "US", "US", "GB", "AU", "CA", "DE", "JP", "FR", "IL", "SE", "KR",
];
const MAKERS: &[&str] = &[
    "Skyreach Aerosystems",
    "Galvani RF Devices",
    "Quellen Microsystems",
    "Orion Inertial Pty Ltd",
    "Thornbury Imaging Ltd",
    "Kestrel Photonics Inc",
    "Hokuto Rugged Systems KK",
    "Pacific Fastener Co",
];

/// xorshift64*: small, fast and deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn main() {
    let mut lines: usize = 1000;
    let mut seed: u64 = 1;
    let mut output: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seed" => seed = args.next().and_then(|s| s.parse().ok()).expect("--seed N"),
            "--output" | "-o" => output = Some(args.next().expect("--output FILE")),
            "-h" | "--help" => {
                eprintln!("usage: gen_bom [LINES] [--seed N] [--output FILE]");
                return;
            }
            n => lines = n.replace('_', "").parse().expect("LINES must be a number"),
        }
    }
    let sink: Box<dyn Write> = match &output {
        Some(p) => Box::new(std::fs::File::create(p).expect("cannot create output file")),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut w = BufWriter::with_capacity(1 << 20, sink);
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    writeln!(
        w,
        "level,find_number,part_number,description,manufacturer,mpn,quantity,unit_value,origin,eccn,usml,kind,params"
    )
    .unwrap();
    let mut level = 0usize;
    // Find numbers per open level.
    let mut finds: Vec<usize> = vec![0];
    for n in 0..lines {
        if n > 0 {
            // Go one deeper (at most level 4), stay, or climb back up.
            let r = rng.below(10);
            level = if r < 3 && level < 4 {
                level + 1
            } else if r < 7 {
                level
            } else {
                rng.below(level + 1)
            };
        }
        finds.truncate(level + 1);
        if finds.len() <= level {
            finds.push(0);
        }
        finds[level] += 10;
        let (pre, desc, eccn, usml, kind, params, value) = TEMPLATES[rng.below(TEMPLATES.len())];
        // Declare codes on about two lines in three.
        let declare = rng.below(3) != 0;
        let (eccn, usml) = if declare { (eccn, usml) } else { ("", "") };
        let params = if rng.below(2) == 0 { params } else { "" };
        let qty = [1, 1, 1, 2, 4, 6, 12, 24][rng.below(8)];
        let cents = (value * (0.8 + rng.below(41) as f64 / 100.0) * 100.0).round() / 100.0;
        let maker = MAKERS[rng.below(MAKERS.len())];
        let pn = format!("{pre}-{:06}", rng.below(1_000_000));
        writeln!(
            w,
            "{level},{},{pn},{desc},{maker},{pn}-M,{qty},{cents:.2},{},{eccn},{usml},{kind},{params}",
            finds[level],
            ORIGINS[rng.below(ORIGINS.len())],
        )
        .unwrap();
    }
    w.flush().unwrap();
}
