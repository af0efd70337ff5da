//! Correctly rounded parsing of JSON number literals without a second float parser.
//!
//! serde_json's default parser is exact only when the significand fits in 53 bits and the decimal
//! exponent is at most 22, or when the literal is an integer that fits in 64 bits. Elsewhere its
//! result can be 1 ULP off or more. Compiling core's `f64::from_str` as well would add about 12 KiB of
//! tables to the wasm, so this module takes serde_json's result and corrects it by comparing the
//! literal with the rounding midpoints in exact big-integer arithmetic.

use std::cmp::Ordering;

/// Literals with more significant digits than this, or a larger decimal exponent, keep
/// serde_json's result, so that a hostile body cannot make the big-integer work quadratic.
const MAX_EXACT_DIGITS: usize = 800;
const MAX_EXACT_EXPONENT: i64 = 800;

/// Parses a JSON number literal into the nearest double, ties to even, as `JSON.parse` does.
///
/// Returns `None` when the literal is not a JSON number or its magnitude overflows a double.
pub(super) fn parse_f64(literal: &str) -> Option<f64> {
    // Parsed as a `Value`, not as `f64`, because a typed parse links serde's type-error messages,
    // whose float formatting alone is about 14 KB of wasm. The estimate is the same double.
    let estimate = serde_json::from_slice::<serde_json::Value>(literal.as_bytes()).ok()?.as_f64()?;
    let negative = literal.starts_with('-');
    let Some((digits, exponent)) = decimal_parts(literal) else {
        return Some(estimate);
    };

    let corrected = correct(estimate.abs(), &digits, exponent);
    if !corrected.is_finite() {
        return None;
    }
    Some(if negative { -corrected } else { corrected })
}

/// Splits a literal into its significant digits (no leading zeros) and the decimal exponent `e`
/// of `DIGITS × 10^e`, or returns `None` when it is too long to check exactly.
fn decimal_parts(literal: &str) -> Option<(Vec<u8>, i64)> {
    let unsigned = literal.trim_start_matches('-');
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, exponent.trim_start_matches('+').parse::<i64>().ok()?),
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));

    let digits: Vec<u8> = whole.bytes().chain(fraction.bytes()).skip_while(|digit| *digit == b'0').map(|digit| digit - b'0').collect();
    let exponent = exponent.checked_sub(i64::try_from(fraction.len()).ok()?)?;
    if digits.len() > MAX_EXACT_DIGITS || exponent.abs() > MAX_EXACT_EXPONENT {
        return None;
    }
    Some((digits, exponent))
}

/// Moves `estimate` (non-negative, within a few ULP) to the double nearest `DIGITS × 10^exponent`.
fn correct(mut estimate: f64, digits: &[u8], exponent: i64) -> f64 {
    let value = Scaled::decimal(digits, exponent);

    // serde_json rounds the significand and then each power-of-ten step, so its result is off by
    // a few ULP at most. Each pass moves one ULP towards the nearest double.
    for _ in 0..4 {
        let (mantissa, binary_exponent) = decompose(estimate);
        let above = value.compare(2 * mantissa + 1, binary_exponent - 1);
        if above == Ordering::Greater || (above == Ordering::Equal && mantissa % 2 == 1) {
            estimate = f64::from_bits(estimate.to_bits() + 1);
            continue;
        }
        if mantissa == 0 {
            break;
        }

        // Below a power of two the next double down is half as far away.
        let (low_mantissa, low_exponent) = match estimate.to_bits() & ((1 << 52) - 1) == 0 && estimate.to_bits() >> 52 > 1 {
            true => (4 * mantissa - 1, binary_exponent - 2),
            false => (2 * mantissa - 1, binary_exponent - 1),
        };
        let below = value.compare(low_mantissa, low_exponent);
        if below == Ordering::Less || (below == Ordering::Equal && mantissa % 2 == 1) {
            estimate = f64::from_bits(estimate.to_bits() - 1);
            continue;
        }
        break;
    }
    estimate
}

/// Splits a finite non-negative double into `mantissa × 2^exponent`.
fn decompose(value: f64) -> (u64, i64) {
    let bits = value.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1 << 52) - 1);
    match biased {
        0 => (fraction, -1074),
        _ => (fraction | (1 << 52), biased - 1075),
    }
}

/// A decimal value `DIGITS × 10^exponent`, kept exact.
struct Scaled<'a> {
    digits: &'a [u8],
    exponent: i64,
}

impl<'a> Scaled<'a> {
    fn decimal(digits: &'a [u8], exponent: i64) -> Self {
        Scaled { digits, exponent }
    }

    /// Compares this value with `mantissa × 2^binary_exponent`.
    fn compare(&self, mantissa: u64, binary_exponent: i64) -> Ordering {
        // Multiply both sides by whatever powers of 10 and 2 make every exponent non-negative.
        let mut left = Big::from_digits(self.digits);
        let mut right = Big::from_u64(mantissa);
        if self.exponent >= 0 {
            left.mul_pow10(self.exponent);
        } else {
            right.mul_pow10(-self.exponent);
        }
        if binary_exponent >= 0 {
            right.mul_pow2(binary_exponent);
        } else {
            left.mul_pow2(-binary_exponent);
        }
        left.compare(&right)
    }
}

/// An unsigned big integer in little-endian base-2^32 limbs, with no leading zero limbs.
struct Big(Vec<u32>);

impl Big {
    fn from_u64(value: u64) -> Self {
        let mut big = Big(vec![value as u32, (value >> 32) as u32]);
        big.trim();
        big
    }

    fn from_digits(digits: &[u8]) -> Self {
        let mut big = Big(Vec::new());
        for digit in digits {
            big.mul_add(10, u32::from(*digit));
        }
        big
    }

    fn mul_add(&mut self, factor: u32, addend: u32) {
        let mut carry = u64::from(addend);
        for limb in &mut self.0 {
            let product = u64::from(*limb) * u64::from(factor) + carry;
            *limb = product as u32;
            carry = product >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_pow10(&mut self, mut power: i64) {
        // 10^9 is the largest power of ten that fits in a limb.
        while power >= 9 {
            self.mul_add(1_000_000_000, 0);
            power -= 9;
        }
        for _ in 0..power {
            self.mul_add(10, 0);
        }
    }

    fn mul_pow2(&mut self, power: i64) {
        let whole_limbs = (power / 32) as usize;
        for _ in 0..power % 32 {
            self.mul_add(2, 0);
        }
        if !self.0.is_empty() {
            self.0.splice(0..0, std::iter::repeat(0).take(whole_limbs));
        }
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn compare(&self, other: &Big) -> Ordering {
        self.0.len().cmp(&other.0.len()).then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_matches_core_parser() {
        let literals = [
            "123456789012345680000",
            "0.30000000000000004441",
            "9007199254740993",
            "9007199254740993.0000000001",
            "2.2250738585072011e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "1.7976931348623157e308",
            "-0.1",
            "1e23",
            "8.98846567431158e307",
            "7.2057594037927933e16",
            "0.000000000000000000000000000000000000000000001",
            "179769313486231570000000000000000000000000000000000000000000000000000000000000000000000000000000",
        ];
        for literal in literals {
            let expected: f64 = literal.parse().unwrap();
            assert_eq!(parse_f64(literal).map(f64::to_bits), Some(expected.to_bits()), "literal {literal}");
        }
    }

    #[test]
    fn parse_rejects_overflow_and_non_numbers() {
        assert_eq!(parse_f64("1e400"), None);
        assert_eq!(parse_f64("abc"), None);
    }

    proptest::proptest! {
        #[test]
        fn parse_agrees_with_core_on_doubles(bits in 0u64..0x7ff0_0000_0000_0000, precision in 0usize..25) {
            // Printing a double with too few or too many digits lands between doubles or near a tie.
            let literal = format!("{:.precision$e}", f64::from_bits(bits));
            let expected: f64 = literal.parse().unwrap();
            proptest::prop_assert_eq!(parse_f64(&literal).map(f64::to_bits), Some(expected.to_bits()));
        }

        #[test]
        fn parse_agrees_with_core_on_decimals(digits in 0u64.., fraction in 0u64.., exponent in -360i64..300) {
            let literal = format!("{digits}.{fraction}e{exponent}");
            let expected: f64 = literal.parse().unwrap();
            if expected.is_finite() {
                proptest::prop_assert_eq!(parse_f64(&literal).map(f64::to_bits), Some(expected.to_bits()));
            }
        }
    }
}
