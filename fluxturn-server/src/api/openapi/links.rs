//! OpenAPI links from the created configuration to every operation that takes its id, found in
//! the finished document (a new `{id}` route is linked without being named here).

use aide::openapi::{Link, OpenApi, ReferenceOr, StatusCode};
use serde_json::json;

/// The operation that creates a configuration, and its success status.
const CREATE: (&str, u16) = ("configs_create", 201);

/// Adds to the create operation's success response a link named after each operation whose
/// path has `{id}`, passing the created configuration's `id`.
pub fn link_created_configuration(api: &mut OpenApi) {
    let targets: Vec<String> = api
        .operations()
        .filter(|(path, _, _)| path.contains("{id}"))
        .filter_map(|(_, _, operation)| operation.operation_id.clone())
        .collect();
    let Some(paths) = api.paths.as_mut() else { return };
    let create = paths.paths.values_mut().filter_map(ReferenceOr::as_item_mut).find_map(|item| {
        [&mut item.post, &mut item.put]
            .into_iter()
            .flatten()
            .find(|operation| operation.operation_id.as_deref() == Some(CREATE.0))
    });
    let Some(created) = create
        .and_then(|operation| operation.responses.as_mut())
        .and_then(|responses| responses.responses.get_mut(&StatusCode::Code(CREATE.1)))
        .and_then(ReferenceOr::as_item_mut)
    else {
        return;
    };
    for target in targets {
        let link: Link = serde_json::from_value(json!({
            "operationId": target,
            "parameters": { "id": "$response.body#/id" },
            "description": format!("`{target}` on the created configuration"),
        }))
        .expect("a link built here is valid");
        created.links.insert(target, ReferenceOr::Item(link));
    }
}
