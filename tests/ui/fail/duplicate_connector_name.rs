// Two connector files that both claim the name `same`.
fluxturn_core::connectors! {
    dup::first::First,
    dup::second::Second,
}

fn main() {}
