//! Helpers shared by several test files (`mod common;`). Each test binary uses a part of them.
#![allow(dead_code)]

pub mod databases;
