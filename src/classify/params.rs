//! Parameters from prose: typed quantities with units pulled out of a BOM description
//! (`3 GSPS`, `12-bit`, `2-18 GHz`, `43 dBm`, `±2000°/sec`, `640x512`, `AES-256`),
//! normalized into the parameter vocabulary of `docs/DATA.md` (`sample_rate_msps`,
//! `freq_ghz`, `power_w`...).
//!
//! A small hand-written scanner, not a regex per unit: it runs on every line of a
//! million-line BOM. It does not decide anything; it only reports what the text
//! says. Values from the `params` column always win over values read from prose
//! (see [`super::ParamView`]). When the text is ambiguous (a bare `60 Hz` outside an
//! imaging context, `16 g` outside an inertial context) nothing is extracted.

/// One quantity read from prose: vocabulary key and value in the key's unit.
pub type ProseParam = (&'static str, f64);

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Unit {
    Freq,
    Hz,
    SampleRate,
    Power,
    Dbm,
    Db,
    Length,
    Bits,
    Fps,
    AngRate,
    Bias,
    MicroG,
    G,
    Km,
    Kg,
    Kn,
    Gray,
    Celsius,
    Speed,
}

/// Units, longest spelling first so `ms/s` wins over `m/s` and `dbm` over `db`.
/// The factor converts to the vocabulary unit (GHz, MSPS, W, nm, deg/s, deg/hr, Gy).
const UNITS: &[(&str, Unit, f64)] = &[
    ("krad(si)", Unit::Gray, 10.0),
    ("deg/sec", Unit::AngRate, 1.0),
    ("°/sec", Unit::AngRate, 1.0),
    ("º/sec", Unit::AngRate, 1.0),
    ("rad(si)", Unit::Gray, 0.01),
    ("microns", Unit::Length, 1000.0),
    ("micron", Unit::Length, 1000.0),
    ("deg/hr", Unit::Bias, 1.0),
    ("deg/s", Unit::AngRate, 1.0),
    ("deg/h", Unit::Bias, 1.0),
    ("watts", Unit::Power, 1.0),
    ("deg c", Unit::Celsius, 1.0),
    ("°/hr", Unit::Bias, 1.0),
    ("º/hr", Unit::Bias, 1.0),
    ("gs/s", Unit::SampleRate, 1000.0),
    ("ms/s", Unit::SampleRate, 1.0),
    ("ks/s", Unit::SampleRate, 0.001),
    ("gsps", Unit::SampleRate, 1000.0),
    ("msps", Unit::SampleRate, 1.0),
    ("ksps", Unit::SampleRate, 0.001),
    ("krad", Unit::Gray, 10.0),
    ("bits", Unit::Bits, 1.0),
    ("watt", Unit::Power, 1.0),
    ("degc", Unit::Celsius, 1.0),
    ("°/s", Unit::AngRate, 1.0),
    ("º/s", Unit::AngRate, 1.0),
    ("°/h", Unit::Bias, 1.0),
    ("º/h", Unit::Bias, 1.0),
    ("ghz", Unit::Freq, 1.0),
    ("mhz", Unit::Freq, 0.001),
    ("khz", Unit::Freq, 0.000_001),
    ("sps", Unit::SampleRate, 0.000_001),
    ("dbm", Unit::Dbm, 1.0),
    ("bit", Unit::Bits, 1.0),
    ("fps", Unit::Fps, 1.0),
    ("dps", Unit::AngRate, 1.0),
    ("dph", Unit::Bias, 1.0),
    ("m/s", Unit::Speed, 1.0),
    ("rad", Unit::Gray, 0.01),
    ("µm", Unit::Length, 1000.0),
    ("μm", Unit::Length, 1000.0),
    ("µg", Unit::MicroG, 1.0),
    ("μg", Unit::MicroG, 1.0),
    ("°c", Unit::Celsius, 1.0),
    ("ºc", Unit::Celsius, 1.0),
    ("kw", Unit::Power, 1000.0),
    ("mw", Unit::Power, 0.001),
    ("db", Unit::Db, 1.0),
    ("nm", Unit::Length, 1.0),
    ("um", Unit::Length, 1000.0),
    ("ug", Unit::MicroG, 1.0),
    ("km", Unit::Km, 1.0),
    ("kg", Unit::Kg, 1.0),
    ("kn", Unit::Kn, 1.0),
    ("gy", Unit::Gray, 1.0),
    ("hz", Unit::Hz, 1.0),
    ("w", Unit::Power, 1.0),
    ("g", Unit::G, 1.0),
];

/// Context words, looked up only when a quantity needs them.
struct Context<'t> {
    text: &'t str,
    cache: [Option<bool>; 6],
}

const PROCESSOR: usize = 0;
const IMAGING: usize = 1;
const LASER: usize = 2;
const INERTIAL: usize = 3;
const CRYPTO: usize = 4;
const PAYLOAD: usize = 5;

const CONTEXT_WORDS: [&[&str]; 6] = [
    &[
        "processor",
        "mcu",
        "microcontroller",
        "cpu",
        "fpga",
        "dsp",
        "soc",
        "core",
        "clock",
        "computer",
    ],
    &[
        "camera",
        "imager",
        "frame",
        "fpa",
        "focal plane",
        "thermal",
        "infrared",
        "video",
        "sensor",
        "detector",
    ],
    &["laser"],
    &["accelerometer", "imu", "inertial", "accel", "gyro", "mems"],
    &["aes", "encrypt", "crypto", "key", "cipher"],
    &["payload"],
];

impl Context<'_> {
    fn is(&mut self, which: usize) -> bool {
        if let Some(v) = self.cache[which] {
            return v;
        }
        let v = has_any(self.text, CONTEXT_WORDS[which]);
        self.cache[which] = Some(v);
        v
    }
}

fn has_any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// Extracts quantities from `text` (any case). The first value for a key wins, except
/// that ranges set both ends. Flags (`mass_market`, `encryption`) are 1.0 for yes.
///
/// Example: `"MMIC PA 2-18 GHz 20 W"` gives `freq_min_ghz=2`, `freq_ghz=18`, `power_w=20`.
pub fn extract(text: &str) -> Vec<ProseParam> {
    extract_lower(&text.to_lowercase())
}

/// [`extract`] on text already in lower case (the classifier lowers each line once).
pub fn extract_lower(t: &str) -> Vec<ProseParam> {
    let mut out: Vec<ProseParam> = Vec::new();
    let has_digit = t.bytes().any(|b| b.is_ascii_digit());
    if t.contains("mass market") || t.contains("mass-market") {
        out.push(("mass_market", 1.0));
    }
    if !has_digit {
        return out;
    }
    let mut ctx = Context {
        text: t,
        cache: [None; 6],
    };
    let b = t.as_bytes();
    // Key lengths written as `AES-256` / `AES256` / `AES 128`.
    let mut from = 0;
    while let Some(p) = t[from..].find("aes") {
        let at = from + p;
        from = at + 3;
        if at > 0 && is_word_byte(b[at - 1]) {
            continue;
        }
        let mut j = at + 3;
        while j < b.len() && (b[j] == b'-' || b[j] == b' ' || b[j] == b'_') {
            j += 1;
        }
        let s = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j > s && (j == b.len() || !is_word_byte(b[j])) {
            if let Ok(v) = t[s..j].parse::<f64>() {
                set("key_bits", v, &mut out);
            }
        }
    }
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && (is_word_byte(b[i - 1]) || b[i - 1] == b'.')) {
            i += 1;
            continue;
        }
        // A minus sign directly before the number, after a space or start, is a sign.
        let negative =
            i > 0 && b[i - 1] == b'-' && (i == 1 || matches!(b[i - 2], b' ' | b'(' | b','));
        let (mut v, mut j) = number(t, i);
        if negative {
            v = -v;
        }
        // Array sizes: 640x512, 1280 × 1024.
        let mut k = skip_spaces(b, j);
        let times = if t[k..].starts_with('x') {
            Some(k + 1)
        } else if t[k..].starts_with('×') {
            Some(k + '×'.len_utf8())
        } else {
            None
        };
        if let Some(after) = times {
            let a = skip_spaces(b, after);
            if a < b.len() && b[a].is_ascii_digit() {
                let (h, end) = number(t, a);
                let e2 = skip_spaces(b, end);
                let trailing_len = t[e2..].starts_with("mm")
                    || t[e2..].starts_with("cm")
                    || t[e2..].starts_with('m');
                if !trailing_len && (ctx.is(IMAGING) || (v >= 32.0 && h >= 32.0)) {
                    set("array_width_px", v, &mut out);
                    set("array_height_px", h, &mut out);
                }
                i = end;
                continue;
            }
        }
        // Ranges: 2-18, 2 to 18, 8–12, -40 to +85.
        let mut lo = None;
        let r = k;
        let sep_end = if t[r..].starts_with("to ") {
            Some(r + 3)
        } else if t[r..].starts_with('-') || t[r..].starts_with('~') {
            Some(r + 1)
        } else if t[r..].starts_with('–') {
            Some(r + '–'.len_utf8())
        } else {
            None
        };
        if let Some(se) = sep_end {
            let mut q = skip_spaces(b, se);
            let mut neg2 = false;
            if q < b.len() && (b[q] == b'+' || b[q] == b'-') {
                neg2 = b[q] == b'-';
                q += 1;
            }
            if q < b.len() && b[q].is_ascii_digit() {
                let (hi, end) = number(t, q);
                lo = Some(v);
                v = if neg2 { -hi } else { hi };
                j = end;
                k = skip_spaces(b, j);
            }
        }
        // Optional hyphen before the unit (`12-bit`) and `±`.
        let mut u = k;
        if lo.is_none() && u < b.len() && b[u] == b'-' {
            u += 1;
        }
        let rest = &t[u..];
        let unit = UNITS.iter().find(|(s, _, _)| {
            rest.starts_with(s) && {
                let e = u + s.len();
                e >= b.len() || !is_word_byte(b[e]) || s.ends_with(')')
            }
        });
        let Some(&(spelling, unit, factor)) = unit else {
            i = j.max(i + 1);
            continue;
        };
        let unit_end = u + spelling.len();
        let before = &t[floor_boundary(t, i.saturating_sub(24))..i];
        let after = &t[unit_end..ceil_boundary(t, unit_end + 24)];
        let near = |w: &str| before.contains(w) || after.contains(w);
        let val = v * factor;
        let lo_val = lo.map(|l| l * factor);
        match unit {
            Unit::Freq => {
                if near("bandwidth") || near(" bw") || near("ibw") {
                    set("bandwidth_mhz", val * 1000.0, &mut out);
                } else if ctx.is(PROCESSOR) {
                    set("clock_mhz", val * 1000.0, &mut out);
                } else {
                    if let Some(l) = lo_val {
                        set("freq_min_ghz", l, &mut out);
                    }
                    set("freq_ghz", val, &mut out);
                }
            }
            Unit::Hz => {
                if ctx.is(IMAGING) {
                    set("frame_rate_hz", val, &mut out);
                }
            }
            Unit::Fps => set("frame_rate_hz", val, &mut out),
            Unit::SampleRate => set("sample_rate_msps", val, &mut out),
            Unit::Power => {
                if ctx.is(LASER) {
                    set("laser_power_w", val, &mut out);
                } else {
                    set("power_w", val, &mut out);
                }
            }
            Unit::Dbm => set("power_dbm", val, &mut out),
            Unit::Db => match nearest(before, after, &["noise figure", "nf", "gain"]) {
                Some("gain") => set("gain_db", val, &mut out),
                Some(_) => set("noise_figure_db", val, &mut out),
                None => {}
            },
            Unit::Length => {
                if near("pitch") {
                    set("pixel_pitch_um", val / 1000.0, &mut out);
                } else {
                    if let Some(l) = lo_val {
                        set("wavelength_min_nm", l, &mut out);
                    }
                    set("wavelength_nm", val, &mut out);
                }
            }
            Unit::Bits => {
                if ctx.is(CRYPTO) && (near("aes") || near("key") || near("encrypt")) {
                    set("key_bits", val, &mut out);
                } else if ctx.is(PROCESSOR) && [4.0, 8.0, 16.0, 32.0, 64.0].contains(&val) {
                    set("word_bits", val, &mut out);
                } else {
                    set("resolution_bits", val, &mut out);
                }
            }
            Unit::AngRate => set("angular_rate_deg_s", val, &mut out),
            Unit::Bias => set("gyro_bias_deg_hr", val, &mut out),
            Unit::MicroG => set("accel_bias_ug", val, &mut out),
            Unit::G => {
                if ctx.is(INERTIAL) {
                    set("accel_range_g", val, &mut out);
                }
            }
            Unit::Km => set("range_km", val, &mut out),
            Unit::Kg => {
                if ctx.is(PAYLOAD) {
                    set("payload_kg", val, &mut out);
                } else {
                    set("mass_kg", val, &mut out);
                }
            }
            Unit::Kn => set("thrust_kn", val, &mut out),
            Unit::Gray => set("total_dose_gy", val, &mut out),
            Unit::Celsius => {
                if let Some(l) = lo_val {
                    set("temp_min_c", l, &mut out);
                    set("temp_max_c", val, &mut out);
                }
            }
            Unit::Speed => set("speed_m_s", val, &mut out),
        }
        i = unit_end;
    }
    // dBm → W for thresholds written in watts.
    if let Some(&(_, dbm)) = out.iter().find(|(k, _)| *k == "power_dbm") {
        let w = 10f64.powf((dbm - 30.0) / 10.0);
        let w = (w * 1000.0).round() / 1000.0;
        set(
            if ctx.is(LASER) {
                "laser_power_w"
            } else {
                "power_w"
            },
            w,
            &mut out,
        );
    }
    out
}

fn set(key: &'static str, v: f64, out: &mut Vec<ProseParam>) {
    if v.is_finite() && !out.iter().any(|(k, _)| *k == key) {
        out.push((key, v));
    }
}

/// Which of the words appears closest to the quantity: the nearest before it, else the
/// first after it.
fn nearest<'w>(before: &str, after: &str, words: &[&'w str]) -> Option<&'w str> {
    let mut best: Option<(usize, &'w str)> = None;
    for w in words {
        if let Some(p) = before.rfind(w) {
            let d = before.len() - p;
            if best.is_none_or_gt(d) {
                best = Some((d, w));
            }
        }
    }
    if best.is_some() {
        return best.map(|(_, w)| w);
    }
    let mut first: Option<(usize, &'w str)> = None;
    for w in words {
        if let Some(p) = after.find(w) {
            if first.is_none_or_gt(p) {
                first = Some((p, w));
            }
        }
    }
    first.map(|(_, w)| w)
}

trait NoneOrGt {
    fn is_none_or_gt(&self, d: usize) -> bool;
}

impl<T> NoneOrGt for Option<(usize, T)> {
    fn is_none_or_gt(&self, d: usize) -> bool {
        self.as_ref().map_or(true, |(b, _)| *b > d)
    }
}

fn floor_boundary(t: &str, mut i: usize) -> usize {
    while i > 0 && !t.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(t: &str, mut i: usize) -> usize {
    if i >= t.len() {
        return t.len();
    }
    while !t.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    i
}

/// Reads `123`, `1.5`, `2,000` at `i`; returns the value and the end offset.
fn number(t: &str, i: usize) -> (f64, usize) {
    let b = t.as_bytes();
    let mut j = i;
    let mut dot = false;
    let mut comma = false;
    while j < b.len() {
        let c = b[j];
        if c.is_ascii_digit() {
            j += 1;
        } else if c == b'.' && !dot && !comma && b.get(j + 1).is_some_and(u8::is_ascii_digit) {
            dot = true;
            j += 1;
        } else if c == b','
            && !dot
            && b.get(j + 1..j + 4)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
            && b.get(j + 4).map_or(true, |d| !d.is_ascii_digit())
        {
            comma = true;
            j += 1; // thousands separator
        } else {
            break;
        }
    }
    let v = if comma {
        t[i..j].replace(',', "").parse()
    } else {
        t[i..j].parse()
    };
    (v.unwrap_or(f64::NAN), j)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(v: &[ProseParam], k: &str) -> Option<f64> {
        v.iter().find(|(key, _)| *key == k).map(|(_, x)| *x)
    }

    /// One row per spelling: description, key, expected value (None: must be absent).
    #[test]
    fn extracts_quantities_table() {
        let rows: &[(&str, &str, Option<f64>)] = &[
            ("ADC 12-bit 3 GSPS", "sample_rate_msps", Some(3000.0)),
            ("ADC 12-bit 3 GSPS", "resolution_bits", Some(12.0)),
            ("ADC 14 bit 500 MSPS", "sample_rate_msps", Some(500.0)),
            ("ADC 16-bit 250 kSPS", "sample_rate_msps", Some(0.25)),
            ("DAC 16-bit 2.5 GS/s", "sample_rate_msps", Some(2500.0)),
            ("MMIC PA 2-18 GHz 20 W", "freq_min_ghz", Some(2.0)),
            ("MMIC PA 2-18 GHz 20 W", "freq_ghz", Some(18.0)),
            ("MMIC PA 2-18 GHz 20 W", "power_w", Some(20.0)),
            ("LNA 9.5GHz", "freq_ghz", Some(9.5)),
            ("LNA 8 to 12 GHz", "freq_min_ghz", Some(8.0)),
            ("Filter 2400 MHz", "freq_ghz", Some(2.4)),
            ("Amplifier 43 dBm", "power_dbm", Some(43.0)),
            ("Amplifier 43 dBm", "power_w", Some(19.953)),
            ("Amplifier 500 mW", "power_w", Some(0.5)),
            ("Gyro ±2000°/sec", "angular_rate_deg_s", Some(2000.0)),
            ("MEMS gyro 300 deg/s", "angular_rate_deg_s", Some(300.0)),
            ("FOG IMU 0.5 deg/hr bias", "gyro_bias_deg_hr", Some(0.5)),
            ("IMU 0.01°/h", "gyro_bias_deg_hr", Some(0.01)),
            ("Accelerometer ±16 g 50 µg", "accel_range_g", Some(16.0)),
            ("Accelerometer ±16 g 50 µg", "accel_bias_ug", Some(50.0)),
            (
                "Thermal camera 640x512 60 Hz",
                "array_width_px",
                Some(640.0),
            ),
            (
                "Thermal camera 640x512 60 Hz",
                "array_height_px",
                Some(512.0),
            ),
            ("Thermal camera 640x512 60 Hz", "frame_rate_hz", Some(60.0)),
            ("Camera 1280 × 1024 120 fps", "frame_rate_hz", Some(120.0)),
            ("Power supply 60 Hz", "frame_rate_hz", None),
            ("Resistor 0603 4x4 mm", "array_width_px", None),
            ("Laser diode 1550 nm 2 W", "wavelength_nm", Some(1550.0)),
            ("Laser diode 1550 nm 2 W", "laser_power_w", Some(2.0)),
            ("LWIR lens 8-12 µm", "wavelength_nm", Some(12000.0)),
            ("LWIR lens 8-12 um", "wavelength_min_nm", Some(8000.0)),
            ("Microbolometer 12 µm pitch", "pixel_pitch_um", Some(12.0)),
            ("Radio AES-256", "key_bits", Some(256.0)),
            ("Module with AES128 engine", "key_bits", Some(128.0)),
            ("Link 256-bit key", "key_bits", Some(256.0)),
            ("32-bit MCU 168 MHz", "word_bits", Some(32.0)),
            ("32-bit MCU 168 MHz", "clock_mhz", Some(168.0)),
            ("Quad-core processor 1.5 GHz", "clock_mhz", Some(1500.0)),
            (
                "Transceiver 100 MHz bandwidth",
                "bandwidth_mhz",
                Some(100.0),
            ),
            ("FPGA 2,000 MHz", "clock_mhz", Some(2000.0)),
            ("Rad-hard SRAM 300 krad(Si)", "total_dose_gy", Some(3000.0)),
            ("Op amp -55 to 125 °C", "temp_min_c", Some(-55.0)),
            ("Op amp -55 to 125 °C", "temp_max_c", Some(125.0)),
            ("UAV 300 km range", "range_km", Some(300.0)),
            ("UAV 25 kg payload", "payload_kg", Some(25.0)),
            ("Motor 12 kN thrust", "thrust_kn", Some(12.0)),
            ("LNA gain 20 dB NF 1.2 dB", "gain_db", Some(20.0)),
            ("Router mass market", "mass_market", Some(1.0)),
            ("Router mass-market 5 GHz", "mass_market", Some(1.0)),
            ("Bolt M3x8 stainless", "freq_ghz", None),
            ("Widget 12", "resolution_bits", None),
            ("R5000 capacitor", "power_w", None),
            ("µµµµµµµµµµµµµµ 12 dB ±±±±±±±±±±±±±", "gain_db", None),
            ("Gain ±°µ 20 dB °°°°°°°°°°°°°°°°", "gain_db", Some(20.0)),
        ];
        for (text, key, want) in rows {
            let got = get(&extract(text), key);
            match want {
                Some(w) => {
                    let g = got
                        .unwrap_or_else(|| panic!("`{text}`: no `{key}` in {:?}", extract(text)));
                    assert!((g - w).abs() < 1e-6, "`{text}`: `{key}` = {g}, want {w}");
                }
                None => assert!(got.is_none(), "`{text}`: unexpected `{key}` = {got:?}"),
            }
        }
    }

    #[test]
    fn no_digits_no_quantities() {
        assert!(extract("Screw, pan head, stainless").is_empty());
    }
}
