//! Registering a connector crate (`connectors/catalogue/<name>`) with the `connectors` crate: the
//! dependency in its `Cargo.toml`, and in its `src/lib.rs` the re-export under the category module
//! (created when missing) and the entry at the end of the `connectors!` list.

/// The package name of connector `name`'s crate (`connector-google-sheets`).
pub fn package(name: &str) -> String {
    format!("connector-{}", name.replace('_', "-"))
}

/// `lib` (the `connectors` crate's `src/lib.rs`) with `pub use connector_{name} as {name};` in the
/// module `category` (created when missing), in alphabetical order, and
/// `{category}::{name}::{type_name},` at the end of the `connectors!` list.
pub fn register(lib: &str, category: &str, name: &str, type_name: &str) -> Result<String, String> {
    let lines: Vec<&str> = lib.lines().collect();
    let list_start = lines
        .iter()
        .position(|l| l.trim_start().starts_with("fluxturn_core::connectors!"))
        .ok_or("connectors/src/lib.rs has no `fluxturn_core::connectors! { ... }` list")?;
    let list_end = (list_start..lines.len())
        .find(|&i| lines[i].trim() == "}")
        .ok_or("the `connectors!` list of connectors/src/lib.rs has no closing `}` line")?;
    let entry = format!("    {category}::{name}::{type_name},");
    if lines[list_start..list_end].iter().any(|l| l.trim_end_matches(',').trim().ends_with(&format!("::{type_name}"))) {
        return Err(format!("a connector type `{type_name}` is already in the `connectors!` list"));
    }
    let reexport = format!("pub use connector_{name} as {name};");
    if lines.iter().any(|l| l.trim() == reexport) {
        return Err(format!("`{name}` is already re-exported in connectors/src/lib.rs"));
    }
    let module_line = format!("pub mod {category} {{");
    let mut out: Vec<String> = Vec::with_capacity(lines.len() + 6);
    match lines.iter().position(|l| l.trim() == module_line) {
        Some(start) => {
            let end = (start..lines.len())
                .find(|&i| lines[i].trim() == "}")
                .ok_or(format!("`pub mod {category}` has no closing `}}` line"))?;
            let at = (start + 1..end)
                .find(|&i| lines[i].trim() > reexport.as_str() && lines[i].trim().starts_with("pub use"))
                .unwrap_or(end);
            for (i, line) in lines.iter().enumerate() {
                if i == at {
                    out.push(format!("    {reexport}"));
                }
                if i == list_end {
                    out.push(entry.clone());
                }
                out.push((*line).to_owned());
            }
        }
        None => {
            for (i, line) in lines.iter().enumerate() {
                if i == list_start {
                    out.push(format!("/// Connectors of the `{category}` category."));
                    out.push(module_line.clone());
                    out.push(format!("    {reexport}"));
                    out.push("}".to_owned());
                    out.push(String::new());
                }
                if i == list_end {
                    out.push(entry.clone());
                }
                out.push((*line).to_owned());
            }
        }
    }
    Ok(out.join("\n") + "\n")
}

/// `manifest` (the `connectors` crate's `Cargo.toml`) depending on connector `name`'s crate: a
/// line after the other connector crates, or at the end of `[dependencies]`.
pub fn dependency(manifest: &str, name: &str) -> Result<String, String> {
    let line = format!("{} = {{ path = \"catalogue/{name}\" }}", package(name));
    let lines: Vec<&str> = manifest.lines().collect();
    let section = lines
        .iter()
        .position(|l| l.trim() == "[dependencies]")
        .ok_or("connectors/Cargo.toml has no [dependencies] section")?;
    let section_end = (section + 1..lines.len()).find(|&i| lines[i].starts_with('[')).unwrap_or(lines.len());
    let last_connector = (section + 1..section_end).rev().find(|&i| lines[i].contains("path = \"catalogue/"));
    let at = match last_connector {
        Some(i) => i + 1,
        // After the section's last non-blank line.
        None => (section + 1..section_end).rev().find(|&i| !lines[i].trim().is_empty()).unwrap_or(section) + 1,
    };
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    out.insert(at, line);
    Ok(out.join("\n") + "\n")
}

/// The `Cargo.toml` of connector `name`'s crate, whose root is its one file `src/{name}.rs`, with
/// what a connector file needs; the author adds what theirs uses beyond it.
pub fn manifest(name: &str, category: &str) -> String {
    format!(
        "[package]\nname = \"{}\"\ndescription = \"FluxTurn's `{name}` connector ({category}).\"\n\
         edition.workspace = true\nversion.workspace = true\nlicense.workspace = true\n\n\
         [lib]\npath = \"src/{name}.rs\"\n\n\
         [dependencies]\nfluxturn-core.workspace = true\nserde.workspace = true\n\
         serde_json.workspace = true\nschemars.workspace = true\n",
        package(name)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIB: &str = "//! Connectors.\n\n/// Chat.\npub mod communication {\n    pub use connector_acme as acme;\n    pub use connector_slack as slack;\n}\n\nfluxturn_core::connectors! {\n    communication::acme::Acme,\n    communication::slack::Slack,\n}\n";
    const MANIFEST: &str = "[package]\nname = \"connectors\"\n\n[dependencies]\nfluxturn-core.workspace = true\nconnector-acme = { path = \"catalogue/acme\" }\n\n[dev-dependencies]\ninsta.workspace = true\n";

    #[test]
    fn a_connector_joins_its_category_in_order_and_ends_the_list() {
        let lib = register(LIB, "communication", "matrix", "Matrix").unwrap();
        assert!(
            lib.contains(
                "    pub use connector_acme as acme;\n    pub use connector_matrix as matrix;\n    pub use connector_slack as slack;\n"
            ),
            "{lib}"
        );
        assert!(lib.contains("    communication::slack::Slack,\n    communication::matrix::Matrix,\n}\n"), "{lib}");
    }

    #[test]
    fn a_new_category_gets_its_module_before_the_list() {
        let lib = register(LIB, "storage", "dropbox", "Dropbox").unwrap();
        assert!(
            lib.contains(
                "pub mod storage {\n    pub use connector_dropbox as dropbox;\n}\n\nfluxturn_core::connectors! {"
            ),
            "{lib}"
        );
        assert!(lib.contains("    storage::dropbox::Dropbox,\n}"), "{lib}");
    }

    #[test]
    fn the_crate_is_a_dependency_after_the_other_connectors() {
        let aggregator = dependency(MANIFEST, "google_sheets").unwrap();
        assert!(
            aggregator.contains(
                "connector-acme = { path = \"catalogue/acme\" }\n\
                 connector-google-sheets = { path = \"catalogue/google_sheets\" }\n\n[dev-dependencies]"
            ),
            "{aggregator}"
        );
        let bare = dependency("[dependencies]\nfluxturn-core.workspace = true\n", "crm_one").unwrap();
        assert_eq!(
            bare,
            "[dependencies]\nfluxturn-core.workspace = true\nconnector-crm-one = { path = \"catalogue/crm_one\" }\n"
        );
        let crate_manifest = manifest("google_sheets", "storage");
        assert!(crate_manifest.contains("name = \"connector-google-sheets\""), "{crate_manifest}");
        assert!(crate_manifest.contains("[lib]\npath = \"src/google_sheets.rs\""), "{crate_manifest}");
    }

    #[test]
    fn a_connector_already_there_is_refused() {
        assert!(register(LIB, "communication", "slack", "Slack2").unwrap_err().contains("already re-exported"));
        assert!(register(LIB, "chat", "slack", "Slack").unwrap_err().contains("already in the `connectors!` list"));
        assert!(register("//! nothing\n", "chat", "x", "X").unwrap_err().contains("no `fluxturn_core::connectors!"));
        assert!(dependency("[package]\n", "chat").unwrap_err().contains("no [dependencies]"));
    }
}
