//! The one list in `src/lib.rs` covers every connector file of every category crate, and the
//! registry agrees with it.

use connectors::{registry, ConnectorType, CONNECTOR_FILES};
use std::path::Path;

/// Every `.rs` file but `lib.rs` in `categories/<category>/src/`, as `<category>/<file>.rs`.
fn connector_files_on_disk() -> Vec<String> {
    let categories = Path::new(env!("CARGO_MANIFEST_DIR")).join("categories");
    let mut files = Vec::new();
    for category in std::fs::read_dir(&categories).unwrap().flatten().filter(|e| e.path().is_dir()) {
        let name = category.file_name().to_string_lossy().into_owned();
        for file in std::fs::read_dir(category.path().join("src")).unwrap().flatten() {
            let path = file.path();
            let file_name = file.file_name().to_string_lossy().into_owned();
            if path.extension().is_some_and(|e| e == "rs") && file_name != "lib.rs" {
                files.push(format!("{name}/{file_name}"));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_connector_file_is_in_the_list() {
    let mut listed: Vec<String> = CONNECTOR_FILES.iter().map(|f| f.to_string()).collect();
    listed.sort();
    assert_eq!(
        connector_files_on_disk(),
        listed,
        "add each connector file to `connectors!` in src/lib.rs (`fluxturn new connector` does)"
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
