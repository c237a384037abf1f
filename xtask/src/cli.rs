//! `cargo xtask`'s command line: the first argument names the task, and each
//! task parses only its own options and arguments. An option or argument the
//! task does not take (one another task owns, or one nobody does) is an error
//! naming the task and showing its usage.

use std::ffi::OsString;
use std::path::PathBuf;

use generator::diff::Format;
use lexopt::Arg;
use lexopt::prelude::*;

/// One task on the command line, its arguments read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Print the usage: every task's, or one task's.
    Help(Option<&'static str>),
    Codegen {
        check: bool,
    },
    Corpus {
        dir: Option<PathBuf>,
        newest: bool,
        no_check: bool,
        warnings: bool,
        crate_lines: usize,
    },
    CompileCost {
        typed: bool,
        tls: bool,
        runs: usize,
    },
    Contract,
    Features,
    Generate {
        spec: PathBuf,
    },
    Ir {
        spec: PathBuf,
        pointer: Option<String>,
        plain: bool,
        overlays: Vec<PathBuf>,
    },
    SyncSpecs {
        dirs: Vec<PathBuf>,
        check: bool,
    },
    OagLines,
    ApiDiff {
        old: String,
        new: String,
        format: Format,
        raw: bool,
    },
    SemverCheck {
        old: PathBuf,
        new: PathBuf,
    },
    PrismSpec {
        input: Option<PathBuf>,
        output: Option<PathBuf>,
    },
    Properties {
        input: PathBuf,
        object: Option<String>,
        struct_name: Option<String>,
        only: Vec<String>,
        decimal: bool,
        output: Option<PathBuf>,
    },
}

/// A task: its name, its part of the usage text, and the function reading its arguments.
pub struct Task {
    pub name: &'static str,
    /// Its lines of [`usage`]: the task with its arguments, then one line per option.
    pub usage: &'static str,
    parse: fn(&mut lexopt::Parser) -> Result<Command, Stop>,
}

/// Why a task's parser stopped before the end of the arguments.
enum Stop {
    /// `-h` or `--help`: print the task's usage.
    Help,
    /// Anything else it does not take, or a value it cannot read.
    Error(String),
}

impl From<lexopt::Error> for Stop {
    fn from(e: lexopt::Error) -> Self {
        Stop::Error(e.to_string())
    }
}

const HEADER: &str = "\
usage: cargo xtask <task> [its options and arguments]
       cargo xtask <task> --help    that task's usage alone

tasks:
";

/// Every task, in the order the usage lists them.
pub const TASKS: &[Task] = &[
    Task {
        name: "codegen",
        usage: "  \
  codegen           regenerate generated-client/src/generated from specs/ (and the generator's snapshots
                    from its fixtures)
    --check         write nothing; fail (with a diff) if the committed generated code differs from what
                    the specs produce
",
        parse: codegen,
    },
    Task {
        name: "corpus",
        usage: "  \
  corpus [DIR]      generate every spec under DIR (default ../shared/hubspot-specs), compile them in
                    scratch crates of bounded size, print a table (untyped: fields and parameters typed
                    as JSON where the spec gives the type); fails on any panic, generation or compile error
    --newest        only the newest version of each API
    --no-check      generate only, skip cargo check
    --warnings      also list every generator warning: spec, pointer, kind, message
    --crate-lines N at most N generated lines per scratch crate (default 200000)
",
        parse: corpus,
    },
    Task {
        name: "compile-cost",
        usage: "  \
  compile-cost      print what the client costs users: generated lines, an all-features check with
                    dependencies built, a contacts-only program built from scratch
    --typed         instead: the same contacts program with and without typed properties, each built
                    from scratch, alternately
    --tls           instead: the contacts program with rustls and with native-tls, beside
                    openapi-generator 7.26.0's contacts crate with each, built from scratch, alternately
    --runs N        builds of each with --typed or --tls (default 3)
",
        parse: compile_cost,
    },
    Task {
        name: "generate",
        usage: "  \
  generate SPEC     generate one spec (as `corpus` does: no overlays, default config) into memory and print
                    its files, lines, bytes, warnings and a digest of them all; for timing the generator as
                    a whole process (`/usr/bin/time -f '%U %S' target/release/xtask generate SPEC`)
",
        parse: generate,
    },
    Task {
        name: "contract",
        usage: "  \
  contract          the full contract sweep: every operation of every API through the client against
                    Prism serving its spec (about ten minutes; `cargo test` runs the operations that
                    together have every feature a call has)
",
        parse: contract,
    },
    Task {
        name: "features",
        usage: "  \
  features          cargo check the client with no default features, all features, and each API feature alone
",
        parse: features,
    },
    Task {
        name: "ir",
        usage: "  \
  ir SPEC [POINTER] print the intermediate model of one spec as JSON (or the part at a JSON pointer,
                    e.g. /operations/0/params); a spec listed in specs/hubspot/manifest.json gets its
                    overlays unless --overlay is given
    --plain         apply no vendor conventions
    --overlay FILE  apply this overlay (repeatable) instead of the manifest's
",
        parse: ir,
    },
    Task {
        name: "sync-specs",
        usage: "  \
  sync-specs [DIR...]
                    copy HubSpot's published specs chosen by the policy (newest stable version, betas only
                    when pinned in specs/hubspot/pins.json, a pin wins) from the collections DIR... (default
                    ../shared/hubspot-specs, the CRM, and ../shared/hubspot-platform-specs, OAuth and
                    Webhooks) to specs/hubspot/ unmodified, record which specs/overlays/ apply to each, rewrite
                    specs/hubspot/manifest.json and print what changed
    --check         write nothing; fail if the copies, their checksums, the policy's choice or the
                    overlays differ from the manifest
",
        parse: sync_specs,
    },
    Task {
        name: "oag-lines",
        usage: "  \
  oag-lines         run openapi-generator 7.26.0's `rust` generator (installed by ../shared/tools/oag-baseline,
                    or OAG_CLI) over every synced spec alone, write its line counts to specs/hubspot/oag-lines.json
                    and print ours beside them (xtask/tests/volume.rs holds ours at or below)
",
        parse: oag_lines,
    },
    Task {
        name: "api-diff",
        usage: "  \
  api-diff OLD NEW  what changes in the generated Rust API from OLD to NEW, each change breaking, additive,
                    wire only or docs only, with the Rust item it affects and the version bump Cargo's rules
                    ask for; OLD and NEW are spec files, folders holding specs/, or git revisions of specs/
    --format F      text (default), markdown (for a changelog) or json
    --raw           apply no overlays to single spec files
",
        parse: api_diff,
    },
    Task {
        name: "semver-check",
        usage: "  \
  semver-check OLD NEW
                    generate OLD and NEW (spec files) into two crates under target/semver-check/, run
                    cargo-semver-checks on them and compare its verdict with api-diff's
",
        parse: semver_check,
    },
    Task {
        name: "prism-spec",
        usage: "  \
  prism-spec [IN] [OUT]
                    write a copy of a published spec (default HubSpot's contacts v3) that Prism can serve,
                    listing each correction (default OUT: target/contract/<name>.prism.json)
",
        parse: prism_spec,
    },
    Task {
        name: "properties",
        usage: "  \
  properties FILE   write the typed-property declaration (`hubspot_crm::properties!` struct, a
                    `property_enum!` per enumeration) for the properties in FILE, a saved answer of
                    HubSpot's Properties API (GET /crm/properties/2026-09/{objectType})
    --object TYPE   the object type, to name the struct (contacts → Contact; default: FILE's name up to its first `.`)
    --struct NAME   the struct's name
    --only A,B,..   only these properties (default: every one not archived)
    --decimal       number properties as rust_decimal::Decimal (the `decimal` feature), not f64
    -o, --out FILE  write there (default: stdout)
",
        parse: properties,
    },
];

/// The whole usage text: how to call `cargo xtask` and every task.
pub fn usage() -> String {
    TASKS.iter().fold(HEADER.to_owned(), |text, task| text + task.usage)
}

/// Read the arguments after `cargo xtask` (without the program name).
pub fn parse<I>(args: I) -> Result<Command, String>
where
    I: IntoIterator,
    I::Item: Into<OsString>,
{
    let mut parser = lexopt::Parser::from_args(args);
    let name = match parser.next().map_err(|e| format!("{e}\n\n{}", usage()))? {
        None => return Err(format!("no task given\n\n{}", usage())),
        Some(Short('h') | Long("help")) => return Ok(Command::Help(None)),
        Some(Value(name)) => name.to_string_lossy().into_owned(),
        Some(other) => {
            return Err(format!(
                "{} before the task; options follow the task that takes them\n\n{}",
                other.unexpected(),
                usage()
            ));
        }
    };
    let Some(task) = TASKS.iter().find(|t| t.name == name) else {
        return Err(format!("unknown task `{name}`\n\n{}", usage()));
    };
    match (task.parse)(&mut parser) {
        Ok(command) => Ok(command),
        Err(Stop::Help) => Ok(Command::Help(Some(task.name))),
        Err(Stop::Error(message)) => Err(format!(
            "`cargo xtask {}`: {message}\n\nusage:\n{}\n(`cargo xtask --help` lists every task)",
            task.name, task.usage
        )),
    }
}

/// The usage text [`Command::Help`] asks for.
pub fn help(task: Option<&str>) -> String {
    match TASKS.iter().find(|t| Some(t.name) == task) {
        Some(task) => format!("usage:\n{}", task.usage),
        None => usage(),
    }
}

/// What a task says to an argument it does not take.
fn reject(arg: Arg) -> Stop {
    match arg {
        Short('h') | Long("help") => Stop::Help,
        other => other.unexpected().into(),
    }
}

/// An option's value as UTF-8 text.
fn text(parser: &mut lexopt::Parser) -> Result<String, Stop> {
    Ok(parser.value()?.string()?)
}

fn codegen(parser: &mut lexopt::Parser) -> Result<Command, Stop> {
    let mut check = false;
    while let Some(arg) = parser.next()? {
        match arg {
            Long("check") => check = true,
            other => return Err(reject(other)),
        }
    }
    Ok(Command::Codegen { check })
}

fn corpus(parser: &mut lexopt::Parser) -> Result<Command, Stop> {
    let (mut dir, mut newest, mut no_check, mut warnings) = (None, false, false, false);
    let mut crate_lines = crate::corpus::DEFAULT_CRATE_LINES;
    while let Some(arg) = parser.next()? {
        match arg {
            Long("newest") => newest = true,
            Long("no-check") => no_check = true,
            Long("warnings") => warnings = true,
            Long("crate-lines") => {
                let value = text(parser)?;
                crate_lines =
                    value.parse().map_err(|_| Stop::Error(format!("--crate-lines takes a number, not `{value}`")))?;
            }
            Value(v) if dir.is_none() => dir = Some(v.into()),
            other => return Err(reject(other)),
        }
    }
    Ok(Command::Corpus { dir, newest, no_check, warnings, crate_lines })
}

/// A task that takes no options and no arguments.
fn bare(parser: &mut lexopt::Parser, command: Command) -> Result<Command, Stop> {
    match parser.next()? {
        Some(other) => Err(reject(other)),
        None => Ok(command),
    }
}

fn compile_cost(parser: &mut lexopt::Parser) -> Result<Command, Stop> {
    let (mut typed, mut tls, mut runs) = (false, false, 3);
    while let Some(arg) = parser.next()? {
        match arg {
            Long("typed") => typed = true,
            Long("tls") => tls = true,
            Long("runs") => {
                let value = text(parser)?;
                runs = value
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| Stop::Error(format!("--runs takes a positive number, not `{value}`")))?;
            }
            other => return Err(reject(other)),
        }
    }
    if typed && tls {
        return Err(Stop::Error("--typed and --tls are two different measurements: pick one".to_owned()));
    }
    Ok(Command::CompileCost { typed, tls, runs })
}

fn contract(parser: &mut lexopt::Parser) -> Result<Command, Stop> {
    bare(parser, Command::Contract)
}

fn features(parser: &mut lexopt::Parser) -> Result<Command, Stop> {
    bare(parser, Command::Features)
}

fn oag_lines(parser: &mut lexopt::Parser) -> Result<Command, Stop> {
    bare(parser, Command::OagLines)
}

fn ir(parser: &mut lexopt::Parser) -> Result<Command, Stop> {
    let (mut spec, mut pointer, mut plain, mut overlays) = (None, None, false, Vec::new());
    while let Some(arg) = parser.next()? {
        match arg {
            Long("plain") => plain = true,
            Long("overlay") => overlays.push(parser.value()?.into()),
            Value(v) if spec.is_none() => spec = Some(v.into()),
            Value(v) if pointer.is_none() => pointer = Some(v.string()?),
            other => return Err(reject(other)),
        }
    }
    let spec = spec.ok_or_else(|| Stop::Error("missing SPEC".to_owned()))?;
    Ok(Command::Ir { spec, pointer, plain, overlays })
}

fn generate(parser: &mut lexopt::Parser) -> Result<Command, Stop> {
    let mut spec = None;
    while let Some(arg) = parser.next()? {
        match arg {
            Value(v) if spec.is_none() => spec = Some(v.into()),
            other => return Err(reject(other)),
        }
    }
    let spec = spec.ok_or_else(|| Stop::Error("missing SPEC".to_owned()))?;
    Ok(Command::Generate { spec })
}

fn sync_specs(parser: &mut lexopt::Parser) -> Result<Command, Stop> {
    let (mut dirs, mut check) = (Vec::new(), false);
    while let Some(arg) = parser.next()? {
        match arg {
            Long("check") => check = true,
            Value(v) => dirs.push(v.into()),
            other => return Err(reject(other)),
        }
    }
    Ok(Command::SyncSpecs { dirs, check })
}

/// OLD and NEW, the two positional arguments of `api-diff` and `semver-check`.
fn old_new(sides: Vec<OsString>) -> Result<(OsString, OsString), Stop> {
    let mut sides = sides.into_iter();
    match (sides.next(), sides.next()) {
        (Some(old), Some(new)) => Ok((old, new)),
        (Some(_), None) => Err(Stop::Error("missing NEW".to_owned())),
        _ => Err(Stop::Error("missing OLD and NEW".to_owned())),
    }
}

fn api_diff(parser: &mut lexopt::Parser) -> Result<Command, Stop> {
    let (mut sides, mut format, mut raw) = (Vec::new(), Format::Text, false);
    while let Some(arg) = parser.next()? {
        match arg {
            Long("raw") => raw = true,
            Long("format") => {
                format = match text(parser)?.as_str() {
                    "text" => Format::Text,
                    "markdown" | "md" => Format::Markdown,
                    "json" => Format::Json,
                    other => return Err(Stop::Error(format!("unknown format `{other}` (text, markdown or json)"))),
                }
            }
            Value(v) if sides.len() < 2 => sides.push(v),
            other => return Err(reject(other)),
        }
    }
    let (old, new) = old_new(sides)?;
    Ok(Command::ApiDiff { old: old.string()?, new: new.string()?, format, raw })
}

fn semver_check(parser: &mut lexopt::Parser) -> Result<Command, Stop> {
    let mut sides = Vec::new();
    while let Some(arg) = parser.next()? {
        match arg {
            Value(v) if sides.len() < 2 => sides.push(v),
            other => return Err(reject(other)),
        }
    }
    let (old, new) = old_new(sides)?;
    Ok(Command::SemverCheck { old: old.into(), new: new.into() })
}

fn prism_spec(parser: &mut lexopt::Parser) -> Result<Command, Stop> {
    let (mut input, mut output) = (None, None);
    while let Some(arg) = parser.next()? {
        match arg {
            Value(v) if input.is_none() => input = Some(v.into()),
            Value(v) if output.is_none() => output = Some(v.into()),
            other => return Err(reject(other)),
        }
    }
    Ok(Command::PrismSpec { input, output })
}

fn properties(parser: &mut lexopt::Parser) -> Result<Command, Stop> {
    let (mut input, mut object, mut struct_name, mut only, mut decimal, mut output) =
        (None, None, None, Vec::new(), false, None);
    while let Some(arg) = parser.next()? {
        match arg {
            Long("object") => object = Some(text(parser)?),
            Long("struct") => struct_name = Some(text(parser)?),
            Long("only") => {
                only.extend(text(parser)?.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned))
            }
            Long("decimal") => decimal = true,
            Short('o') | Long("out") => output = Some(parser.value()?.into()),
            Value(v) if input.is_none() => input = Some(v.into()),
            other => return Err(reject(other)),
        }
    }
    let input = input.ok_or_else(|| Stop::Error("FILE (a saved Properties API answer) is required".to_owned()))?;
    Ok(Command::Properties { input, object, struct_name, only, decimal, output })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(line: &str) -> Result<Command, String> {
        parse(line.split_whitespace())
    }

    #[test]
    fn codegen_takes_check_and_nothing_else() {
        assert_eq!(parse_str("codegen"), Ok(Command::Codegen { check: false }));
        assert_eq!(parse_str("codegen --check"), Ok(Command::Codegen { check: true }));
        let error = parse_str("codegen --newest").unwrap_err();
        assert!(error.starts_with("`cargo xtask codegen`: invalid option '--newest'"), "{error}");
        assert!(error.contains("usage:\n  codegen "), "{error}");
        let error = parse_str("codegen specs").unwrap_err();
        assert!(error.starts_with("`cargo xtask codegen`: unexpected argument \"specs\""), "{error}");
        let error = parse_str("codegen --check=yes").unwrap_err();
        assert!(error.starts_with("`cargo xtask codegen`: "), "{error}");
    }

    #[test]
    fn corpus_takes_a_folder_and_its_options() {
        let parsed = parse_str("corpus DIR --newest --crate-lines 5");
        let expected =
            Command::Corpus { dir: Some("DIR".into()), newest: true, no_check: false, warnings: false, crate_lines: 5 };
        assert_eq!(parsed, Ok(expected));
        let parsed = parse_str("corpus --no-check --warnings --crate-lines=7");
        let expected = Command::Corpus { dir: None, newest: false, no_check: true, warnings: true, crate_lines: 7 };
        assert_eq!(parsed, Ok(expected));
        assert_eq!(
            parse_str("corpus"),
            Ok(Command::Corpus {
                dir: None,
                newest: false,
                no_check: false,
                warnings: false,
                crate_lines: crate::corpus::DEFAULT_CRATE_LINES
            })
        );
        let error = parse_str("corpus --crate-lines many").unwrap_err();
        assert!(error.starts_with("`cargo xtask corpus`: --crate-lines takes a number, not `many`"), "{error}");
        let error = parse_str("corpus --crate-lines").unwrap_err();
        assert!(error.starts_with("`cargo xtask corpus`: missing argument for option '--crate-lines'"), "{error}");
        let error = parse_str("corpus A B").unwrap_err();
        assert!(error.starts_with("`cargo xtask corpus`: unexpected argument \"B\""), "{error}");
        let error = parse_str("corpus --check").unwrap_err();
        assert!(error.starts_with("`cargo xtask corpus`: invalid option '--check'"), "{error}");
    }

    #[test]
    fn positional_arguments_are_counted_per_task() {
        assert_eq!(
            parse_str("api-diff HEAD~1 HEAD --format md --raw"),
            Ok(Command::ApiDiff { old: "HEAD~1".into(), new: "HEAD".into(), format: Format::Markdown, raw: true })
        );
        let error = parse_str("api-diff HEAD").unwrap_err();
        assert!(error.starts_with("`cargo xtask api-diff`: missing NEW"), "{error}");
        let error = parse_str("api-diff a b c").unwrap_err();
        assert!(error.starts_with("`cargo xtask api-diff`: unexpected argument \"c\""), "{error}");
        let error = parse_str("api-diff a b --format yaml").unwrap_err();
        assert!(error.contains("unknown format `yaml`"), "{error}");
        let error = parse_str("semver-check a b --raw").unwrap_err();
        assert!(error.starts_with("`cargo xtask semver-check`: invalid option '--raw'"), "{error}");
        assert_eq!(
            parse_str("ir spec.json /operations/0 --plain --overlay a.yaml --overlay b.yaml"),
            Ok(Command::Ir {
                spec: "spec.json".into(),
                pointer: Some("/operations/0".into()),
                plain: true,
                overlays: vec!["a.yaml".into(), "b.yaml".into()]
            })
        );
        assert!(parse_str("ir").unwrap_err().starts_with("`cargo xtask ir`: missing SPEC"));
        assert_eq!(
            parse_str("prism-spec in.json"),
            Ok(Command::PrismSpec { input: Some("in.json".into()), output: None })
        );
        assert!(parse_str("prism-spec a b c").is_err());
        assert_eq!(parse_str("sync-specs D --check"), Ok(Command::SyncSpecs { dirs: vec!["D".into()], check: true }));
        assert!(parse_str("features all").unwrap_err().starts_with("`cargo xtask features`: unexpected argument"));
    }

    #[test]
    fn help_and_missing_or_unknown_tasks() {
        assert_eq!(parse_str("--help"), Ok(Command::Help(None)));
        assert_eq!(parse_str("corpus -h"), Ok(Command::Help(Some("corpus"))));
        assert!(help(Some("corpus")).contains("--crate-lines N"));
        assert!(!help(Some("corpus")).contains("sync-specs"));
        assert!(parse_str("").unwrap_err().starts_with("no task given"));
        assert!(parse_str("generated").unwrap_err().starts_with("unknown task `generated`"));
        assert_eq!(parse_str("generate s.json"), Ok(Command::Generate { spec: "s.json".into() }));
        assert!(parse_str("generate").unwrap_err().contains("missing SPEC"));
        let error = parse_str("--check codegen").unwrap_err();
        assert!(error.starts_with("invalid option '--check' before the task"), "{error}");
    }

    /// The options a task's usage lists.
    fn listed_options(task: &Task) -> Vec<&'static str> {
        task.usage.split_whitespace().filter(|w| w.starts_with("--") && w.len() > 2).collect()
    }

    /// The required arguments in a task's first usage line (upper-case words not in brackets).
    fn required_arguments(task: &Task) -> Vec<&'static str> {
        let synopsis = task.usage.lines().next().unwrap_or_default();
        let words = synopsis.split_whitespace().skip(1);
        words
            .take_while(|w| w.starts_with('[') || w.chars().all(|c| c.is_ascii_uppercase()))
            .filter(|w| !w.starts_with('['))
            .collect()
    }

    /// The usage is the documentation: every option it lists under a task is
    /// accepted by that task and refused by every task that does not list it.
    #[test]
    fn each_task_accepts_exactly_the_options_its_usage_lists() {
        let value = |option: &str| match option {
            "--crate-lines" => Some("5"),
            "--format" => Some("json"),
            "--overlay" => Some("o.yaml"),
            "--runs" => Some("2"),
            "--object" => Some("contacts"),
            "--struct" => Some("Lead"),
            "--only" => Some("email,firstname"),
            "--out" => Some("lead.rs"),
            _ => None,
        };
        let every: Vec<&str> = TASKS.iter().flat_map(listed_options).collect();
        assert!(every.len() >= 10, "{every:?}");
        for task in TASKS {
            let required = required_arguments(task);
            let base: Vec<&str> = std::iter::once(task.name).chain(required.iter().copied()).collect();
            assert!(parse(base.clone()).is_ok(), "{base:?}: {:?}", parse(base.clone()));
            let own = listed_options(task);
            for option in &every {
                let mut args = base.clone();
                args.push(option);
                args.extend(value(option));
                let parsed = parse(args.clone());
                if own.contains(option) {
                    assert!(parsed.is_ok(), "{args:?}: {parsed:?}");
                } else {
                    let error = parsed.unwrap_err();
                    let expected = format!("`cargo xtask {}`: invalid option '{option}'", task.name);
                    assert!(error.starts_with(&expected), "{args:?}: {error}");
                }
            }
        }
    }
}
