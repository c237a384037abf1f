//! Contract tests against an independent OpenAPI validator. Prism serves a
//! spec as a mock server and checks every request it receives against that
//! spec, reporting violations in the `sl-violations` response header.
//!
//! Every contacts operation is called through the generated client, against
//! the spec the client is generated from: HubSpot's published contacts spec in
//! `specs/hubspot/` with the overlays the manifest lists, prepared for Prism
//! by `xtask::prism`, in four passes (see [`PASSES`]). Then, through calls
//! generated from the client's own model (`generated/contract_calls.rs`)
//! against Prism serving each API's spec: the operations that together have
//! every feature a call has (`cargo test`), and every operation of every API
//! (ignored here, run by `cargo xtask contract`, a CI step of its own).
//! A test fails on any
//! request violation, on any response the client cannot decode and on a
//! status other than the one asked for. Prism is installed by `npm ci --prefix
//! xtask/contract` (CI runs it; the test runs it when Prism is missing and
//! fails when it cannot), started once per spec on a free 127.0.0.1 port and
//! stopped when the test ends, pass or fail.

use std::collections::BTreeMap;
use std::fs::File;
use std::future::Future;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use hubspot_crm::contacts::types::*;
use hubspot_crm::{ApiResponse, Client, Error, RequestOptions, RetryPolicy};

const STARTUP_LIMIT: Duration = Duration::from_secs(90);

fn root() -> PathBuf {
    xtask::workspace_root()
}

/// How long `npm ci` may take before the test gives up on installing Prism.
const INSTALL_LIMIT: Duration = Duration::from_secs(600);

/// The pinned Prism, installed from `xtask/contract/package-lock.json` when
/// missing, once for all the tests of this binary (they run in parallel, and
/// `npm ci` empties `node_modules` first). A failed or overlong install fails
/// the test; it never skips.
fn prism_bin() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(install_prism).clone()
}

fn install_prism() -> PathBuf {
    let dir = root().join("xtask/contract");
    let bin = dir.join("node_modules/.bin/prism");
    if !bin.exists() {
        let mut npm = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(&dir)
            .stdin(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("Prism is not installed and `npm ci --prefix xtask/contract` could not run: {e}")
            });
        let started = Instant::now();
        let status = loop {
            if let Some(status) = npm.try_wait().expect("npm ci runs") {
                break status;
            }
            if started.elapsed() > INSTALL_LIMIT {
                let _ = npm.kill();
                let _ = npm.wait();
                panic!(
                    "Prism is not installed and `npm ci --prefix xtask/contract` did not finish within {INSTALL_LIMIT:?}"
                );
            }
            std::thread::sleep(Duration::from_millis(250));
        };
        assert!(status.success(), "Prism is not installed and `npm ci --prefix xtask/contract` failed: {status}");
    }
    assert!(bin.exists(), "{} is missing after npm ci", bin.display());
    bin
}

/// A running Prism; killed and reaped on drop, so it never outlives the test.
struct Prism {
    child: Child,
    url: String,
    log: PathBuf,
}

impl Prism {
    fn start(spec: &Path, name: &str) -> Prism {
        Prism::try_start(spec, name, STARTUP_LIMIT).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Start Prism, or say why it did not listen within `limit`.
    fn try_start(spec: &Path, name: &str, limit: Duration) -> Result<Prism, String> {
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let log = root().join(format!("target/contract/prism-{name}.log"));
        std::fs::create_dir_all(log.parent().unwrap()).expect("log dir");
        let out = File::create(&log).expect("log file");
        let child = Command::new(prism_bin())
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string(), "--seed", "42"])
            .arg(spec)
            .stdout(Stdio::from(out.try_clone().expect("log handle")))
            .stderr(Stdio::from(out))
            .stdin(Stdio::null())
            .spawn()
            .expect("Prism starts");
        let mut prism = Prism { child, url: format!("http://127.0.0.1:{port}"), log };
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = prism.child.try_wait() {
                return Err(format!("Prism exited ({status}) before listening:\n{}", prism.log_text()));
            }
            let listening = std::fs::read_to_string(&prism.log).is_ok_and(|l| l.contains("Prism is listening"));
            if listening && TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(prism);
            }
            if started.elapsed() >= limit {
                return Err(format!("Prism did not listen within {limit:?}:\n{}", prism.log_text()));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One pass over the operations: what to ask Prism for with `Prefer`.
struct Pass {
    name: &'static str,
    prefer: Option<&'static str>,
    /// Only the four batch operations, which have a 207 response.
    batches_only: bool,
    /// The status Prism must answer with; otherwise the pass tested nothing new.
    status: Option<u16>,
}

/// Static examples, HubSpot's partial-success 207, and schema-generated
/// (`dynamic`, seeded) bodies for both.
const PASSES: [Pass; 4] = [
    Pass { name: "examples", prefer: None, batches_only: false, status: None },
    Pass { name: "code=207", prefer: Some("code=207"), batches_only: true, status: Some(207) },
    Pass { name: "dynamic", prefer: Some("dynamic=true"), batches_only: false, status: None },
    Pass { name: "code=207 dynamic", prefer: Some("code=207, dynamic=true"), batches_only: true, status: Some(207) },
];
/// Calls per pass: 13 operations, `get_by_id` twice (by id and by `idProperty`).
const CALLS: usize = 14;
const BATCH_CALLS: usize = 4;

/// What Prism said about every call.
#[derive(Default)]
struct Findings {
    /// Request violations, undecodable responses, unexpected statuses: test failures.
    failures: Vec<String>,
    /// Prism's complaints about its own (spec-derived) response examples.
    response_violations: Vec<String>,
    calls: usize,
    /// The pass being run, and the status it must get.
    pass: &'static str,
    status: Option<u16>,
    /// Each call's decoded body (`Debug`), keyed by `pass/call`.
    bodies: BTreeMap<String, String>,
}

fn violations(headers: &reqwest::header::HeaderMap) -> Vec<(String, String)> {
    let Some(raw) = headers.get("sl-violations").and_then(|v| v.to_str().ok()) else { return Vec::new() };
    let list: Vec<serde_json::Value> = serde_json::from_str(raw).unwrap_or_default();
    list.iter()
        .map(|v| {
            let place: Vec<String> = v["location"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| p.as_str().map_or(p.to_string(), str::to_owned))
                .collect();
            (place.join("."), v["message"].as_str().unwrap_or_default().to_owned())
        })
        .collect()
}

impl Findings {
    fn record<T: std::fmt::Debug>(&mut self, call: &str, result: Result<ApiResponse<T>, Error>) {
        self.calls += 1;
        let call = format!("{}/{call}", self.pass);
        let headers = match &result {
            Ok(response) => response.headers.clone(),
            Err(e) => match e.api() {
                Some(api) => api.headers.clone(),
                None => {
                    self.failures.push(format!("{call}: {e}"));
                    return;
                }
            },
        };
        for (place, message) in violations(&headers) {
            if place.starts_with("request") {
                self.failures.push(format!("{call}: request violation at {place}: {message}"));
            } else {
                self.response_violations.push(format!("{call}: {place}: {message}"));
            }
        }
        match result {
            Ok(response) => {
                if let Some(expected) = self.status.filter(|s| *s != response.status) {
                    self.failures.push(format!("{call}: asked for {expected}, got {}", response.status));
                }
                self.bodies.insert(call, format!("{:?}", response.value));
            }
            Err(e) => {
                let api = e.api().expect("only API errors get here");
                let body = String::from_utf8_lossy(&api.body);
                self.failures.push(format!("{call}: {e}\n    headers: {:?}\n    body: {body}", api.headers));
            }
        }
    }
}

fn block_on<F: Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(f)
}

fn props(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

/// All 13 operations (or only the batch ones), each with `options`.
async fn call_every_operation(client: &Client, options: &RequestOptions, batches_only: bool, f: &mut Findings) {
    let c = client.contacts();
    let o = || options.clone();
    let contact = props(&[("email", "ada@example.com"), ("firstname", "Ada")]);
    let ids = || vec![SimplePublicObjectId::new("512"), SimplePublicObjectId::new("513")];

    let read = BatchReadInputSimplePublicObjectId::builder().inputs(ids()).properties(["email"]).build();
    f.record("batch_read", c.batch_read(&read).archived(false).options(o()).send_with_response().await);
    let create =
        BatchInputSimplePublicObjectBatchInputForCreate::new(vec![SimplePublicObjectBatchInputForCreate::new(
            Vec::<PublicAssociationsForObject>::new(),
            contact.clone(),
        )]);
    f.record("batch_create", c.batch_create(&create).options(o()).send_with_response().await);
    let update =
        BatchInputSimplePublicObjectBatchInput::new(vec![SimplePublicObjectBatchInput::new("512", contact.clone())]);
    f.record("batch_update", c.batch_update(&update).options(o()).send_with_response().await);
    let mut upsert_input = SimplePublicObjectBatchInputUpsert::new("ada@example.com", contact.clone());
    upsert_input.id_property = Some("email".into());
    let upsert = BatchInputSimplePublicObjectBatchInputUpsert::new(vec![upsert_input]);
    f.record("batch_upsert", c.batch_upsert(&upsert).options(o()).send_with_response().await);
    if batches_only {
        return;
    }
    f.record(
        "batch_archive",
        c.batch_archive(&BatchInputSimplePublicObjectId::new(ids())).options(o()).send_with_response().await,
    );
    f.record(
        "get_page",
        c.get_page()
            .limit(10)
            .after("NTI1Cg%3D%3D")
            .properties(["email", "firstname"])
            .properties_with_history(["lifecyclestage"])
            .associations(["companies"])
            .archived(false)
            .options(o())
            .send_with_response()
            .await,
    );
    let new_contact = SimplePublicObjectInputForCreate::new(Vec::<PublicAssociationsForObject>::new(), contact.clone());
    f.record("create", c.create(&new_contact).options(o()).send_with_response().await);
    f.record(
        "get_by_id",
        c.get_by_id("512")
            .properties(["email"])
            .associations(["deals"])
            .archived(false)
            .options(o())
            .send_with_response()
            .await,
    );
    f.record(
        "get_by_id (idProperty)",
        c.get_by_id("ada@example.com").id_property("email").options(o()).send_with_response().await,
    );
    f.record(
        "update",
        c.update("512", &SimplePublicObjectInput::new(contact.clone())).options(o()).send_with_response().await,
    );
    f.record("archive", c.archive("512").options(o()).send_with_response().await);
    f.record(
        "merge",
        c.merge(&PublicMergeInput::builder().object_id_to_merge("513").primary_object_id("512").build())
            .options(o())
            .send_with_response()
            .await,
    );
    let mut gdpr = PublicGdprDeleteInput::new("ada@example.com");
    gdpr.id_property = Some("email".into());
    f.record("gdpr_delete", c.gdpr_delete(&gdpr).options(o()).send_with_response().await);
    let mut filter = Filter::new(FilterOperator::Eq, "email");
    filter.value = Some("ada@example.com".into());
    let search = PublicObjectSearchRequest::builder()
        .after("0")
        .filter_groups([FilterGroup::new([filter])])
        .limit(10)
        .properties(["email"])
        .sorts(["createdate"])
        .build();
    f.record("search", c.search(&search).options(o()).send_with_response().await);
}

/// Start Prism on `spec`, run every pass and the liveness checks.
fn run_suite(spec: &Path, name: &str) -> Findings {
    let prism = Prism::start(spec, name);
    let client = prism_client(&prism);
    let mut findings = Findings::default();
    block_on(async {
        for pass in &PASSES {
            let options = pass.prefer.map_or_else(RequestOptions::new, |p| RequestOptions::new().header("Prefer", p));
            (findings.pass, findings.status) = (pass.name, pass.status);
            call_every_operation(&client, &options, pass.batches_only, &mut findings).await;
        }
    });
    let expected: usize = PASSES.iter().map(|p| if p.batches_only { BATCH_CALLS } else { CALLS }).sum();
    assert_eq!(findings.calls, expected, "every operation was called in every pass");
    // `Prefer: dynamic=true` really generated bodies rather than serving the examples again.
    let body = |key: &str| findings.bodies.get(key).cloned();
    if let (Some(fixed), Some(generated)) = (body("examples/get_by_id"), body("dynamic/get_by_id")) {
        assert_ne!(fixed, generated, "the dynamic pass got the static example");
    }
    assert_validator_is_live(&prism);
    findings
}

/// Malformed requests, sent raw, must come back flagged: the validator is
/// really checking bodies, query parameters and the `Authorization` header
/// (so the client's calls above did send the token, `Prefer` or not).
fn assert_validator_is_live(prism: &Prism) {
    let http = reqwest::Client::new();
    let contacts = format!("{}/crm/objects/2026-09/contacts", prism.url);
    let bearer = "Bearer contract-test-token";
    let cases = [
        (
            "a batch read without ids, properties not a list",
            http.post(format!("{contacts}/batch/read"))
                .header("authorization", bearer)
                .header("content-type", "application/json")
                .body(r#"{"inputs": [{"idx": 1}], "properties": "email"}"#),
            &[400, 422][..],
            "request.body",
        ),
        (
            "a listing with a non-integer limit",
            http.get(format!("{contacts}?limit=ten")).header("authorization", bearer),
            &[400, 422],
            "request.query",
        ),
        ("a read without a token", http.get(format!("{contacts}/512")), &[401], "request"),
    ];
    for (what, request, statuses, place) in cases {
        let response = block_on(request.send()).expect("Prism answers");
        let status = response.status().as_u16();
        let flagged = violations(response.headers());
        assert!(statuses.contains(&status), "{what} got {status}, expected one of {statuses:?}");
        assert!(flagged.iter().any(|(at, _)| at.starts_with(place)), "{what} was not flagged at {place}: {flagged:?}");
    }
}

fn report(name: &str, f: &Findings) {
    println!(
        "{name}: {} calls, {} failures, {} response-example violations",
        f.calls,
        f.failures.len(),
        f.response_violations.len()
    );
    for v in &f.response_violations {
        println!("  response example: {v}");
    }
}

/// Every synced spec as the client is generated from it.
fn synced_specs() -> Vec<generator::SpecInput> {
    let root = root();
    let manifest =
        xtask::sync::Manifest::read(&root).expect("reads the manifest").expect("specs/hubspot/manifest.json exists");
    manifest.spec_inputs(&root).expect("reads the synced specs")
}

/// `doc` (a spec with its overlays applied) with Prism's corrections,
/// written under `target/contract/`: the path and the corrections.
fn prepare_for_prism(module: &str, mut doc: serde_json::Value) -> (PathBuf, Vec<xtask::prism::Correction>) {
    let corrections = xtask::prism::prepare(&mut doc);
    let path = root().join(format!("target/contract/specs/{module}.prism.json"));
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("creates target/contract/specs");
    std::fs::write(&path, serde_json::to_string_pretty(&doc).expect("JSON")).expect("writes the prepared spec");
    (path, corrections)
}

/// `spec` as the client is generated from it: with its overlays applied.
fn overlaid(spec: &generator::SpecInput) -> serde_json::Value {
    generator::apply_overlays(spec).unwrap_or_else(|d| panic!("{}: {d}", spec.module)).0
}

/// A client for a Prism: no retries, no client-side rate limits; a token,
/// and a developer API key for the operations that take one instead. Prism
/// takes most of a minute to answer with Lists' filter schemas, so an
/// attempt may take five.
fn prism_client(prism: &Prism) -> Client {
    Client::builder("contract-test-token")
        .developer_api_key("contract-test-key")
        .timeout(Duration::from_secs(300))
        .no_deadline()
        .base_url(&prism.url)
        .retry(RetryPolicy::none())
        .no_rate_limit()
        .no_search_rate_limit()
        .build()
        .expect("client")
}

#[test]
fn every_operation_honours_the_spec_the_client_is_generated_from() {
    let contacts = synced_specs().into_iter().find(|s| s.module == "contacts").expect("contacts is synced");
    assert!(!contacts.overlays.is_empty(), "the contacts spec has overlays");
    let (prepared, corrections) = prepare_for_prism(&contacts.module, overlaid(&contacts));
    println!("{} Prism corrections", corrections.len());
    let findings = run_suite(&prepared, "contacts");
    report("specs/hubspot/contacts.json with its overlays (prepared)", &findings);
    assert!(findings.failures.is_empty(), "Prism found problems:\n{}", findings.failures.join("\n"));
}

/// The generated calls: every operation of every API (`cargo xtask codegen`
/// writes them from the same model as the client).
#[rustfmt::skip]
#[path = "generated/contract_calls.rs"]
mod contract_calls;

/// Runs the generated calls against one API's Prism: parameter and body
/// values derived from that API's spec ([`xtask::instance`]), decoded into the
/// client's types, and a `Prefer` header asking for each declared status.
struct Exerciser<'a> {
    values: xtask::instance::Values<'a>,
    findings: &'a mut Findings,
    /// Ask Prism for schema-generated responses instead of examples.
    dynamic: bool,
    /// The call under way: operation, method, path template, status.
    current: (&'static str, &'static str, &'static str, Option<u16>),
    /// Every operation begun (`module.method`).
    begun: &'a mut std::collections::BTreeSet<String>,
    /// Call only these operations (`module.method`).
    only: Option<&'a std::collections::BTreeSet<String>>,
}

impl Exerciser<'_> {
    fn fail(&mut self, what: String) {
        let call = format!(
            "{}/{} {}",
            self.findings.pass,
            self.current.0,
            self.current.3.map_or(String::new(), |s| s.to_string())
        );
        self.findings.failures.push(format!("{call}: {what}"));
    }

    fn decode<T: serde::de::DeserializeOwned>(&mut self, what: &str, schema: Option<&serde_json::Value>) -> Option<T> {
        let Some(schema) = schema else {
            self.fail(format!("the spec has no schema for {what}"));
            return None;
        };
        let value = self.values.instance(schema);
        match serde_json::from_value(value.clone()) {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(format!(
                    "the client's type for {what} does not take `{value}`, a value its schema accepts: {e}"
                ));
                None
            }
        }
    }
}

impl contract_calls::Exercise for Exerciser<'_> {
    fn begin(
        &mut self,
        operation: &'static str,
        method: &'static str,
        path: &'static str,
        status: Option<u16>,
    ) -> bool {
        self.current = (operation, method, path, status);
        if self.only.is_some_and(|only| !only.contains(operation)) {
            return false;
        }
        self.begun.insert(operation.to_owned());
        true
    }

    fn param<T: serde::de::DeserializeOwned>(&mut self, location: &'static str, name: &'static str) -> Option<T> {
        let (_, method, path, _) = self.current;
        let schema = self.values.param_schema(method, path, location, name);
        self.decode(&format!("the {location} parameter `{name}`"), schema)
    }

    fn body<T: serde::de::DeserializeOwned>(&mut self) -> Option<T> {
        let (_, method, path, _) = self.current;
        let schema = self.values.body_schema(method, path).map(|(_, s)| s);
        self.decode("the request body", schema)
    }

    fn options(&mut self) -> RequestOptions {
        let mut prefer: Vec<String> = self.current.3.map(|s| format!("code={s}")).into_iter().collect();
        if self.dynamic {
            prefer.push("dynamic=true".to_owned());
        }
        if prefer.is_empty() {
            RequestOptions::new()
        } else {
            RequestOptions::new().header("Prefer", prefer.join(", "))
        }
    }

    fn record<T: std::fmt::Debug>(&mut self, result: Result<ApiResponse<T>, Error>) {
        self.findings.status = self.current.3;
        let call = format!("{} {}", self.current.0, self.current.3.map_or(String::new(), |s| s.to_string()));
        self.findings.record(&call, result);
    }
}

/// How long one API's Prism may take to start. Lists, the slowest, takes
/// about a minute here: its filter schemas are unions of some 30 filter types.
const PER_API_STARTUP: Duration = Duration::from_secs(240);

/// The operations the generator makes of a spec (`module.method`).
fn operations_of(spec: &generator::SpecInput) -> Vec<String> {
    let (api, _, _) =
        generator::lower_spec(spec, &generator::Config::default()).unwrap_or_else(|d| panic!("{}: {d}", spec.module));
    api.operations.iter().map(|op| format!("{}.{}", api.module, op.rust_name)).collect()
}

/// What a call exercises, without names: its method; each parameter's place,
/// encoding, kind of type and whether it is required; the body's media type,
/// kind and whether it is required; each success status and body kind; the
/// conventions (response enum, paging, batching, credentials, retry safety,
/// rate bucket); and the exchange as a whole (method, body, successes and
/// conventions together). Each is a code path of the generated request
/// builder, the runtime's encoders or its decoding.
fn features(op: &generator::ir::Operation) -> Vec<String> {
    use generator::ir::{OutcomeBody, TypeRef};
    fn kind(t: &TypeRef) -> String {
        match t {
            TypeRef::Named(_) => "named".into(),
            TypeRef::Prim(p) => format!("{p:?}"),
            TypeRef::List(t) => format!("list<{}>", kind(t)),
            TypeRef::Map(t) => format!("map<{}>", kind(t)),
            TypeRef::Nullable(t) => format!("null<{}>", kind(t)),
            TypeRef::Boxed(t) => kind(t),
            TypeRef::Any => "any".into(),
        }
    }
    let mut out = vec![
        format!("method {:?}", op.method),
        format!(
            "conventions enum={} paged={} batch={} {:?} {:?} {:?}",
            op.response_enum.is_some(),
            op.pagination.is_some(),
            op.batch.is_some(),
            op.accepts,
            op.retry_safety,
            op.rate_bucket
        ),
    ];
    for p in &op.params {
        out.push(format!("param {:?} {:?} {} required={}", p.location, p.encoding, kind(&p.ty), p.required));
    }
    if let Some(b) = &op.body {
        out.push(format!("body {} {:?} required={}", b.media_type, b.ty().map(kind), b.required));
    }
    let success: Vec<String> = op
        .success
        .iter()
        .map(|o| match &o.body {
            OutcomeBody::Json(t) => format!("{:?} json {}", o.status, kind(t)),
            other => format!("{:?} {other:?}", o.status),
        })
        .collect();
    // The whole exchange without its parameters: method, body and answers together.
    let body = op.body.as_ref().map(|b| (b.media_type.as_str(), b.ty().map(kind)));
    out.push(format!("exchange {:?} {body:?} {success:?} {}", op.method, out[1]));
    out.extend(success.into_iter().map(|s| format!("success {s}")));
    out
}

/// Operations (`module.method`) that together exercise every feature (see
/// [`features`]) any operation of the client has: specs are taken smallest
/// first (Prism starts and answers sooner on small specs), and an operation
/// is taken when it has a feature none taken before has. Also the APIs they
/// belong to, and the number of features.
type Selection<'a> = (Vec<&'a generator::SpecInput>, std::collections::BTreeSet<String>, usize);

fn operations_covering_every_feature(specs: &[generator::SpecInput]) -> Selection<'_> {
    let mut by_size: Vec<&generator::SpecInput> = specs.iter().collect();
    by_size.sort_by_key(|s| (s.text.len(), s.module.clone()));
    let mut covered = std::collections::BTreeSet::new();
    let mut chosen = std::collections::BTreeSet::new();
    let mut apis = Vec::new();
    for spec in by_size {
        let (api, _, _) = generator::lower_spec(spec, &generator::Config::default())
            .unwrap_or_else(|d| panic!("{}: {d}", spec.module));
        let mut used = false;
        for op in &api.operations {
            let mut new = false;
            for feature in features(op) {
                new |= covered.insert(feature);
            }
            if new {
                chosen.insert(format!("{}.{}", api.module, op.rust_name));
                used = true;
            }
        }
        if used {
            apis.push(spec);
        }
    }
    (apis, chosen, covered.len())
}

/// Every feature of every call (see [`features`]) through the client against
/// Prism, as the full sweep below does it, on the operations that together
/// have them all: the part of the sweep `cargo test` runs. CI runs the full
/// sweep too (`cargo xtask contract`).
#[test]
fn every_call_feature_honours_its_spec() {
    let specs = synced_specs();
    let (apis, operations, features) = operations_covering_every_feature(&specs);
    let total: usize = specs.iter().map(|s| operations_of(s).len()).sum();
    println!("{features} call features, in {} of {total} operations of {} APIs", operations.len(), apis.len());
    assert!(operations.len() * 2 < total, "most operations would be needed: {}", operations.len());
    sweep(apis, Some(&operations));
}

/// Every operation of every API, through the client, against Prism serving
/// that API's spec as the client is generated from it (the published
/// document with its overlays): once per declared success status, asked for
/// with `Prefer: code=…`, with example responses and then with
/// schema-generated ones. A request violation, a status other than the one
/// asked for, or a response the client cannot decode fails the test.
///
/// About ten minutes here: `cargo xtask contract` runs it (CI does);
/// `cargo test` runs [`every_call_feature_honours_its_spec`].
#[test]
#[ignore = "the full sweep (~10 min): run by `cargo xtask contract`, a CI step of its own"]
fn every_operation_of_every_api_honours_its_spec() {
    let specs = synced_specs();
    assert_eq!(specs.len(), contract_calls::APIS.len(), "the generated calls cover every synced API");
    sweep(specs.iter().collect(), None);
}

/// Exercise every operation of these APIs, two at a time; fail on any problem
/// or on an operation of theirs never called.
fn sweep(mut specs: Vec<&generator::SpecInput>, only: Option<&std::collections::BTreeSet<String>>) {
    // Largest first, on two workers (one Prism each): Lists, whose filter
    // schemas make Prism take most of a minute per call that holds them,
    // runs beside the others instead of after them.
    specs.sort_by_key(|s| std::cmp::Reverse(s.text.len()));
    let queue = std::sync::Mutex::new(specs.clone().into_iter());
    let worker = || {
        let mut findings = Findings::default();
        let mut begun = std::collections::BTreeSet::new();
        let mut expected = std::collections::BTreeSet::new();
        loop {
            // Take the next spec and release the lock before serving it.
            let next = queue.lock().expect("the queue").next();
            let Some(spec) = next else { break };
            exercise_api(spec, &mut findings, &mut begun, only);
            expected.extend(operations_of(spec).into_iter().filter(|op| only.is_none_or(|only| only.contains(op))));
        }
        (findings, begun, expected)
    };
    let results: Vec<_> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..2).map(|_| scope.spawn(worker)).collect();
        workers.into_iter().map(|w| w.join().expect("a worker finished")).collect()
    });
    let mut findings = Findings::default();
    let (mut begun, mut expected) = (std::collections::BTreeSet::new(), std::collections::BTreeSet::new());
    for (f, b, e) in results {
        findings.calls += f.calls;
        findings.failures.extend(f.failures);
        findings.response_violations.extend(f.response_violations);
        begun.extend(b);
        expected.extend(e);
    }
    report("every operation of every API", &findings);
    let missed: Vec<&String> = expected.difference(&begun).collect();
    assert!(missed.is_empty(), "operations the generated calls never made: {missed:?}");
    println!("{} operations in {} APIs, {} calls", begun.len(), specs.len(), findings.calls);
    assert!(findings.failures.is_empty(), "{} problems:\n{}", findings.failures.len(), findings.failures.join("\n"));
}

/// Serve one API's spec with Prism and make every call of its generated
/// calls, with example responses and with schema-generated ones.
fn exercise_api(
    spec: &generator::SpecInput,
    findings: &mut Findings,
    begun: &mut std::collections::BTreeSet<String>,
    only: Option<&std::collections::BTreeSet<String>>,
) {
    let module = spec.module.as_str();
    // Values come from the spec as the client is generated from it, not Prism's copy.
    let doc = overlaid(spec);
    let (path, corrections) = prepare_for_prism(module, doc.clone());
    let started = Instant::now();
    let prism = Prism::try_start(&path, &format!("all-{module}"), PER_API_STARTUP)
        .unwrap_or_else(|why| panic!("Prism cannot serve {module}: {why}"));
    println!("{module}: Prism started in {:.1} s, {} corrections", started.elapsed().as_secs_f64(), corrections.len());
    let client = prism_client(&prism);
    for (pass, dynamic) in [("examples", false), ("dynamic", true)] {
        findings.pass = pass;
        let mut x = Exerciser {
            values: xtask::instance::Values::new(&doc),
            findings,
            dynamic,
            current: ("", "", "", None),
            begun,
            only,
        };
        block_on(contract_calls::exercise(module, &client, &mut x));
    }
    println!("{module}: done in {:.1} s", started.elapsed().as_secs_f64());
}
