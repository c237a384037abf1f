//! The `oauth` and `webhooks` modules hold a generated API and the crate's
//! hand-written helpers side by side (the generator's companions). A
//! generated item named like a helper would hide it silently, so every
//! helper is named here through its module and used as what it is.

use std::time::Duration;

use hubspot_crm::oauth::{
    AUTHORIZE_URL, AuthorizeUrl, DEFAULT_REFRESH_MARGIN, OAuthApp, RefreshingToken, TOKEN_PATH, Tokens,
};
use hubspot_crm::webhooks::{DEFAULT_TOLERANCE, Event, Events, Rejection, SignatureVersion, Verifier, WebhookRequest};

#[test]
fn the_oauth_module_has_the_generated_api_and_the_helpers() {
    let app = OAuthApp::new("client-id", "client-secret", "https://example.com/callback");
    let url: AuthorizeUrl = app.authorize_url().scopes(["crm.objects.contacts.read"]).state("s");
    let url: String = url.build();
    assert!(url.starts_with(AUTHORIZE_URL), "{url}");
    assert!(url.contains("client_id=client-id"), "{url}");
    assert_eq!(TOKEN_PATH, "/oauth/v1/token");
    assert_eq!(DEFAULT_REFRESH_MARGIN, Duration::from_secs(60));
    let tokens = Tokens::new("access", "refresh", hubspot_crm::jiff::Timestamp::UNIX_EPOCH);
    let credential: RefreshingToken = app.refreshing(tokens);
    assert!(!format!("{credential:?}").contains("refresh\""), "no secret in Debug");

    // The generated OAuth API is reached from the client and lives in the same module.
    let client = hubspot_crm::Client::new("token");
    let _api: hubspot_crm::oauth::Oauth = client.oauth();
}

#[test]
fn the_webhooks_module_has_the_generated_api_and_the_helpers() {
    let verifier = Verifier::new("secret").tolerance(DEFAULT_TOLERANCE);
    let request = WebhookRequest::new("POST", "https://example.com/hook", b"[]");
    let outcome: Result<SignatureVersion, Rejection> = verifier.verify(&request);
    assert!(matches!(outcome, Err(Rejection::Unsigned)), "{outcome:?}");
    let events: Vec<Event> =
        Events::from_slice(br#"[{"eventId":1,"subscriptionType":"contact.creation","objectId":7}]"#)
            .expect("a batch of events");
    assert_eq!(events.len(), 1);

    let client = hubspot_crm::Client::new("token");
    let _api: hubspot_crm::webhooks::Webhooks = client.webhooks();
}
