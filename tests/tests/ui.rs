//! Compile-time checks: each mistake in `ui/fail/` fails to compile with the error pinned in its
//! `.stderr`; each form in `ui/pass/` compiles and its generated definition is checked at run time.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/fail/*.rs");
    cases.pass("ui/pass/*.rs");
}
