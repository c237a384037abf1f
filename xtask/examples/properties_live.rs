//! Typed properties from a live account: fetch an object type's properties
//! through the Properties API and print the `hubspot_crm::properties!`
//! declaration for them (the same text `cargo xtask properties FILE` writes
//! from a saved answer).
//!
//! ```sh
//! HUBSPOT_TOKEN=pat-… cargo run -p xtask --example properties_live -- contacts > src/contact.rs
//! HUBSPOT_TOKEN=pat-… cargo run -p xtask --example properties_live -- deals --only dealname,amount,closedate
//! ```
//!
//! The token needs the object type's read scope (`crm.schemas.contacts.read`
//! or `crm.objects.contacts.read` for contacts).

use std::process::ExitCode;

use generator::properties::{DeclarationOptions, declaration, struct_name};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: properties_live OBJECT_TYPE [--only a,b,c] [--decimal]  (token in HUBSPOT_TOKEN)";
    let object = args.next().ok_or(usage)?;
    let (mut only, mut decimal) = (Vec::new(), false);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--only" => only = args.next().ok_or(usage)?.split(',').map(str::to_owned).collect(),
            "--decimal" => decimal = true,
            _ => return Err(usage.to_owned()),
        }
    }
    let token = std::env::var("HUBSPOT_TOKEN").map_err(|_| "HUBSPOT_TOKEN is not set".to_owned())?;
    let client = hubspot_crm::Client::new(token);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    let answer = runtime
        .block_on(client.properties().get_page(object.as_str()).send())
        .map_err(|e| format!("reading the properties of `{object}`: {e}"))?;
    let json = serde_json::to_string(&answer).map_err(|e| e.to_string())?;

    let name = struct_name(&object);
    let mut command = format!("cargo run -p xtask --example properties_live -- {object}");
    if !only.is_empty() {
        command += &format!(" --only {}", only.join(","));
    }
    if decimal {
        command += " --decimal";
    }
    let mut options = DeclarationOptions::new(name, format!("the `{object}` properties of the account"), command);
    options.only = only;
    options.decimal = decimal;
    let declaration = declaration(&json, &options)?;
    for warning in &declaration.warnings {
        eprintln!("warning: {warning}");
    }
    print!("{}", declaration.source);
    eprintln!("{} properties, {} enums", declaration.properties, declaration.enums);
    Ok(())
}
