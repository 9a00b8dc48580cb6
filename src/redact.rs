//! 日志脱敏：证件号、手机号、姓名的掩码，以及不可信文本（网关 errmsg、响应摘要）的清理。
//!
//! Masks for personal data in logs, and the cleaning of untrusted text (a gateway's errmsg, an
//! excerpt of an unexpected body) before it may appear in an error message. Char-aware and
//! total: any UTF-8 input gives an answer, never a panic.
//!
//! ```
//! use yjt_sso::redact::{mask_id_card, mask_name, mask_phone};
//! assert_eq!(mask_id_card("11010519491231002X"), "1101**********002X");
//! assert_eq!(mask_phone("13800138000"), "138****8000");
//! assert_eq!(mask_name("张三丰"), "张*丰");
//! ```

/// Keeps the first `head` and last `tail` chars, replacing the rest with '*'.
/// Callers guarantee `n >= head + tail`; `saturating_sub` keeps it safe regardless.
fn mask_keep(s: &str, n: usize, head: usize, tail: usize) -> String {
    let tail_start = n.saturating_sub(tail);
    s.chars()
        .enumerate()
        .map(|(i, c)| if i < head || i >= tail_start { c } else { '*' })
        .collect()
}

fn stars(n: usize) -> String {
    "*".repeat(n)
}

/// 身份证号码脱敏（用于日志）：18 位保留前 4 后 4，中间 10 个 `*`；其他长度 n ≤ 2 全部为 `*`，
/// 否则保留首尾各 1 个字符。按字符处理，任意 UTF-8 输入都安全。
///
/// Masks an ID number for logs. 18 chars: first 4 + 10 `*` + last 4. Any other length
/// n: n ≤ 2 → all `*`; otherwise first 1 + (n−2) `*` + last 1. Char-aware.
///
/// ```
/// # use yjt_sso::redact::*;
/// assert_eq!(mask_id_card("11010519491231002X"), "1101**********002X");
/// ```
pub fn mask_id_card(id: &str) -> String {
    let n = id.chars().count();
    match n {
        18 => mask_keep(id, n, 4, 4),
        0..=2 => stars(n),
        _ => mask_keep(id, n, 1, 1),
    }
}

/// 手机号脱敏：11 位保留前 3 后 4（138****8000）；其他长度 n ≤ 4 全部为 `*`，否则保留首尾各 2 个字符。
/// 按字符处理。
///
/// Masks a phone number. 11 chars: first 3 + `****` + last 4 (`138****8000`). Other
/// lengths n: n ≤ 4 → all `*`; otherwise first 2 + (n−4) `*` + last 2. Char-aware.
///
/// ```
/// # use yjt_sso::redact::*;
/// assert_eq!(mask_phone("13800138000"), "138****8000");
/// ```
pub fn mask_phone(p: &str) -> String {
    let n = p.chars().count();
    match n {
        11 => mask_keep(p, n, 3, 4),
        0..=4 => stars(n),
        _ => mask_keep(p, n, 2, 2),
    }
}

/// 姓名脱敏：空串不变；1 个字 → `*`；2 个字 → 首字 + `*`；3 个字及以上 → 首字 + `*`… + 末字
/// （张*丰、欧**娜）。按字符处理。
///
/// Masks a person's name. 0 chars → `""`; 1 → `*`; 2 → first + `*`; ≥ 3 → first +
/// (n−2) `*` + last (`张*丰`, `欧**娜`). Char-aware.
///
/// ```
/// # use yjt_sso::redact::*;
/// assert_eq!(mask_name("张三丰"), "张*丰");
/// ```
pub fn mask_name(n: &str) -> String {
    let len = n.chars().count();
    match len {
        1 => stars(1),
        2 => mask_keep(n, len, 1, 0),
        _ => mask_keep(n, len, 1, 1),
    }
}

/// 清理不可信文本后才能放进错误消息：先把调用方的密钥/令牌（`secrets`）整段换成 `***`，再把
/// 可能是号码、密文或令牌的片段换成 `***`，最后截断到 `max` 个字符。
///
/// Makes untrusted text safe for an error message, in this order (so truncation can never
/// expose part of a secret):
/// 1. every occurrence of one of `secrets` (our token, appSecret, appKey) becomes `***`;
/// 2. control characters become spaces;
/// 3. every run of `[A-Za-z0-9_-]` — joined across single spaces, dots and dashes between
///    digits, so `138 0013 8000` is one run — that has a digit and is ≥ 6 long, or is ≥ 16
///    long, becomes `***` (ID numbers, phones, ciphertext, tokens);
/// 4. with `ascii_only`, non-ASCII characters (which could be a name) become `·`;
/// 5. the result is cut to `max` characters, with `…` when something was cut.
///
/// ```
/// use yjt_sso::redact::clean_untrusted;
/// assert_eq!(clean_untrusted("phone 138 0013 8000 bad", 60, false, &[]), "phone *** bad");
/// assert_eq!(clean_untrusted("token s3cr!t tok here", 60, false, &["s3cr!t tok"]), "token *** here");
/// ```
pub fn clean_untrusted(s: &str, max: usize, ascii_only: bool, secrets: &[&str]) -> String {
    // One pass, no copy of the input: memory stays O(max) and the pass stops once the output
    // is longer than `max`, however large the body (up to the 64 MiB body cap).
    let secrets: Vec<&str> = secrets.iter().copied().filter(|x| x.len() >= 4).collect();
    if echoes_disguised(s, 16 * max.max(16), &secrets) {
        return "[已隐去：回显了本调用方的凭据 / withheld: it echoed a credential of this caller]"
            .to_owned();
    }
    let secret_at = |i: usize| {
        secrets
            .iter()
            .find(|x| s.as_bytes()[i..].starts_with(x.as_bytes()))
            .map(|x| x.len())
    };
    let mut out = String::new();
    let mut i = 0;
    // A char is at most 4 bytes: past 4 × max bytes the output is surely longer than `max`.
    while out.len() <= 4 * max {
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        if let Some(n) = secret_at(i) {
            out.push_str("***");
            i += n;
        } else if is_word(c) {
            let (end, words, digit) = run_at(s, i, &secret_at);
            if (digit && words >= 6) || words >= 16 {
                out.push_str("***");
            } else {
                out.extend(s[i..end].chars().map(|c| {
                    if c.is_control() || is_invisible(c) {
                        ' '
                    } else {
                        c
                    }
                }));
            }
            i = end;
        } else {
            out.push(if c.is_control() || is_invisible(c) {
                ' '
            } else if ascii_only && !c.is_ascii() {
                '·'
            } else {
                c
            });
            i += c.len_utf8();
        }
    }
    if out.chars().count() > max {
        let mut cut: String = out.chars().take(max).collect();
        cut.push('…');
        return cut;
    }
    out
}

/// Characters that change how text reads without showing: bidi overrides and isolates
/// (U+202A–U+202E, U+2066–U+2069), zero-width ones (U+200B–U+200F, U+2060–U+2064, U+FEFF), the
/// soft hyphen and the line and paragraph separators. They become spaces in messages.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// Whether one of `secrets` (8 alphanumerics or more) appears in the first `limit` bytes of `s`
/// with anything between its letters (`t o k-SEC RET`, zero-width spaces) — not counting exact
/// echoes, which are replaced in place: comparing only the ASCII letters and digits, in order,
/// case-insensitively.
fn echoes_disguised(s: &str, limit: usize, secrets: &[&str]) -> bool {
    let squash = |t: &str| -> Vec<u8> {
        t.bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| b.to_ascii_lowercase())
            .collect()
    };
    let end = s.len().min(limit);
    // Exact echoes become `***` in place; only what is left is searched.
    let (mut text, mut i) = (Vec::new(), 0);
    let bytes = s.as_bytes();
    while i < end {
        if let Some(x) = secrets
            .iter()
            .find(|x| bytes[i..].starts_with(x.as_bytes()))
        {
            i += x.len();
            continue;
        }
        if bytes[i].is_ascii_alphanumeric() {
            text.push(bytes[i].to_ascii_lowercase());
        }
        i += 1;
    }
    secrets
        .iter()
        .map(|x| squash(x))
        .any(|x| x.len() >= 8 && text.windows(x.len()).any(|w| w == x.as_slice()))
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// The run of word characters at byte `i`: its end, how many word characters it has, whether
/// one is a digit. A single space, dot or control character between two digits continues it,
/// so grouped numbers (`138 0013 8000`, `138.0013.8000`) are judged as one; a secret ends it.
fn run_at(s: &str, i: usize, secret_at: &impl Fn(usize) -> Option<usize>) -> (usize, usize, bool) {
    let (mut j, mut words, mut digit, mut prev) = (i, 0, false, ' ');
    while let Some(c) = s[j..].chars().next() {
        // At `i` the caller has already found no secret, so the run is never empty.
        if secret_at(j).is_some() {
            break;
        }
        if is_word(c) {
            words += 1;
            digit |= c.is_ascii_digit();
        } else {
            let next = j + c.len_utf8();
            let next_digit =
                s[next..].starts_with(|n: char| n.is_ascii_digit()) && secret_at(next).is_none();
            if !((c == ' ' || c == '.' || c.is_control()) && prev.is_ascii_digit() && next_digit) {
                break;
            }
        }
        prev = c;
        j += c.len_utf8();
    }
    (j, words, digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mask_id_card_cases() {
        assert_eq!(mask_id_card("11010519491231002X"), "1101**********002X");
        assert_eq!(mask_id_card("110105491231002"), "1*************2");
        assert_eq!(mask_id_card(""), "");
        assert_eq!(mask_id_card("1"), "*");
        assert_eq!(mask_id_card("12"), "**");
        assert_eq!(mask_id_card("123"), "1*3");
        assert_eq!(mask_id_card("护照号码"), "护**码");
        // 18 Chinese chars follow the 18-char rule.
        let cn18 = "一二三四五六七八九十甲乙丙丁戊己庚辛";
        assert_eq!(mask_id_card(cn18), "一二三四**********戊己庚辛");
        assert_eq!(mask_id_card(cn18).chars().count(), 18);
    }

    #[test]
    fn mask_phone_cases() {
        assert_eq!(mask_phone("13800138000"), "138****8000");
        assert_eq!(mask_phone(""), "");
        assert_eq!(mask_phone("1234"), "****");
        assert_eq!(mask_phone("12345"), "12*45");
        assert_eq!(mask_phone("+8613800138000"), "+8**********00");
        assert_eq!(mask_phone("852-12345678"), "85********78");
        assert_eq!(mask_phone("电话一二三"), "电话*二三");
        assert_eq!(mask_phone("一二三四五六七八九十百"), "一二三****八九十百");
    }

    #[test]
    fn mask_name_cases() {
        assert_eq!(mask_name(""), "");
        assert_eq!(mask_name("张"), "*");
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("张三丰"), "张*丰");
        assert_eq!(mask_name("欧阳娜娜"), "欧**娜");
        assert_eq!(mask_name("Li"), "L*");
        assert_eq!(mask_name("John Smith"), "J********h");
        assert_eq!(mask_name("阿卜杜·热合曼"), "阿*****曼");
    }

    #[test]
    fn masks_never_leak_whole_input() {
        let inputs = [
            "11010519491231002X",
            "110105491231002",
            "13800138000",
            "+8613800138000",
            "张三丰",
            "欧阳娜娜",
            "abc",
            "John Smith",
            "一二三四五六七八九十甲乙丙丁戊己庚辛",
        ];
        for s in inputs {
            assert!(s.chars().count() >= 3);
            for (name, out) in [
                ("id", mask_id_card(s)),
                ("phone", mask_phone(s)),
                ("name", mask_name(s)),
            ] {
                assert!(!out.contains(s), "{name}({s}) = {out}");
                assert_eq!(out.chars().count(), s.chars().count(), "{name}({s})");
                assert!(out.contains('*'), "{name}({s}) = {out}");
            }
        }
    }

    #[test]
    fn disguised_secrets_and_invisible_characters() {
        let secret = "tok-Zq81-SECRET-77";
        for echoed in [
            "bad token t o k - Z q 8 1 - S E C R E T - 7 7",
            "bad token tok-Zq81-SEC RET-77",
            "bad token tok\u{200B}Zq81SECRET77",
            "bad token TOK.ZQ81.SECRET.77",
        ] {
            let out = clean_untrusted(echoed, 100, false, &[secret]);
            assert!(out.starts_with("[已隐去"), "{echoed} -> {out}");
        }
        // The disguised-echo search looks 16 × max bytes in (here 320), not only max.
        let far = format!("{}t o k - Z q 8 1 - S E C R E T - 7 7", "x ".repeat(50));
        let out = clean_untrusted(&far, 20, false, &[secret]);
        assert!(out.starts_with("[已隐去"), "{out}");
        // Short secrets are matched exactly only (their letters occur in ordinary text).
        assert_eq!(clean_untrusted("a b c d", 100, false, &["abcd"]), "a b c d");
        assert_eq!(
            clean_untrusted("ok \u{202E}evil\u{200B}x\u{2066}y", 100, false, &[]),
            "ok  evil x y"
        );
    }

    #[test]
    fn untrusted_text_is_cleaned() {
        let c = |s: &str| clean_untrusted(s, 100, false, &[]);
        assert_eq!(c("id 11010519491231002X ok"), "id *** ok");
        assert_eq!(c("call 138 0013 8000 now"), "call *** now");
        assert_eq!(c("call 138-0013-8000 now"), "call *** now");
        assert_eq!(c("call 138.0013.8000 now"), "call *** now");
        assert_eq!(c("a_b_c_d_e_f_g_h_i_j"), "***");
        assert_eq!(c("abc12"), "abc12");
        assert_eq!(c("abc123"), "***");
        assert_eq!(c("line\r\nbreak\u{1b}[31m"), "line  break [31m");
        // A control character inside a short digit run is shown as a space.
        assert_eq!(c("ab 1\u{7}2 cd"), "ab 1 2 cd");
        assert_eq!(c("version 1.2 ok"), "version 1.2 ok");
        assert_eq!(c("bad signature."), "bad signature.");
        // Secrets are scrubbed before anything is cut.
        let long = format!("{} tok-SECRET-123", "x ".repeat(45));
        let out = clean_untrusted(&long, 100, false, &["tok-SECRET-123"]);
        assert!(!out.contains("tok-SECRE"), "{out}");
        let out = clean_untrusted("key s3cr!t tok end", 100, false, &["s3cr!t tok", "ab"]);
        assert_eq!(out, "key *** end");
        // Cut with an ellipsis, counted in characters, after secrets and runs became `***`.
        assert_eq!(clean_untrusted("abcdef ghij", 4, false, &[]), "abcd…");
        let cjk = "汉".repeat(300);
        assert_eq!(
            clean_untrusted(&cjk, 100, false, &[]),
            format!("{}…", "汉".repeat(100))
        );
        assert_eq!(
            clean_untrusted(&cjk, 100, true, &[]),
            format!("{}…", "·".repeat(100))
        );
        let secrets = "tok-S3CRET ".repeat(60);
        let out = clean_untrusted(&secrets, 20, false, &["tok-S3CRET"]);
        assert_eq!(out, format!("{}…", "*** ".repeat(5)));
        let runs = "138 0013 8000, ".repeat(60);
        assert_eq!(clean_untrusted(&runs, 10, false, &[]), "***, ***, …");
        let words = "ab_c ".repeat(60);
        assert_eq!(clean_untrusted(&words, 10, false, &[]), "ab_c ab_c …");
        assert_eq!(clean_untrusted("abcd", 4, false, &[]), "abcd");
        // ascii_only hides non-ASCII text (a name, say).
        assert_eq!(
            clean_untrusted("司马相如 Bad Gateway", 100, true, &[]),
            "···· Bad Gateway"
        );
    }
}
