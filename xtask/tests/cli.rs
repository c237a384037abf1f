//! The `xtask` binary refuses an option its task does not take before doing
//! any work, and prints the usage on request.

use std::process::Command;

fn xtask(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().expect("the xtask binary runs")
}

#[test]
fn an_option_of_another_task_is_an_error_naming_the_task() {
    let out = xtask(&["codegen", "--newest"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("error: `cargo xtask codegen`: invalid option '--newest'"), "{stderr}");
    assert!(stderr.contains("usage:\n  codegen "), "{stderr}");
    assert!(out.stdout.is_empty(), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn help_lists_every_task_and_a_task_alone() {
    let out = xtask(&["--help"]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    for task in xtask::cli::TASKS {
        assert!(stdout.contains(&format!("\n  {} ", task.name)) || stdout.contains(&format!("\n  {}\n", task.name)));
    }
    let out = xtask(&["sync-specs", "--help"]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("sync-specs [DIR...]") && !stdout.contains("corpus"), "{stdout}");
}
