//! Registering a connector: its module in its category crate's `lib.rs`, its type in the
//! `connectors!` list of `connectors/src/lib.rs`, and, for a category not seen before, the
//! category crate itself (its manifest and `lib.rs`), the aggregator's dependency on it and the
//! `pub use` that keeps the `category::file::Type` paths of the list working.

/// The package name of `category`'s crate (`connectors-project-management`).
pub fn package(category: &str) -> String {
    format!("connectors-{}", category.replace('_', "-"))
}

/// The Rust name of `category`'s crate (`connectors_project_management`).
fn crate_ident(category: &str) -> String {
    format!("connectors_{category}")
}

/// `lib` (the aggregator's `src/lib.rs`) with `{category}::{name}::{type_name},` at the end of the
/// `connectors!` list, and `pub use connectors_{category} as {category};` before the list when the
/// category is new to it.
pub fn list_entry(lib: &str, category: &str, name: &str, type_name: &str) -> Result<String, String> {
    let lines: Vec<&str> = lib.lines().collect();
    let list_start = lines
        .iter()
        .position(|l| l.trim_start().starts_with("fluxturn_core::connectors!"))
        .ok_or("connectors/src/lib.rs has no `fluxturn_core::connectors! { ... }` list")?;
    let list_end = (list_start..lines.len())
        .find(|&i| lines[i].trim() == "}")
        .ok_or("the `connectors!` list of connectors/src/lib.rs has no closing `}` line")?;
    if lines[list_start..list_end].iter().any(|l| l.trim_end_matches(',').trim().ends_with(&format!("::{type_name}"))) {
        return Err(format!("a connector type `{type_name}` is already in the `connectors!` list"));
    }
    let reexport = format!("pub use {} as {category};", crate_ident(category));
    let has_reexport = lines.iter().any(|l| l.trim() == reexport);
    let mut out: Vec<String> = Vec::with_capacity(lines.len() + 4);
    for (i, line) in lines.iter().enumerate() {
        if i == list_start && !has_reexport {
            out.push(format!("/// The `{category}` connectors."));
            out.push(reexport.clone());
            out.push(String::new());
        }
        if i == list_end {
            out.push(format!("    {category}::{name}::{type_name},"));
        }
        out.push((*line).to_owned());
    }
    Ok(out.join("\n") + "\n")
}

/// `lib` (a category crate's `src/lib.rs`) with `pub mod {name};` among its modules, in
/// alphabetical order.
pub fn module(lib: &str, category: &str, name: &str) -> Result<String, String> {
    let wanted = format!("pub mod {name};");
    let lines: Vec<&str> = lib.lines().collect();
    if lines.iter().any(|l| l.trim() == wanted) {
        return Err(format!("`{name}` is already declared in connectors/categories/{category}/src/lib.rs"));
    }
    let modules: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].starts_with("pub mod ")).collect();
    let at = modules
        .iter()
        .copied()
        .find(|&i| lines[i].trim() > wanted.as_str())
        .or_else(|| modules.last().map(|&i| i + 1))
        .unwrap_or(lines.len());
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    out.insert(at, wanted);
    Ok(out.join("\n") + "\n")
}

/// The `lib.rs` of a new category crate, declaring its first connector.
pub fn new_category_lib(category: &str, name: &str) -> String {
    format!(
        "//! FluxTurn's `{category}` connectors. Each is one annotated file in `src/`, declared below and\n\
         //! named once in the `connectors!` list of the `connectors` crate.\n\npub mod {name};\n"
    )
}

/// The `Cargo.toml` of a new category crate: what a connector file needs.
pub fn new_category_manifest(category: &str) -> String {
    format!(
        "[package]\nname = \"{}\"\ndescription = \"FluxTurn's `{category}` connectors, one annotated file each under src/ \
         (registered by the `connectors` crate).\"\nedition.workspace = true\nversion.workspace = true\n\
         license.workspace = true\n\n[dependencies]\nfluxturn-core.workspace = true\nserde.workspace = true\n\
         serde_json.workspace = true\nschemars.workspace = true\n",
        package(category)
    )
}

/// `manifest` (the aggregator's `Cargo.toml`) depending on `category`'s crate: a line after the
/// other category crates, or at the end of `[dependencies]`.
pub fn dependency(manifest: &str, category: &str) -> Result<String, String> {
    let line = format!("{} = {{ path = \"categories/{category}\" }}", package(category));
    let lines: Vec<&str> = manifest.lines().collect();
    let section = lines
        .iter()
        .position(|l| l.trim() == "[dependencies]")
        .ok_or("connectors/Cargo.toml has no [dependencies] section")?;
    let section_end = (section + 1..lines.len()).find(|&i| lines[i].starts_with('[')).unwrap_or(lines.len());
    let at = (section + 1..section_end)
        .rev()
        .find(|&i| lines[i].starts_with("connectors-") && lines[i].contains("path = \"categories/"))
        .map(|i| i + 1)
        .unwrap_or_else(|| {
            // After the section's last non-blank line.
            (section + 1..section_end).rev().find(|&i| !lines[i].trim().is_empty()).unwrap_or(section) + 1
        });
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    out.insert(at, line);
    Ok(out.join("\n") + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIB: &str = "//! Connectors.\n\n/// Chat.\npub use connectors_communication as communication;\n\nfluxturn_core::connectors! {\n    communication::acme::Acme,\n    communication::slack::Slack,\n}\n";
    const CATEGORY: &str = "//! Chat.\n\npub mod acme;\npub mod slack;\nmod shared;\n";
    const MANIFEST: &str = "[package]\nname = \"connectors\"\n\n[dependencies]\nfluxturn-core.workspace = true\nconnectors-communication = { path = \"categories/communication\" }\n\n[dev-dependencies]\ninsta.workspace = true\n";

    #[test]
    fn a_connector_ends_the_list() {
        let lib = list_entry(LIB, "communication", "matrix", "Matrix").unwrap();
        assert!(lib.contains("    communication::slack::Slack,\n    communication::matrix::Matrix,\n}\n"), "{lib}");
        assert_eq!(lib.matches("pub use").count(), 1, "{lib}");
    }

    #[test]
    fn a_new_category_is_reexported_before_the_list() {
        let lib = list_entry(LIB, "project_management", "asana", "Asana").unwrap();
        assert!(
            lib.contains(
                "pub use connectors_project_management as project_management;\n\nfluxturn_core::connectors! {"
            ),
            "{lib}"
        );
        assert!(lib.contains("    project_management::asana::Asana,\n}"), "{lib}");
    }

    #[test]
    fn a_module_joins_its_category_in_order() {
        let lib = module(CATEGORY, "communication", "matrix").unwrap();
        assert!(lib.contains("pub mod acme;\npub mod matrix;\npub mod slack;\nmod shared;\n"), "{lib}");
        let last = module(CATEGORY, "communication", "zulip").unwrap();
        assert!(last.contains("pub mod slack;\npub mod zulip;\nmod shared;\n"), "{last}");
        let first = module(&new_category_lib("storage", "dropbox"), "storage", "box_com").unwrap();
        assert!(first.ends_with("pub mod box_com;\npub mod dropbox;\n"), "{first}");
    }

    #[test]
    fn a_new_category_crate_is_a_dependency_after_the_others() {
        let manifest = dependency(MANIFEST, "project_management").unwrap();
        assert!(
            manifest.contains(
                "connectors-communication = { path = \"categories/communication\" }\n\
                 connectors-project-management = { path = \"categories/project_management\" }\n\n[dev-dependencies]"
            ),
            "{manifest}"
        );
        let bare = dependency("[dependencies]\nfluxturn-core.workspace = true\n", "crm").unwrap();
        assert_eq!(
            bare,
            "[dependencies]\nfluxturn-core.workspace = true\nconnectors-crm = { path = \"categories/crm\" }\n"
        );
        assert!(new_category_manifest("project_management").contains("name = \"connectors-project-management\""));
    }

    #[test]
    fn a_connector_already_there_is_refused() {
        assert!(module(CATEGORY, "communication", "slack").unwrap_err().contains("already declared"));
        assert!(list_entry(LIB, "chat", "slack", "Slack").unwrap_err().contains("already in the `connectors!` list"));
        assert!(list_entry("//! nothing\n", "chat", "x", "X").unwrap_err().contains("no `fluxturn_core::connectors!"));
        assert!(dependency("[package]\n", "chat").unwrap_err().contains("no [dependencies]"));
    }
}
