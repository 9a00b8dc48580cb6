//! Generates `js/generated.ts` — the TypeScript types of everything that crosses the WASM
//! boundary — from the Rust types, and fails when the committed file has drifted.
//! `YJT_UPDATE_TYPES=1 cargo test typegen` rewrites the file.

use crate::api::RequestParts;
use crate::config::{presets, DecryptFields, Env, FieldPolicy, Presets, ServiceIds};
use crate::dict;
use crate::error::{ErrorCode, ErrorView};
use crate::gateway::{
    Check, GatewayOptions, HexCase, KnownVariant, ServiceIdPlacement, TimestampUnit, VariantPatch,
    Verdict, VerifiedHeaders,
};
use crate::identity::{Labels, YjtUser};
use crate::input::{
    ApiCallTs, ApiInputTs, ConfigInputTs, CredentialsInputTs, ExchangeCallTs, HeadersCallTs,
    VerifyCallTs, VerifyInputTs,
};
use crate::sm4::Encoding;
use ts_rs::{Config, TS};

fn union<T: core::fmt::Display>(items: impl IntoIterator<Item = T>) -> String {
    items
        .into_iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>()
        .join(" | ")
}

fn quoted<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    union(items.into_iter().map(|s| format!("'{s}'")))
}

fn generate() -> String {
    let cfg = Config::default();
    let mut out = String::from(
        "// Generated from the Rust core by `YJT_UPDATE_TYPES=1 cargo test typegen`. Do not edit.\n\
         // 由 Rust 内核生成，请勿手改。\n\n",
    );
    let mut decl = |doc: &str, d: String| {
        out.push_str(&format!("/** {doc} */\nexport {d}\n\n"));
    };
    decl(
        "稳定错误码 / the stable error codes.",
        format!(
            "type YjtErrorCode = {};",
            quoted(ErrorCode::ALL.iter().map(|c| c.as_str()))
        ),
    );
    decl(
        "密文文本编码 / ciphertext text encodings; `hex` is the Java default.",
        format!("type CipherEncoding = {};", quoted(Encoding::NAMES)),
    );
    decl(
        "证件类型代码 / certificate type codes.",
        format!(
            "type CertificateTypeCode = {};",
            quoted(dict::CERTIFICATE_TYPES.iter().map(|(c, _)| *c))
        ),
    );
    decl(
        "性别代码 / gender codes.",
        format!(
            "type GenderCode = {};",
            union(dict::GENDERS.iter().map(|(c, _)| c))
        ),
    );
    decl(
        "渠道代码 / channel codes.",
        format!(
            "type ChannelCode = {};",
            quoted(dict::CHANNELS.iter().map(|(c, _)| *c))
        ),
    );
    decl(
        "民族代码（GB/T 3304）/ nation codes.",
        format!(
            "type NationCode = {};",
            quoted(dict::NATIONS.iter().map(|(c, _)| *c))
        ),
    );
    decl(
        "已知业务类型 / the known business types (any positive integer is accepted).",
        format!(
            "type BusinessTypeCode = {};",
            union(dict::BUSINESS_TYPES.iter().map(|(c, _)| c))
        ),
    );
    decl("环境 / the environment.", Env::decl(&cfg));
    decl("解密策略 / decryption policy.", FieldPolicy::decl(&cfg));
    decl("签名大小写 / signature hex case.", HexCase::decl(&cfg));
    decl("时间戳单位 / timestamp unit.", TimestampUnit::decl(&cfg));
    decl(
        "service ID 位置 / service-id placement.",
        ServiceIdPlacement::decl(&cfg),
    );
    decl(
        "第二套签名请求头 / a second signed header set.",
        crate::gateway::AlsoSign::decl(&cfg),
    );
    decl(
        "网关变体（含默认值）/ gateway variants, every field resolved.",
        GatewayOptions::decl(&cfg),
    );
    decl(
        "网关变体，缺省项取默认（x-tsp）/ gateway variants; omitted fields take the x-tsp defaults.",
        "type GatewayOptions = { [K in keyof ResolvedGatewayOptions]?: ResolvedGatewayOptions[K] | undefined };".into(),
    );
    decl(
        "name / healthCardNo 的解密策略 / decryption policies.",
        DecryptFields::decl(&cfg),
    );
    decl(
        "配置中可序列化的部分 / the JSON part of the config.",
        ConfigInputTs::decl(&cfg),
    );
    decl(
        "网关凭据 / gateway credentials.",
        CredentialsInputTs::decl(&cfg),
    );
    decl(
        "入站校验选项 / inbound verification options.",
        VerifyInputTs::decl(&cfg),
    );
    decl(
        "GatewayClient 配置中可序列化的部分 / the JSON part of the GatewayClient options.",
        ApiInputTs::decl(&cfg),
    );
    decl(
        "校验通过的请求要素 / what a verified request carried.",
        VerifiedHeaders::decl(&cfg),
    );
    decl(
        "未通过的入站检查项 / which inbound check failed.",
        Check::decl(&cfg),
    );
    decl(
        "内核抛出的错误 / an error as the core throws it.",
        ErrorView::decl(&cfg),
    );
    decl(
        "入站校验结论 / the verdict of an inbound verification.",
        Verdict::decl(&cfg),
    );
    decl(
        "签名请求的要素 / the parts of a signed request.",
        RequestParts::decl(&cfg),
    );
    decl(
        "变体改动的选项 / the options a variant changes.",
        VariantPatch::decl(&cfg),
    );
    decl(
        "实际部署中见过的变体 / a variant seen in deployments.",
        KnownVariant::decl(&cfg),
    );
    decl(
        "gatewayHeaders 交给内核的输入 / what gatewayHeaders hands the core.",
        HeadersCallTs::decl(&cfg),
    );
    decl(
        "GatewayClient.request 交给内核的输入 / what GatewayClient.request hands the core.",
        ApiCallTs::decl(&cfg),
    );
    decl(
        "换取请求交给内核的输入 / what an exchange request hands the core.",
        ExchangeCallTs::decl(&cfg),
    );
    decl(
        "入站校验交给内核的输入 / what an inbound verification hands the core.",
        VerifyCallTs::decl(&cfg),
    );
    decl("字典标签 / dictionary labels.", Labels::decl(&cfg));
    decl(
        "解密后的用户身份 / the decrypted identity.",
        YjtUser::decl(&cfg),
    );
    decl("各环境 service ID / service ids.", ServiceIds::decl(&cfg));
    decl(
        "协议常量与默认值 / protocol constants and defaults.",
        Presets::decl(&cfg),
    );
    // The dictionaries as data: JavaScript reads them without a call into the core at import.
    let tables = serde_json::to_string(&dict::all_tables()).unwrap(); // no-panic: cfg(test) only; static tables serialize
    decl(
        "数据字典（代码 → 标签）/ the dictionaries, code → label.",
        format!("const DICTIONARIES: {{ readonly [table: string]: {{ readonly [code: string]: string }} }} = {tables};"),
    );
    // The presets as data too: no call into the core at import.
    let presets = serde_json::to_string(&presets()).unwrap(); // no-panic: cfg(test) only; constants serialize
    decl(
        "协议常量与默认值（数据）/ the protocol constants and defaults, as data.",
        format!("const PRESETS: GatewayPresets = {presets};"),
    );
    let variants = serde_json::to_string(&crate::gateway::known_variants()).unwrap(); // no-panic: cfg(test) only; constants serialize
    decl(
        "实际部署中见过的网关变体（doctor --detect 逐一试探）/ the gateway variants seen in deployments, as data.",
        format!("const VARIANTS: readonly KnownGatewayVariant[] = {variants};"),
    );
    decl(
        "短于此字节数的换取响应装不下走位切片路径的加密字段 / a shorter exchange response holds no field for the bitsliced SM4 path.",
        format!("const BULK_FIELD_BYTES = {};", crate::sm4::BULK_FIELD_BYTES),
    );
    out.trim_end().to_owned() + "\n"
}

#[test]
fn typegen_matches_committed_file() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/js/generated.ts");
    let fresh = generate();
    if std::env::var_os("YJT_UPDATE_TYPES").is_some() {
        std::fs::write(path, &fresh).unwrap(); // no-panic: cfg(test) only; a failed write fails the test
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == fresh,
        "js/generated.ts has drifted from the Rust types: run `YJT_UPDATE_TYPES=1 cargo test typegen`"
    );
}
