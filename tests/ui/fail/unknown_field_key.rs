use fluxturn_core::prelude::*;

/// Input.
#[derive(Deserialize, JsonSchema, Input)]
pub struct Send {
    #[field(lable = "Channel")]
    pub channel: String,
}

fn main() {}
