//! CONNECTOR_ACTION: the node's action, once per input item, with the item's parameters.

use crate::canvas::Node;
use crate::engine::{fluxturn_output, ActionCall, Actions, Scope, StepError};
use crate::item::Item;
use serde_json::Value;

/// Runs `node`'s action for each of `items`; one output item per input item.
pub(crate) async fn run(
    node: &Node,
    items: &[Item],
    scope: &Scope<'_>,
    actions: &dyn Actions,
    warnings: &mut Vec<String>,
) -> Result<Vec<Item>, StepError> {
    let connector = node
        .connector()
        .ok_or_else(|| StepError::new(format!("`{}` names no connector: choose one in the node", node.label())))?;
    let action = node
        .action()
        .ok_or_else(|| StepError::new(format!("`{}` names no action of `{connector}`: choose one", node.label())))?;
    let connection = ["credentialId", "connectionId", "connectorConfigId"]
        .iter()
        .find_map(|key| node.data.get(*key).and_then(Value::as_str))
        .filter(|id| !id.trim().is_empty());
    let mut output = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let input = scope.params(node, item, index, warnings)?;
        let call = ActionCall { node, connector, action, connection, input };
        let answer = actions.run(call).await?;
        if let Some(warning) = answer.warning {
            if !warnings.contains(&warning) {
                warnings.push(warning);
            }
        }
        let answer = answer.value;
        let executed_at = humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string();
        output
            .push(Item { json: fluxturn_output(answer, connector, action, &executed_at), binary: item.binary.clone() });
    }
    Ok(output)
}
