//! `fluxturn export` prints every registered definition as one JSON array.

use std::process::Command;

#[test]
fn export_prints_every_definition_as_one_json_array() {
    let output = Command::new(env!("CARGO_BIN_EXE_fluxturn")).arg("export").output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let exported: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let expected = serde_json::to_value(connectors::registry().definitions()).unwrap();
    assert_eq!(exported, expected);
    assert!(exported.as_array().unwrap().iter().any(|d| d["name"] == "acme"));
}

#[test]
fn export_writes_to_a_file() {
    let dir = std::env::temp_dir().join(format!("fluxturn-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("definitions.json");
    let status = Command::new(env!("CARGO_BIN_EXE_fluxturn")).args(["export", "--output"]).arg(&file).status().unwrap();
    assert!(status.success());
    let exported: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(exported, serde_json::to_value(connectors::registry().definitions()).unwrap());
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn an_unknown_command_fails_with_usage() {
    let output = Command::new(env!("CARGO_BIN_EXE_fluxturn")).arg("frobnicate").output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("Usage"));
}
