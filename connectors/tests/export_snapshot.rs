//! The full export, snapshotted: any change to any definition shows up as a reviewed diff of
//! `tests/snapshots/export_snapshot__export.snap` (update with `INSTA_UPDATE=always`).

#[test]
fn the_export_of_every_definition() {
    insta::assert_json_snapshot!("export", connectors::registry().definitions());
}
