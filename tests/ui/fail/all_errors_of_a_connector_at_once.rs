use fluxturn_core::prelude::*;

#[connector(name = "Demo", category = "chat", base_url = "not a url", rate_limit(requests_per_hour = 0), colour = "red")]
pub struct Demo;

#[actions]
impl Demo {}

fn main() {}
