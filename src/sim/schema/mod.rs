//! Placeholder until the strict-decoding schema lands (branch `schema`).

pub fn check_strict(
    _api_version: &str,
    _kind: &str,
    _object: &serde_json::Value,
) -> Result<(), String> {
    Ok(())
}
