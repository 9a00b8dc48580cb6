//! 居民身份证号码校验（GB 11643，ISO 7064 MOD 11-2 校验码）。
//!
//! Resident ID number validation (GB 11643). Every function is total: any UTF-8 input gives
//! an answer, never a panic.
//!
//! ```
//! use yjt_sso::idcard::is_valid_id_card;
//! assert!(is_valid_id_card("11010519491231002X"));
//! assert!(!is_valid_id_card("110105194912310021"));
//! ```

/// GB 11643 weights for the first 17 digits.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character indexed by (weighted sum mod 11).
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// 身份证号码校验结果。
///
/// Result of checking an ID number.
///
/// ```
/// # use yjt_sso::idcard::*;
/// assert_eq!(check_id_card("11010519491231002X"), IdCardCheck::Valid);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdCardCheck {
    /// 18 位，格式、出生日期与校验码均正确。
    ///
    /// 18 characters; format, birth date and check digit all correct.
    Valid,
    /// 18 位且格式、日期正确，但校验码不符。
    ///
    /// Well-formed 18-character number whose check digit does not match.
    BadCheckDigit,
    /// 15 位旧号码（1999 年前），没有校验码，无法校验。
    ///
    /// 15-digit pre-1999 number: it has no check digit, so it cannot be checked.
    Legacy15,
    /// 长度、字符或出生日期不合法。
    ///
    /// Wrong length, wrong characters, or an impossible birth date.
    Malformed,
}

impl IdCardCheck {
    /// 稳定的字符串形式，用于日志与 JS 侧。
    ///
    /// Stable string form for logs and the JS side: `"valid"`, `"bad_check_digit"`,
    /// `"legacy_15"` or `"malformed"`.
    ///
    /// ```
    /// # use yjt_sso::idcard::*;
    /// assert_eq!(IdCardCheck::Legacy15.as_str(), "legacy_15");
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            IdCardCheck::Valid => "valid",
            IdCardCheck::BadCheckDigit => "bad_check_digit",
            IdCardCheck::Legacy15 => "legacy_15",
            IdCardCheck::Malformed => "malformed",
        }
    }
}

/// Parses exactly 17 ASCII digits into their values; `None` otherwise.
fn parse17(s: &str) -> Option<[u8; 17]> {
    let mut out = [0u8; 17];
    let mut n = 0usize;
    for b in s.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        // `get_mut` rather than indexing so an over-long input cannot panic.
        *out.get_mut(n)? = b - b'0';
        n += 1;
    }
    if n == 17 {
        Some(out)
    } else {
        None
    }
}

fn is_leap(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// True when the 8 digits form a real YYYYMMDD date in 1900-01-01..=2099-12-31.
fn valid_birth_date(d: &[u8]) -> bool {
    if d.len() != 8 {
        return false;
    }
    let num = |ds: &[u8]| ds.iter().fold(0u32, |acc, &x| acc * 10 + u32::from(x));
    let (year, month, day) = match (d.get(0..4), d.get(4..6), d.get(6..8)) {
        (Some(y), Some(m), Some(dd)) => (num(y), num(m), num(dd)),
        _ => return false,
    };
    if !(1900..=2099).contains(&year) {
        return false;
    }
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days_in_month).contains(&day)
}

fn check_char(digits: &[u8; 17]) -> Option<char> {
    let sum: u32 = digits
        .iter()
        .zip(WEIGHTS.iter())
        .map(|(&d, &w)| u32::from(d) * w)
        .sum();
    // `sum % 11` is always < 11, but `get` keeps this panic-free by construction.
    CHECK_CHARS.get((sum % 11) as usize).copied()
}

/// 计算 GB 11643 校验码（ISO 7064 MOD 11-2）；输入必须恰为 17 位 ASCII 数字，否则返回 `None`。
///
/// Computes the GB 11643 check character (ISO 7064 MOD 11-2) for the first 17 digits.
/// Returns `None` unless the input is exactly 17 ASCII digits. The result is `'0'..='9'`
/// or uppercase `'X'`.
///
/// ```
/// # use yjt_sso::idcard::*;
/// assert_eq!(id_card_check_digit("11010519491231002"), Some('X'));
/// ```
pub fn id_card_check_digit(first17: &str) -> Option<char> {
    parse17(first17).and_then(|d| check_char(&d))
}

/// 校验身份证号码：18 位（17 位数字 + 数字或 x/X，出生日期真实且在 1900–2099 年间）或 15 位旧号码。
/// 不做任何修剪，输入必须精确。
///
/// Checks an ID number. 18 characters: 17 ASCII digits plus a digit or `x`/`X`, with a
/// real birth date (YYYYMMDD at offset 6) between 1900-01-01 and 2099-12-31; 15 ASCII
/// digits → [`IdCardCheck::Legacy15`]. Nothing is trimmed: the input must be exact.
///
/// ```
/// # use yjt_sso::idcard::*;
/// assert_eq!(check_id_card("11010519491231002x"), IdCardCheck::Valid);
/// assert_eq!(check_id_card("110105194912310021"), IdCardCheck::BadCheckDigit);
/// ```
pub fn check_id_card(id: &str) -> IdCardCheck {
    let bytes = id.as_bytes();
    if bytes.len() == 15 {
        return if bytes.iter().all(u8::is_ascii_digit) {
            IdCardCheck::Legacy15
        } else {
            IdCardCheck::Malformed
        };
    }
    if bytes.len() != 18 {
        return IdCardCheck::Malformed;
    }
    // Byte length 18 plus ASCII checks below means char boundaries are safe, but `get`
    // returns None instead of panicking if a multibyte char straddles offset 17.
    let (Some(head), Some(last)) = (id.get(..17), bytes.get(17)) else {
        return IdCardCheck::Malformed;
    };
    let Some(digits) = parse17(head) else {
        return IdCardCheck::Malformed;
    };
    let given = match last {
        b'0'..=b'9' => char::from(*last),
        b'x' | b'X' => 'X',
        _ => return IdCardCheck::Malformed,
    };
    match digits.get(6..14) {
        Some(date) if valid_birth_date(date) => {}
        _ => return IdCardCheck::Malformed,
    }
    match check_char(&digits) {
        Some(c) if c == given => IdCardCheck::Valid,
        Some(_) => IdCardCheck::BadCheckDigit,
        None => IdCardCheck::Malformed,
    }
}

/// 是否为校验通过的 18 位身份证号码（等价于 `check_id_card(id) == IdCardCheck::Valid`）。
///
/// Whether `id` is a valid 18-character ID number (`check_id_card(id) == Valid`).
///
/// ```
/// # use yjt_sso::idcard::*;
/// assert!(is_valid_id_card("440106199003071231"));
/// ```
pub fn is_valid_id_card(id: &str) -> bool {
    check_id_card(id) == IdCardCheck::Valid
}

#[cfg(test)]
mod tests {
    use super::*;

    // Check digits cross-checked with an independent Python implementation.
    const VALID: &[&str] = &[
        "11010519491231002X", // GB 11643 published example
        "440106199003071231",
        "110101200002290018", // 2000-02-29: leap (divisible by 400)
        "320102198808084569",
        "44030420240229999X", // 2024-02-29: leap
        "510108197201010001",
        "632801199912310053",
    ];

    #[test]
    fn published_examples() {
        assert_eq!(id_card_check_digit("11010519491231002"), Some('X'));
        assert_eq!(check_id_card("11010519491231002X"), IdCardCheck::Valid);
        // The other classic GB 11643 example: the check digit is right, but its 1880
        // birth date is outside the accepted 1900..=2099 window, so it is Malformed.
        assert_eq!(id_card_check_digit("44052418800101001"), Some('4'));
        assert_eq!(check_id_card("440524188001010014"), IdCardCheck::Malformed);
    }

    #[test]
    fn valid_numbers_and_check_digits() {
        for id in VALID {
            assert_eq!(check_id_card(id), IdCardCheck::Valid, "{id}");
            assert!(is_valid_id_card(id), "{id}");
            let head = id.get(..17).unwrap_or_default();
            let last = id.chars().last();
            assert_eq!(id_card_check_digit(head), last, "{id}");
        }
    }

    #[test]
    fn lowercase_x_accepted() {
        assert_eq!(check_id_card("11010519491231002x"), IdCardCheck::Valid);
        assert_eq!(check_id_card("44030420240229999x"), IdCardCheck::Valid);
        // The computed digit is always uppercase.
        assert_eq!(id_card_check_digit("44030420240229999"), Some('X'));
    }

    #[test]
    fn wrong_check_digit() {
        assert_eq!(
            check_id_card("110105194912310021"),
            IdCardCheck::BadCheckDigit
        );
        assert_eq!(
            check_id_card("440106199003071232"),
            IdCardCheck::BadCheckDigit
        );
        assert_eq!(
            check_id_card("44010619900307123X"),
            IdCardCheck::BadCheckDigit
        );
        assert_eq!(
            check_id_card("44010619900307123x"),
            IdCardCheck::BadCheckDigit
        );
        assert!(!is_valid_id_card("110105194912310021"));
        // Every wrong final digit is detected.
        for c in "0123456789X".chars().filter(|c| *c != 'X') {
            let id = format!("11010519491231002{c}");
            assert_eq!(check_id_card(&id), IdCardCheck::BadCheckDigit, "{id}");
        }
    }

    #[test]
    fn legacy_15() {
        assert_eq!(check_id_card("110105491231002"), IdCardCheck::Legacy15);
        assert!(!is_valid_id_card("110105491231002"));
        assert_eq!(check_id_card("11010549123100X"), IdCardCheck::Malformed);
        assert_eq!(check_id_card("11010549123100a"), IdCardCheck::Malformed);
    }

    #[test]
    fn birth_dates() {
        // 2000 is leap (÷400), 2024 leap, 1900 and 2100-style centuries are not.
        let with_date = |date: &str| {
            let head = format!("440106{date}123");
            let c = id_card_check_digit(&head).unwrap_or('?');
            check_id_card(&format!("{head}{c}"))
        };
        assert_eq!(with_date("20000229"), IdCardCheck::Valid);
        assert_eq!(with_date("20240229"), IdCardCheck::Valid);
        assert_eq!(with_date("19960229"), IdCardCheck::Valid);
        assert_eq!(with_date("19000229"), IdCardCheck::Malformed);
        assert_eq!(with_date("20230229"), IdCardCheck::Malformed);
        assert_eq!(with_date("20240230"), IdCardCheck::Malformed);
        assert_eq!(with_date("19000101"), IdCardCheck::Valid);
        assert_eq!(with_date("20991231"), IdCardCheck::Valid);
        assert_eq!(with_date("18991231"), IdCardCheck::Malformed);
        assert_eq!(with_date("21000101"), IdCardCheck::Malformed);
        assert_eq!(with_date("19900001"), IdCardCheck::Malformed);
        assert_eq!(with_date("19901301"), IdCardCheck::Malformed);
        assert_eq!(with_date("19900100"), IdCardCheck::Malformed);
        assert_eq!(with_date("19900431"), IdCardCheck::Malformed);
        assert_eq!(with_date("19900430"), IdCardCheck::Valid);
        assert_eq!(with_date("19901231"), IdCardCheck::Valid);
        assert_eq!(with_date("19901232"), IdCardCheck::Malformed);
    }

    #[test]
    fn malformed_inputs() {
        for id in [
            "",
            "X",
            "11010519491231002",   // 17
            "11010519491231002XX", // 19
            "1101051949123100XX",  // X in position 17
            "a1010519491231002X",  // letter
            "11010519491231002Y",  // bad final char
            " 11010519491231002X", // no trimming
            "11010519491231002X ", // no trimming
            "１1010519491231002X", // full-width digit
            "110105194912310０2X",
            "11010519491231002中",
            "中中中中中中", // 18 bytes of multibyte chars
            "11010519491231002\u{0}",
            "-1010519491231002X",
        ] {
            assert_eq!(check_id_card(id), IdCardCheck::Malformed, "{id:?}");
        }
        assert_eq!(id_card_check_digit(""), None);
        assert_eq!(id_card_check_digit("1101051949123100"), None);
        assert_eq!(id_card_check_digit("110105194912310021"), None);
        assert_eq!(id_card_check_digit("1101051949123100X"), None);
        assert_eq!(id_card_check_digit(" 11010519491231002"), None);
        assert_eq!(id_card_check_digit("中国人中国人"), None);
    }

    #[test]
    fn as_str_values() {
        assert_eq!(IdCardCheck::Valid.as_str(), "valid");
        assert_eq!(IdCardCheck::BadCheckDigit.as_str(), "bad_check_digit");
        assert_eq!(IdCardCheck::Legacy15.as_str(), "legacy_15");
        assert_eq!(IdCardCheck::Malformed.as_str(), "malformed");
    }

    /// Deterministic LCG (Numerical Recipes constants) so the test needs no dependencies.
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            self.0 >> 33
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    #[test]
    fn never_panics_on_generated_strings() {
        let alphabet: Vec<char> = "0123456789xX -中国张é😀\u{0}\u{3000}１\u{10FFFF}"
            .chars()
            .collect();
        let mut rng = Lcg(0x5eed);
        let mut counts = [0usize; 4];
        for i in 0..5000 {
            let len = rng.below(24);
            let s: String = if i % 2 == 0 {
                // Mostly digits, so the date and check-digit paths are exercised too.
                let digits_only = i % 4 == 0;
                (0..len)
                    .map(|_| {
                        if digits_only || rng.below(10) > 0 {
                            char::from(b'0' + rng.below(10) as u8)
                        } else {
                            alphabet
                                .get(rng.below(alphabet.len()))
                                .copied()
                                .unwrap_or('?')
                        }
                    })
                    .collect()
            } else {
                (0..len)
                    .map(|_| {
                        alphabet
                            .get(rng.below(alphabet.len()))
                            .copied()
                            .unwrap_or('?')
                    })
                    .collect()
            };
            let r = check_id_card(&s);
            counts[match r {
                IdCardCheck::Valid => 0,
                IdCardCheck::BadCheckDigit => 1,
                IdCardCheck::Legacy15 => 2,
                IdCardCheck::Malformed => 3,
            }] += 1;
            let _ = r.as_str();
            let _ = is_valid_id_card(&s);
            let _ = id_card_check_digit(&s);
            let n = s.chars().count();
            assert_eq!(crate::redact::mask_id_card(&s).chars().count(), n);
            assert_eq!(crate::redact::mask_phone(&s).chars().count(), n);
            assert_eq!(crate::redact::mask_name(&s).chars().count(), n);
            let _ = crate::dict::nation_label(&s);
            let _ = crate::dict::certificate_type_label(&s);
            let _ = crate::dict::channel_label(&s);
        }
        // Make sure the generator actually reaches the interesting branches.
        assert!(counts[2] > 0 && counts[3] > 0, "{counts:?}");
    }

    #[test]
    fn generated_valid_numbers_round_trip() {
        let mut rng = Lcg(42);
        for _ in 0..2000 {
            let year = 1900 + rng.below(200);
            let month = 1 + rng.below(12);
            let day = 1 + rng.below(28);
            let head = format!(
                "{:06}{year:04}{month:02}{day:02}{:03}",
                rng.below(1_000_000),
                rng.below(1000)
            );
            let Some(c) = id_card_check_digit(&head) else {
                panic!("no check digit for {head}");
            };
            let id = format!("{head}{c}");
            assert_eq!(check_id_card(&id), IdCardCheck::Valid, "{id}");
            assert_eq!(
                check_id_card(&id.to_lowercase()),
                IdCardCheck::Valid,
                "{id}"
            );
        }
    }
}
