// Two connector files that both claim the name `same`.
mod dup {
    pub mod first;
    pub mod second;
}

fluxturn_core::connectors! {
    dup::first::First,
    dup::second::Second,
}

fn main() {}
