//! The one list in `src/lib.rs` covers every connector crate under `catalogue/`, and the registry
//! agrees with it.

use connectors::{registry, ConnectorType, CONNECTOR_FILES};
use std::path::Path;

/// Every connector crate under `catalogue/`, as `<name>`, with the check that its root file is
/// `src/<name>.rs`.
fn connector_crates_on_disk() -> Vec<String> {
    let catalogue = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalogue");
    let mut names = Vec::new();
    for dir in std::fs::read_dir(&catalogue).unwrap().flatten().filter(|e| e.path().is_dir()) {
        let name = dir.file_name().to_string_lossy().into_owned();
        assert!(
            dir.path().join("src").join(format!("{name}.rs")).is_file(),
            "catalogue/{name} has no src/{name}.rs: a connector crate's root is its one file"
        );
        names.push(name);
    }
    names.sort();
    names
}

#[test]
fn every_connector_crate_is_in_the_list() {
    // Each entry is `category::name::Type`, so its file is `category/name.rs`.
    let mut listed: Vec<String> =
        CONNECTOR_FILES.iter().map(|f| f.rsplit('/').next().unwrap().trim_end_matches(".rs").to_owned()).collect();
    listed.sort();
    assert_eq!(
        connector_crates_on_disk(),
        listed,
        "list each crate of catalogue/ in `connectors!` in src/lib.rs (`fluxturn new connector` does)"
    );
}

#[test]
fn connector_types_round_trip_and_match_the_registry() {
    let names: Vec<&str> = registry().names().collect();
    assert_eq!(names.len(), ConnectorType::ALL.len());
    for connector_type in ConnectorType::ALL {
        let name = connector_type.as_str();
        assert!(names.contains(&name));
        assert_eq!(name.parse::<ConnectorType>().unwrap(), *connector_type);
        assert_eq!(connector_type.entry().name, name);
        assert_eq!(serde_json_round_trip(*connector_type), *connector_type);
    }
    let error = "nope".parse::<ConnectorType>().unwrap_err();
    assert!(error.contains("unknown connector type `nope`"), "{error}");
}

fn serde_json_round_trip(t: ConnectorType) -> ConnectorType {
    let json = serde_json::to_string(&t).unwrap();
    assert_eq!(json, format!("\"{}\"", t.as_str()));
    serde_json::from_str(&json).unwrap()
}

#[test]
fn every_declared_icon_is_an_svg() {
    for entry in registry().entries() {
        if let Some(icon) = entry.icon() {
            assert!(icon.contains("<svg"), "{} icon is not an SVG", entry.name);
        }
    }
}
