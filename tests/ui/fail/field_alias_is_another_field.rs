use fluxturn_core::prelude::*;

/// An input whose aliases collide with its fields' names.
#[derive(Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct Send {
    /// Where to post (an alias that is another field's serialized name)
    #[field(aliases = ["channel", "threadTs"])]
    pub channel_id: String,
    /// What to post (an alias that is its own name, and one another field has)
    #[field(aliases = ["text", "channel"])]
    pub text: String,
    /// The thread (one alias twice)
    #[field(aliases = ["thread", "thread"])]
    pub thread_ts: Option<String>,
}

fn main() {}
