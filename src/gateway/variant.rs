//! 网关变体：请求头前缀与名称、签名大小写、时间戳单位、service ID 位置、appSecret 头、额外请求头、
//! 查询参数中的 paasid、第二套签名。签名与校验都只从这里读取变体。
//!
//! The gateway variants seen in the wild, described once: header prefix and names, signature
//! case, timestamp unit, service-id placement, the appSecret header, static extra headers, the
//! paasid in the query and a second signed header set. Signing and verifying read the variant
//! only from here; adding a variant means a field here plus its tests.

use super::credentials::GatewayCredentials;
use crate::error::{Error, ErrorCode, Result};
use crate::rules;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use zeroize::Zeroizing;

/// 签名十六进制大小写 / the signature's hex case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum HexCase {
    /// 大写（默认）/ uppercase, the default.
    #[default]
    Upper,
    /// 小写 / lowercase.
    Lower,
}

/// 时间戳单位 / the timestamp unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum TimestampUnit {
    /// Unix 秒（默认）/ Unix seconds, the default.
    #[default]
    Seconds,
    /// Unix 毫秒 / Unix milliseconds.
    Milliseconds,
}

/// service id 放在哪里 / where the service id goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ServiceIdPlacement {
    /// 请求头（默认）/ a header, the default.
    #[default]
    Header,
    /// 查询参数 `serviceId` / the `serviceId` query parameter.
    Query,
    /// 不发送 / not sent.
    Omit,
}

/// 网关变体配置，默认值即接口文档的 x-tsp 形态。
///
/// The gateway variants seen in the wild; the defaults are the x-tsp form of the interface
/// document.
/// Deserializable from the JS `gateway` option (camelCase).
///
/// ```
/// # use yjt_sso::gateway::*;
/// let opts = GatewayOptions { prefix: "x-tif".into(), service_id_header: "serviceId".into(), ..Default::default() };
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "ResolvedGatewayOptions"))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct GatewayOptions {
    /// 请求头前缀 / header prefix: `x-tsp`, `x-tif`, `x-rio`.
    pub prefix: String,
    /// service id 头名后缀 / the service-id header suffix (`serviceid` / `serviceId`).
    pub service_id_header: String,
    /// appSecret 头名后缀 / the app-secret header suffix (`appSecret` / `AppSecret`).
    pub app_secret_header: String,
    /// paasid 头名后缀 / the paas-id header suffix (`paasid` / `paasId`).
    pub paas_id_header: String,
    /// 签名大小写 / signature hex case.
    pub signature_case: HexCase,
    /// 时间戳单位 / timestamp unit.
    pub timestamp_unit: TimestampUnit,
    /// service id 位置 / service-id placement.
    pub service_id_placement: ServiceIdPlacement,
    /// 是否发送 appSecret 头 / whether the app-secret header is sent.
    pub send_app_secret: bool,
    /// 额外的静态请求头（名称不得与生成的请求头重名）/ static extra headers; a name may not
    /// collide with a generated header.
    #[cfg_attr(test, ts(type = "Record<string, string>"))]
    pub extra_headers: BTreeMap<String, String>,
    /// paasid 同时放进查询参数（参数名同 paasIdHeader）/ also send the paasid as a query
    /// parameter named like `paasIdHeader`.
    pub paas_id_in_query: bool,
    /// 第二套签名请求头（另一前缀、另一 paasId 与令牌）/ a second signed header set, with its own
    /// prefix, paasId and token. Never serialized.
    #[serde(skip_serializing)]
    #[cfg_attr(test, ts(optional, type = "AlsoSign | undefined"))]
    pub also_sign: Option<AlsoSign>,
}

/// 第二套签名请求头 / a second signed header set.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AlsoSign {
    /// 请求头前缀（须与主前缀不同）/ header prefix, different from the main one.
    pub prefix: String,
    /// 第二个 paasId / the second paasId.
    pub paas_id: String,
    /// 第二个令牌（参与签名，不发送）/ the second token (signed, never sent).
    #[cfg_attr(test, ts(type = "string"))]
    pub paas_token: Zeroizing<String>,
}

impl core::fmt::Debug for AlsoSign {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("AlsoSign")
            .field("prefix", &self.prefix)
            .field("paas_id", &self.paas_id)
            .field("paas_token", &"[REDACTED]")
            .finish()
    }
}

impl Default for GatewayOptions {
    fn default() -> Self {
        GatewayOptions {
            prefix: "x-tsp".into(),
            service_id_header: "serviceid".into(),
            app_secret_header: "appSecret".into(),
            paas_id_header: "paasid".into(),
            signature_case: HexCase::Upper,
            timestamp_unit: TimestampUnit::Seconds,
            service_id_placement: ServiceIdPlacement::Header,
            send_app_secret: true,
            extra_headers: BTreeMap::new(),
            paas_id_in_query: false,
            also_sign: None,
        }
    }
}

impl GatewayOptions {
    /// 校验头名只含 token 字符 / checks every header name is an HTTP token.
    ///
    /// ```
    /// # use yjt_sso::gateway::*;
    /// GatewayOptions::default().validate()?;
    /// # Ok::<(), yjt_sso::Error>(())
    /// ```
    pub fn validate(&self) -> Result<()> {
        for (field, v) in [
            ("gateway.prefix", &self.prefix),
            ("gateway.serviceIdHeader", &self.service_id_header),
            ("gateway.appSecretHeader", &self.app_secret_header),
            ("gateway.paasIdHeader", &self.paas_id_header),
        ] {
            if !rules::is_header_name(v) {
                return Err(Error::new(
                    ErrorCode::InvalidConfig,
                    format!("{field} 须为 1–64 个字母、数字、- 或 _ ({field} must be 1–64 of [A-Za-z0-9_-])"),
                )
                .with_field(field));
            }
        }
        if let Some(a) = &self.also_sign {
            if !rules::is_header_name(&a.prefix) || a.prefix.eq_ignore_ascii_case(&self.prefix) {
                return Err(invalid_cfg(
                    "gateway.alsoSign.prefix",
                    "gateway.alsoSign.prefix 须为 1–64 个字母、数字、- 或 _，且与 prefix 不同 (must be 1–64 of [A-Za-z0-9_-] and differ from prefix)",
                ));
            }
            rules::check_header_value("gateway.alsoSign.paasId", &a.paas_id)?;
            rules::check_header_value("gateway.alsoSign.paasToken", &a.paas_token)?;
        }
        if self.extra_headers.len() > 32 {
            return Err(invalid_cfg(
                "gateway.extraHeaders",
                "gateway.extraHeaders 最多 32 个 (at most 32)",
            ));
        }
        for (k, v) in &self.extra_headers {
            if !rules::is_header_name(k) || !rules::is_static_header_value(v) {
                return Err(invalid_cfg(
                    "gateway.extraHeaders",
                    "gateway.extraHeaders 的名称须为 1–64 个 [A-Za-z0-9_-]，值为可打印 ASCII（≤ 1024）(names 1–64 of [A-Za-z0-9_-], values printable ASCII up to 1024)",
                ));
            }
        }
        // Every header we send must have its own name (case-insensitive), or one would shadow
        // another — e.g. paasIdHeader "nonce", or prefix "content" + "type" = Content-Type.
        let mut names: Vec<String> = [
            "timestamp",
            "nonce",
            "signature",
            "uid",
            "uinfo",
            "ext",
            &self.paas_id_header,
            &self.app_secret_header,
            &self.service_id_header,
        ]
        .iter()
        .map(|s| self.name(s))
        .collect();
        if let Some(a) = &self.also_sign {
            for s in ["timestamp", "nonce", "signature", &self.paas_id_header] {
                names.push(format!("{}-{s}", a.prefix));
            }
        }
        names.push("content-type".to_owned());
        names.extend(self.extra_headers.keys().cloned());
        for (i, a) in names.iter().enumerate() {
            if names.iter().skip(i + 1).any(|b| a.eq_ignore_ascii_case(b)) {
                return Err(invalid_cfg(
                    "gateway",
                    &format!(
                        "gateway 配置使两个请求头同名：{a} (gateway options give two headers the same name: {a})"
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Every secret of a caller (token, appSecret, a second signer's token), to scrub from text.
    pub(crate) fn secrets<'a>(&'a self, creds: &'a GatewayCredentials) -> Vec<&'a str> {
        let mut v: Vec<&str> = creds.secrets().collect();
        v.extend(self.also_sign.as_ref().map(|a| a.paas_token.as_str()));
        v
    }

    /// `prefix-suffix`: the name of one header of the main set.
    pub(crate) fn name(&self, suffix: &str) -> String {
        joined(&self.prefix, suffix)
    }
}

/// `prefix-suffix` in one exactly sized allocation (this runs for every header of every request).
pub(crate) fn joined(prefix: &str, suffix: &str) -> String {
    let mut s = String::with_capacity(prefix.len() + 1 + suffix.len());
    s.push_str(prefix);
    s.push('-');
    s.push_str(suffix);
    s
}

fn invalid_cfg(field: &str, msg: &str) -> Error {
    Error::new(ErrorCode::InvalidConfig, msg).with_field(field)
}

/// 实际部署中见过的变体（doctor --detect 逐一试探）/ a variant seen in deployments: what
/// `doctor --detect` tries, each applied over the configured options.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "KnownGatewayVariant"))]
#[serde(rename_all = "camelCase")]
pub struct KnownVariant {
    /// 说明 / what it is.
    pub name: &'static str,
    /// 需要改动的选项 / the options it changes.
    pub gateway: VariantPatch,
}

/// 一个变体改动的选项（未列出的保持配置值）/ the options a variant changes; the rest keep
/// their configured values.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct VariantPatch {
    /// 前缀 / header prefix.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub prefix: Option<&'static str>,
    /// service id 头名后缀 / service-id header suffix.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub service_id_header: Option<&'static str>,
    /// 签名大小写 / signature case.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub signature_case: Option<HexCase>,
    /// 时间戳单位 / timestamp unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub timestamp_unit: Option<TimestampUnit>,
}

impl VariantPatch {
    /// 把改动应用到 `base` 上 / applies the patch over `base`.
    ///
    /// ```
    /// use yjt_sso::gateway::{known_variants, GatewayOptions};
    /// let tif = known_variants().into_iter().find(|v| v.gateway.prefix == Some("x-tif")).unwrap();
    /// let g = tif.gateway.apply(&GatewayOptions::default());
    /// assert_eq!((g.prefix.as_str(), g.service_id_header.as_str()), ("x-tif", "serviceId"));
    /// ```
    pub fn apply(&self, base: &GatewayOptions) -> GatewayOptions {
        let mut g = base.clone();
        if let Some(p) = self.prefix {
            g.prefix = p.into();
        }
        if let Some(h) = self.service_id_header {
            g.service_id_header = h.into();
        }
        if let Some(c) = self.signature_case {
            g.signature_case = c;
        }
        if let Some(u) = self.timestamp_unit {
            g.timestamp_unit = u;
        }
        g
    }
}

/// 已知变体：签名大小写、秒或毫秒时间戳、x-tsp / x-tif（及其小写签名）/ x-rio 前缀。
///
/// The variants public integrations of this gateway family use, each way round: upper- or
/// lowercase signatures, second or millisecond timestamps, the x-tsp, x-tif (with `serviceId`,
/// also lowercase) or x-rio prefix.
///
/// ```
/// let v = yjt_sso::gateway::known_variants();
/// assert!(v.iter().any(|k| k.gateway.prefix == Some("x-tif")));
/// ```
pub fn known_variants() -> Vec<KnownVariant> {
    let tif = VariantPatch {
        prefix: Some("x-tif"),
        service_id_header: Some("serviceId"),
        ..Default::default()
    };
    let v = |name, gateway| KnownVariant { name, gateway };
    vec![
        v(
            "大写签名（默认）/ uppercase signature (the default)",
            VariantPatch {
                signature_case: Some(HexCase::Upper),
                ..Default::default()
            },
        ),
        v(
            "小写签名 / lowercase signature",
            VariantPatch {
                signature_case: Some(HexCase::Lower),
                ..Default::default()
            },
        ),
        v(
            "毫秒时间戳 / millisecond timestamps",
            VariantPatch {
                timestamp_unit: Some(TimestampUnit::Milliseconds),
                ..Default::default()
            },
        ),
        v(
            "秒级时间戳（默认）/ second timestamps (the default)",
            VariantPatch {
                timestamp_unit: Some(TimestampUnit::Seconds),
                ..Default::default()
            },
        ),
        v(
            "x-tsp 前缀（默认）/ the x-tsp prefix (the default)",
            VariantPatch {
                prefix: Some("x-tsp"),
                service_id_header: Some("serviceid"),
                ..Default::default()
            },
        ),
        v("x-tif 前缀 / the x-tif prefix", tif.clone()),
        v(
            "x-tif 前缀、小写签名 / x-tif, lowercase",
            VariantPatch {
                signature_case: Some(HexCase::Lower),
                ..tif
            },
        ),
        v(
            "x-rio 前缀 / the x-rio prefix",
            VariantPatch {
                prefix: Some("x-rio"),
                ..Default::default()
            },
        ),
    ]
}

#[cfg(test)]
mod tests;
