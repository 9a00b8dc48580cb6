//! 数据字典：证件类型、性别、民族、渠道、业务类型。
//!
//! Data dictionaries: certificate type, gender, nation (ethnic group), channel and
//! business type. Unknown codes are not errors: lookups return `None` and the caller keeps
//! the raw code.
//!
//! ```
//! # use yjt_sso::dict::*;
//! use yjt_sso::dict;
//! assert_eq!(dict::nation_label("1"), Some("汉族"));
//! assert_eq!(dict::gender_label(9), None);
//! ```

/// 证件类型（接口文档 3.1 数据字典）。
///
/// Certificate types (interface document dictionary 3.1), as `(code, label)`.
///
/// ```
/// # use yjt_sso::dict::*;
/// assert!(CERTIFICATE_TYPES.contains(&("01", "居民身份证")));
/// ```
pub const CERTIFICATE_TYPES: &[(&str, &str)] = &[
    ("01", "居民身份证"),
    ("02", "居民户口簿"),
    ("03", "护照"),
    ("04", "军官证"),
    ("05", "驾驶证"),
    ("06", "港澳居民来往内地通行证"),
    ("07", "台湾居民来往内地通行证"),
    ("08", "出生医学证明"),
    ("99", "其他法定有效证件"),
];

/// 性别（接口文档 3.2 数据字典；注意不是 GB/T 2261.1）。
///
/// Genders, as the interface document's own table defines them (not
/// GB/T 2261.1), as `(code, label)`.
///
/// ```
/// # use yjt_sso::dict::*;
/// assert!(GENDERS.contains(&(2, "女")));
/// ```
pub const GENDERS: &[(u8, &str)] = &[(1, "男"), (2, "女"), (3, "保密"), (4, "未知")];

/// 民族代码（GB/T 3304），已更正接口文档中的两处错字（29 柯尔克孜族、31 达斡尔族）。
///
/// Nation (ethnic group) codes per GB/T 3304, with the interface document's two typos fixed
/// (29 柯尔克孜族, 31 达斡尔族). Includes 97/98 from the standard and the document's 99.
///
/// ```
/// # use yjt_sso::dict::*;
/// assert!(NATIONS.contains(&("29", "柯尔克孜族")));
/// ```
pub const NATIONS: &[(&str, &str)] = &[
    ("01", "汉族"),
    ("02", "蒙古族"),
    ("03", "回族"),
    ("04", "藏族"),
    ("05", "维吾尔族"),
    ("06", "苗族"),
    ("07", "彝族"),
    ("08", "壮族"),
    ("09", "布依族"),
    ("10", "朝鲜族"),
    ("11", "满族"),
    ("12", "侗族"),
    ("13", "瑶族"),
    ("14", "白族"),
    ("15", "土家族"),
    ("16", "哈尼族"),
    ("17", "哈萨克族"),
    ("18", "傣族"),
    ("19", "黎族"),
    ("20", "傈僳族"),
    ("21", "佤族"),
    ("22", "畲族"),
    ("23", "高山族"),
    ("24", "拉祜族"),
    ("25", "水族"),
    ("26", "东乡族"),
    ("27", "纳西族"),
    ("28", "景颇族"),
    ("29", "柯尔克孜族"),
    ("30", "土族"),
    ("31", "达斡尔族"),
    ("32", "仫佬族"),
    ("33", "羌族"),
    ("34", "布朗族"),
    ("35", "撒拉族"),
    ("36", "毛南族"),
    ("37", "仡佬族"),
    ("38", "锡伯族"),
    ("39", "阿昌族"),
    ("40", "普米族"),
    ("41", "塔吉克族"),
    ("42", "怒族"),
    ("43", "乌孜别克族"),
    ("44", "俄罗斯族"),
    ("45", "鄂温克族"),
    ("46", "德昂族"),
    ("47", "保安族"),
    ("48", "裕固族"),
    ("49", "京族"),
    ("50", "塔塔尔族"),
    ("51", "独龙族"),
    ("52", "鄂伦春族"),
    ("53", "赫哲族"),
    ("54", "门巴族"),
    ("55", "珞巴族"),
    ("56", "基诺族"),
    ("97", "其他"),
    ("98", "外国血统中国籍人士"),
    ("99", "其它民族或外国人"),
];

/// 渠道（用户来源）：1 内地、2 港澳、3 台湾、4 外籍。
///
/// Channels (where the user comes from): 1 mainland, 2 Hong Kong/Macao, 3 Taiwan,
/// 4 foreign.
///
/// ```
/// # use yjt_sso::dict::*;
/// assert!(CHANNELS.contains(&("2", "港澳")));
/// ```
pub const CHANNELS: &[(&str, &str)] = &[("1", "内地"), ("2", "港澳"), ("3", "台湾"), ("4", "外籍")];

/// 业务类型（businessType）；列表是开放的，此处只列出已知取值。
///
/// Business types (`businessType`). The list is open-ended: any positive integer is
/// accepted on the wire, only the known ones are labelled here.
///
/// ```
/// # use yjt_sso::dict::*;
/// assert!(BUSINESS_TYPES.contains(&(1, "预约挂号")));
/// ```
pub const BUSINESS_TYPES: &[(u32, &str)] = &[
    (1, "预约挂号"),
    (2, "健康档案查询"),
    (3, "家庭医生签约"),
    (4, "免疫接种"),
    (5, "双向转诊"),
    (6, "母子E手册"),
    (7, "智慧结控"),
    (8, "医疗废弃物"),
    (9, "中医药局"),
    (10, "奖励扶助"),
    (11, "托育"),
    (12, "健康深圳《新冠预约》"),
];

/// Exact lookup in a string-keyed table.
fn lookup(table: &'static [(&'static str, &'static str)], code: &str) -> Option<&'static str> {
    table
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, label)| *label)
}

/// Lookup that also accepts a single ASCII digit as its zero-padded two-digit form,
/// because gateways sometimes send the code as a number and drop the leading zero.
fn lookup_padded(
    table: &'static [(&'static str, &'static str)],
    code: &str,
) -> Option<&'static str> {
    let code = code.trim_ascii();
    if let Some(label) = lookup(table, code) {
        return Some(label);
    }
    // Every padded table's codes are two ASCII digits (tested), so only a digit can match.
    let mut chars = code.chars();
    match (chars.next(), chars.next()) {
        (Some(d), None) => lookup(table, &format!("0{d}")),
        _ => None,
    }
}

/// 证件类型名称；忽略首尾 ASCII 空白，单个数字按补零处理（"1" → "01"），未知返回 `None`。
///
/// Label of a certificate type code. Trims ASCII whitespace; a single digit is accepted
/// zero-padded ("1" → "01"). Unknown codes return `None`.
///
/// ```
/// # use yjt_sso::dict::*;
/// assert_eq!(certificate_type_label("1"), Some("居民身份证"));
/// assert_eq!(certificate_type_label("42"), None);
/// ```
pub fn certificate_type_label(code: &str) -> Option<&'static str> {
    lookup_padded(CERTIFICATE_TYPES, code)
}

/// 性别名称；未知代码返回 `None`。
///
/// Label of a gender code (the wire carries an integer). Unknown codes return `None`.
///
/// ```
/// # use yjt_sso::dict::*;
/// assert_eq!(gender_label(1), Some("男"));
/// assert_eq!(gender_label(0), None);
/// ```
pub fn gender_label(code: i64) -> Option<&'static str> {
    GENDERS
        .iter()
        .find(|(c, _)| i64::from(*c) == code)
        .map(|(_, label)| *label)
}

/// 民族名称（GB/T 3304）；忽略首尾 ASCII 空白，单个数字按补零处理，未知返回 `None`。
///
/// Label of a GB/T 3304 nation code. Trims ASCII whitespace; a single digit is accepted
/// zero-padded ("1" → "01"). Unknown codes return `None`.
///
/// ```
/// # use yjt_sso::dict::*;
/// assert_eq!(nation_label(" 31 "), Some("达斡尔族"));
/// assert_eq!(nation_label("1"), Some("汉族"));
/// ```
pub fn nation_label(code: &str) -> Option<&'static str> {
    lookup_padded(NATIONS, code)
}

/// 渠道名称；忽略首尾 ASCII 空白，精确匹配，未知返回 `None`。
///
/// Label of a channel code. Trims ASCII whitespace, then exact match; unknown → `None`.
///
/// ```
/// # use yjt_sso::dict::*;
/// assert_eq!(channel_label("4"), Some("外籍"));
/// ```
pub fn channel_label(code: &str) -> Option<&'static str> {
    lookup(CHANNELS, code.trim_ascii())
}

/// 业务类型名称；未列出的正整数仍是合法取值，只是没有名称（返回 `None`）。
///
/// Label of a business type. Unlisted values are still legal on the wire; they just
/// have no label (`None`).
///
/// ```
/// # use yjt_sso::dict::*;
/// assert_eq!(business_type_label(1), Some("预约挂号"));
/// assert_eq!(business_type_label(13), None);
/// ```
pub fn business_type_label(code: u32) -> Option<&'static str> {
    BUSINESS_TYPES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, label)| *label)
}

/// 按字典名查标签：`certificateType`、`gender`、`nation`、`channel`、`businessType`。
///
/// Looks a code up in the dictionary of that name; `None` for an unknown name or code.
///
/// ```
/// assert_eq!(yjt_sso::dict::label("nation", "1"), Some("汉族"));
/// assert_eq!(yjt_sso::dict::label("gender", "2"), Some("女"));
/// assert_eq!(yjt_sso::dict::label("planet", "1"), None);
/// ```
pub fn label(dictionary: &str, code: &str) -> Option<&'static str> {
    let num = || code.trim().parse::<i64>().ok();
    match dictionary {
        "certificateType" => certificate_type_label(code),
        "gender" => num().and_then(gender_label),
        "nation" => nation_label(code),
        "channel" => channel_label(code),
        "businessType" => num()
            .and_then(|n| u32::try_from(n).ok())
            .and_then(business_type_label),
        _ => None,
    }
}

/// 一张字典，序列化为 `{ 代码: 标签 }` / one dictionary; serializes as `{ code: label }`.
pub struct Table<K: 'static>(pub &'static [(K, &'static str)]);

impl<K: core::fmt::Display> serde::Serialize for Table<K> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k.to_string(), v)))
    }
}

/// 全部字典（JS 的字典常量由它生成）/ every dictionary; JavaScript's constants are generated from it.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tables {
    /// 证件类型 / certificate types.
    pub certificate_types: Table<&'static str>,
    /// 性别 / genders.
    pub genders: Table<u8>,
    /// 民族 / nations.
    pub nations: Table<&'static str>,
    /// 渠道 / channels.
    pub channels: Table<&'static str>,
    /// 业务类型 / business types.
    pub business_types: Table<u32>,
}

/// 见 [`Tables`] / see [`Tables`].
///
/// ```
/// let t = yjt_sso::dict::all_tables();
/// assert_eq!(t.nations.0.len(), 59);
/// ```
pub fn all_tables() -> Tables {
    Tables {
        certificate_types: Table(CERTIFICATE_TYPES),
        genders: Table(GENDERS),
        nations: Table(NATIONS),
        channels: Table(CHANNELS),
        business_types: Table(BUSINESS_TYPES),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn no_dup<T: std::hash::Hash + Eq + Copy, U>(t: &[(T, U)]) -> bool {
        let set: HashSet<T> = t.iter().map(|(c, _)| *c).collect();
        set.len() == t.len()
    }

    #[test]
    fn table_counts() {
        assert_eq!(CERTIFICATE_TYPES.len(), 9);
        assert_eq!(GENDERS.len(), 4);
        assert_eq!(NATIONS.len(), 59);
        assert_eq!(CHANNELS.len(), 4);
        assert_eq!(BUSINESS_TYPES.len(), 12);
    }

    #[test]
    fn no_duplicate_codes() {
        assert!(no_dup(CERTIFICATE_TYPES));
        assert!(no_dup(GENDERS));
        assert!(no_dup(NATIONS));
        assert!(no_dup(CHANNELS));
        assert!(no_dup(BUSINESS_TYPES));
    }

    #[test]
    fn no_duplicate_labels_in_nations() {
        let set: HashSet<&str> = NATIONS.iter().map(|(_, l)| *l).collect();
        assert_eq!(set.len(), NATIONS.len());
    }

    #[test]
    fn nations_01_to_56_are_contiguous() {
        for (i, (code, _)) in NATIONS.iter().take(56).enumerate() {
            assert_eq!(*code, format!("{:02}", i + 1));
        }
    }

    #[test]
    fn corrected_nation_names() {
        assert_eq!(nation_label("29"), Some("柯尔克孜族"));
        assert_eq!(nation_label("31"), Some("达斡尔族"));
        // The interface document's misspellings must not survive anywhere in the table.
        assert!(NATIONS
            .iter()
            .all(|(_, l)| *l != "柯尔柯孜族" && *l != "达尔族"));
    }

    #[test]
    fn nation_endpoints() {
        assert_eq!(nation_label("01"), Some("汉族"));
        assert_eq!(nation_label("56"), Some("基诺族"));
        assert_eq!(nation_label("97"), Some("其他"));
        assert_eq!(nation_label("98"), Some("外国血统中国籍人士"));
        assert_eq!(nation_label("99"), Some("其它民族或外国人"));
    }

    #[test]
    fn padded_tables_have_two_digit_codes() {
        for table in [CERTIFICATE_TYPES, NATIONS] {
            for (code, _) in table {
                assert!(
                    code.len() == 2 && code.bytes().all(|b| b.is_ascii_digit()),
                    "{code}"
                );
            }
        }
        assert_eq!(nation_label("a"), None);
    }

    #[test]
    fn label_by_dictionary_name() {
        for (dict, code, want) in [
            ("certificateType", "01", Some("居民身份证")),
            ("certificateType", "1", Some("居民身份证")),
            ("gender", "2", Some("女")),
            ("gender", " 1 ", Some("男")),
            ("gender", "x", None),
            ("nation", "1", Some("汉族")),
            ("channel", "1", channel_label("1")),
            ("businessType", "1", business_type_label(1)),
            ("businessType", "-1", None),
            ("businessType", "4294967297", None),
            ("planet", "1", None),
        ] {
            assert_eq!(label(dict, code), want, "{dict} {code}");
        }
        assert!(channel_label("1").is_some() && business_type_label(1).is_some());
    }

    #[test]
    fn padding_rule() {
        assert_eq!(nation_label("1"), Some("汉族"));
        assert_eq!(nation_label("9"), Some("布依族"));
        assert_eq!(certificate_type_label("1"), Some("居民身份证"));
        assert_eq!(certificate_type_label("8"), Some("出生医学证明"));
        // "9" pads to "09", which is not a certificate type.
        assert_eq!(certificate_type_label("9"), None);
        // Only a single digit is padded; "0" pads to "00", which is unknown.
        assert_eq!(nation_label("0"), None);
        assert_eq!(nation_label("001"), None);
        // Padding is not applied to channels: "01" is not a channel code.
        assert_eq!(channel_label("01"), None);
        // Non-ASCII digits are never padded.
        assert_eq!(nation_label("１"), None);
    }

    #[test]
    fn unknown_codes_are_none() {
        assert_eq!(certificate_type_label("10"), None);
        assert_eq!(certificate_type_label(""), None);
        assert_eq!(certificate_type_label("居民身份证"), None);
        assert_eq!(gender_label(0), None);
        assert_eq!(gender_label(5), None);
        assert_eq!(gender_label(-1), None);
        assert_eq!(gender_label(i64::MAX), None);
        assert_eq!(gender_label(257), None);
        assert_eq!(nation_label("57"), None);
        assert_eq!(nation_label("96"), None);
        assert_eq!(nation_label("x"), None);
        assert_eq!(channel_label("0"), None);
        assert_eq!(channel_label("5"), None);
        assert_eq!(business_type_label(0), None);
        assert_eq!(business_type_label(13), None);
        assert_eq!(business_type_label(u32::MAX), None);
    }

    #[test]
    fn known_codes() {
        assert_eq!(gender_label(1), Some("男"));
        assert_eq!(gender_label(2), Some("女"));
        assert_eq!(gender_label(3), Some("保密"));
        assert_eq!(gender_label(4), Some("未知"));
        assert_eq!(channel_label("1"), Some("内地"));
        assert_eq!(channel_label("3"), Some("台湾"));
        assert_eq!(certificate_type_label("99"), Some("其他法定有效证件"));
        assert_eq!(business_type_label(1), Some("预约挂号"));
        assert_eq!(business_type_label(12), Some("健康深圳《新冠预约》"));
    }

    #[test]
    fn whitespace_is_trimmed() {
        assert_eq!(nation_label(" 01 "), Some("汉族"));
        assert_eq!(nation_label("\t1\n"), Some("汉族"));
        assert_eq!(
            certificate_type_label(" 06\r\n"),
            Some("港澳居民来往内地通行证")
        );
        assert_eq!(channel_label(" 2 "), Some("港澳"));
        assert_eq!(nation_label("   "), None);
        // Inner whitespace is not trimmed.
        assert_eq!(nation_label("0 1"), None);
        // Only ASCII whitespace is trimmed (U+3000 ideographic space stays).
        assert_eq!(nation_label("\u{3000}01"), None);
    }
}
