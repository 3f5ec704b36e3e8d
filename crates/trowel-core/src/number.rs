//! Reading decimal numbers (`2847291`, `0.75`, `-1.5e+09`, `+Inf`, `NaN`) as `f64`.
//!
//! Every number the parsers read goes through [`parse_f64`] instead of `str::parse::<f64>`.
//! std's parser is exact for every input, which costs a 10 KB table of powers of five plus a
//! big-decimal slow path: about 10 KB of the browser app's gzip-compressed wasm, for digits
//! that pastes never have. This one accepts exactly the same spellings as `str::parse::<f64>`
//! and gives the same, correctly rounded value for every number that is at most 15 significant
//! digits times a power of ten within 10^±22 (`0.000001234`, `1.5e+09`, `48211.5`) — every
//! metric sample, quantity, count and percentage seen in practice. Beyond that (16+
//! significant digits, or values like `1.2345e-25` or `6e+30`)
//! the value can differ from the correctly rounded one in the last bits; the result is still
//! finite exactly when std's is, and `inf`/`0` where std overflows or underflows.

/// Powers of ten that `f64` holds exactly: 10⁰ to 10²².
const EXACT_POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
];
/// Integers up to 2⁵³ convert to `f64` exactly.
const EXACT_INTEGER_LIMIT: u64 = 1 << 53;
/// The mantissa keeps this many significant digits (all of them fit a `u64`); later digits
/// only move the exponent.
const MANTISSA_DIGITS: u32 = 19;

/// `text` as a number, with the grammar of `str::parse::<f64>`: an optional sign, then
/// `inf`, `infinity` or `nan` in any case, or digits with an optional `.` and fraction (at
/// least one digit in all) and an optional exponent (`e` or `E`, optional sign, digits).
/// `None` for anything else, including surrounding spaces.
pub fn parse_f64(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let (negative, unsigned) = match bytes.first() {
        Some(b'-') => (true, &bytes[1..]),
        Some(b'+') => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    let magnitude = if unsigned.eq_ignore_ascii_case(b"inf") || unsigned.eq_ignore_ascii_case(b"infinity") {
        f64::INFINITY
    } else if unsigned.eq_ignore_ascii_case(b"nan") {
        f64::NAN
    } else {
        Decimal::read(unsigned)?.value()
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// A decimal number as `mantissa × 10^exponent`.
struct Decimal {
    mantissa: u64,
    exponent: i64,
    /// Digits past [`MANTISSA_DIGITS`] were dropped from the mantissa.
    truncated: bool,
}

impl Decimal {
    fn read(bytes: &[u8]) -> Option<Decimal> {
        let mut number = Decimal { mantissa: 0, exponent: 0, truncated: false };
        let mut kept_digits = 0u32;
        let mut any_digit = false;
        let mut at = 0;
        let mut in_fraction = false;
        loop {
            match bytes.get(at) {
                Some(&b) if b.is_ascii_digit() => {
                    any_digit = true;
                    if number.mantissa == 0 && b == b'0' {
                        // Leading zeros are not significant.
                    } else if kept_digits < MANTISSA_DIGITS {
                        number.mantissa = number.mantissa * 10 + u64::from(b - b'0');
                        kept_digits += 1;
                    } else {
                        number.truncated |= b != b'0';
                        if !in_fraction {
                            number.exponent += 1;
                        }
                        at += 1;
                        continue;
                    }
                    if in_fraction {
                        number.exponent -= 1;
                    }
                }
                Some(b'.') if !in_fraction => in_fraction = true,
                _ => break,
            }
            at += 1;
        }
        if !any_digit {
            return None;
        }
        if let Some(b'e' | b'E') = bytes.get(at) {
            at += 1;
            let negative = match bytes.get(at) {
                Some(b'-') => {
                    at += 1;
                    true
                }
                Some(b'+') => {
                    at += 1;
                    false
                }
                _ => false,
            };
            let digits = bytes.get(at..)?;
            if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
                return None;
            }
            // Past ±100,000 every value is 0 or infinite anyway.
            let written = digits.iter().fold(0i64, |n, d| (n * 10 + i64::from(d - b'0')).min(100_000));
            number.exponent += if negative { -written } else { written };
            at = bytes.len();
        }
        (at == bytes.len()).then_some(number)
    }

    fn value(&self) -> f64 {
        if self.mantissa == 0 {
            return 0.0;
        }
        let mantissa = self.mantissa as f64;
        let exact = !self.truncated && self.mantissa <= EXACT_INTEGER_LIMIT;
        match usize::try_from(self.exponent.unsigned_abs()).ok().and_then(|e| EXACT_POWERS_OF_TEN.get(e)) {
            // Both operands exact, so the one rounding is the correct one (Clinger's fast path).
            Some(power) if exact => {
                if self.exponent >= 0 {
                    mantissa * power
                } else {
                    mantissa / power
                }
            }
            _ => scale(mantissa, self.exponent),
        }
    }
}

/// `mantissa × 10^exponent` in steps of exact powers of ten, so that neither the power nor
/// the product overflows or underflows before the true value would.
fn scale(mut value: f64, mut exponent: i64) -> f64 {
    let largest = EXACT_POWERS_OF_TEN.len() as i64 - 1;
    while exponent != 0 && value != 0.0 && value.is_finite() {
        let step = exponent.clamp(-largest, largest);
        let power = EXACT_POWERS_OF_TEN[step.unsigned_abs() as usize];
        value = if step > 0 { value * power } else { value / power };
        exponent -= step;
    }
    value
}

#[cfg(test)]
mod tests {
    use super::parse_f64;
    use proptest::prelude::*;

    #[test]
    fn the_spellings_of_std_are_accepted_and_nothing_else() {
        for text in ["0", "-0", "+7", "1.", ".5", "1e5", "1E+5", "2.5e-3", "inf", "-Infinity", "+Inf", "NaN", "nan", "007", "1_0"] {
            assert_eq!(parse_f64(text).is_some(), text.parse::<f64>().is_ok(), "{text:?}");
        }
        for text in ["", ".", "-", "+", "e5", "1e", "1e+", "1.2.3", " 1", "1 ", "0x10", "1,000", "infinit", "--1", "1e5.0"] {
            assert_eq!(parse_f64(text), None, "{text:?}");
            assert!(text.parse::<f64>().is_err(), "{text:?}");
        }
    }

    #[test]
    fn out_of_range_numbers_overflow_and_underflow_like_std() {
        assert_eq!(parse_f64("1e400"), Some(f64::INFINITY));
        assert_eq!(parse_f64("-1e400"), Some(f64::NEG_INFINITY));
        assert_eq!(parse_f64("1e-400"), Some(0.0));
        assert_eq!(parse_f64("1e99999999999999999999"), Some(f64::INFINITY));
        assert_eq!(parse_f64(&format!("1{}", "0".repeat(400))), Some(f64::INFINITY));
        assert_eq!(parse_f64(&format!("0.{}1", "0".repeat(400))), Some(0.0));
        assert!(parse_f64("nan").is_some_and(f64::is_nan));
    }

    proptest! {
        /// Up to 15 significant digits times a power of ten within 10^±22: bit for bit what
        /// std reads.
        #[test]
        fn everyday_numbers_read_exactly_as_std_reads_them(
            int in "[0-9]{0,8}", frac in "[0-9]{1,7}", dot: bool, power in proptest::option::of(-22i32..=22), negative: bool,
        ) {
            // With a point, `int` may be empty (`.5`); without, `frac` is the whole number.
            let (int, frac) = if dot { (int, frac) } else { (format!("{int}{frac}"), String::new()) };
            let mut text = format!("{}{int}", if negative { "-" } else { "" });
            if dot {
                text.push('.');
                text.push_str(&frac);
            }
            if let Some(power) = power {
                // The written exponent that makes the value `digits × 10^power`.
                text.push_str(&format!("e{}", power + frac.len() as i32));
            }
            let std_value = text.parse::<f64>().unwrap();
            prop_assert_eq!(parse_f64(&text).map(f64::to_bits), Some(std_value.to_bits()), "{}", text);
        }

        /// Any digits and exponent: within a few units in the last place of std's value, and
        /// infinite or zero exactly where std's is.
        #[test]
        fn any_number_reads_close_to_std(digits in "[1-9][0-9]{0,30}", point in 0usize..32, exp in -330i32..330) {
            let point = point.min(digits.len());
            let text = format!("{}.{}e{exp}", &digits[..point], &digits[point..]);
            let (ours, std_value) = (parse_f64(&text).unwrap(), text.parse::<f64>().unwrap());
            prop_assert_eq!(ours.is_finite(), std_value.is_finite(), "{}", text);
            if std_value.is_normal() {
                prop_assert!(((ours - std_value) / std_value).abs() < 1e-14, "{} read as {} not {}", text, ours, std_value);
            } else if std_value == 0.0 {
                prop_assert!(ours.abs() < f64::MIN_POSITIVE, "{} read as {}", text, ours);
            }
        }

        /// Random text: accepted exactly when std accepts it.
        #[test]
        fn the_grammar_is_std_grammar(text in "[-+0-9.eEinfatyINFATY_ ]{0,12}") {
            prop_assert_eq!(parse_f64(&text).is_some(), text.parse::<f64>().is_ok(), "{:?}", text);
        }
    }
}
