//! A small program written from the README's patterns only: run it against a
//! HubSpot stand-in with `HUBSPOT_BASE_URL=http://localhost:4010 HUBSPOT_TOKEN=…
//! cargo run -p hubspot-crm --example first_try`. CI compiles it.

use std::time::Duration;

use hubspot_crm::contacts::types::{
    BatchReadInputSimplePublicObjectId, PublicObjectSearchRequest, SimplePublicObjectId,
};
use hubspot_crm::{Client, Error, RateLimit, RequestOptions, StreamExt};

fn main() -> Result<(), Error> {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime").block_on(run())
}

async fn run() -> Result<(), Error> {
    let client = Client::builder(std::env::var("HUBSPOT_TOKEN").unwrap_or_default())
        .base_url(std::env::var("HUBSPOT_BASE_URL").unwrap_or_else(|_| hubspot_crm::DEFAULT_BASE_URL.into()))
        .rate_limit(RateLimit::per_ten_seconds(100))
        .timeout(Duration::from_secs(10))
        .deadline(Duration::from_secs(30))
        .build()?;

    // Builders for inputs with several required fields; ids from text or numbers.
    let input = BatchReadInputSimplePublicObjectId::builder()
        .inputs([SimplePublicObjectId::from("430001"), 430002_u64.into()])
        .properties(["email", "createdate"])
        .build();

    // 200 or 207, one path.
    let batch = client.contacts().batch_read(&input).send().await?;
    for contact in batch.results() {
        let created = contact.property_as::<hubspot_crm::jiff::Timestamp>("createdate");
        println!("{} {:?} created {:?}", contact.id, contact.property("email"), created);
    }
    for e in batch.errors() {
        println!("HTTP {}: {}", batch.status(), e.message);
    }

    // Any number of inputs, chunked, with `?`.
    let many = BatchReadInputSimplePublicObjectId::builder().inputs(0..250_u64).properties(["email"]).build();
    let read = client.contacts().batch_read(&many).send_all().await.into_result()?;
    println!("{} read in chunks", read.len());

    // Streams without `futures`; pages with resumable cursors.
    let first = client.contacts().get_page().limit(100).into_stream().take(5).try_collect().await?;
    println!("first {}", first.len());
    let mut pages = client.contacts().get_page().limit(100).into_stream().into_pages();
    while let Some(page) = pages.next().await {
        let page = page?;
        println!("{} contacts, resume at {:?}", page.items.len(), page.next);
    }
    let query = PublicObjectSearchRequest::builder().after("").limit(100).properties(["email"]).build();
    let found = client.contacts().search(&query).into_stream().try_collect().await?;
    println!("{} found", found.len());

    // Errors that say what happened.
    let quick = RequestOptions::new().timeout(Duration::from_secs(2)).deadline(Duration::from_secs(5));
    match client.contacts().get_by_id("512").options(quick).send().await {
        Ok(c) => println!("{}", c.id),
        Err(Error::NotFound(_)) => println!("no such contact"),
        Err(Error::Timeout(t)) => println!("{t} ({:?})", t.which),
        Err(e) => println!("failed: {e}"),
    }
    Ok(())
}
