use fluxturn_core::prelude::*;

#[derive(Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelcase")]
pub struct SendMessage {
    pub channel_id: String,
}

fn main() {}
