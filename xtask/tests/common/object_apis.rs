//! The object APIs with a batch read, and the object type each one binds,
//! for the tests that call every one of them through the client.
//! `object_apis.rs` checks this list against the manifest.

/// Invoke `$then! { module => "object type", … }` with every object API.
macro_rules! for_each_object_api {
    ($then:ident) => {
        $then! {
            calls => "calls",
            carts => "carts",
            commerce_payments => "commerce_payments",
            commerce_subscriptions => "subscriptions",
            communications => "communications",
            companies => "companies",
            contacts => "contacts",
            contracts => "contracts",
            courses => "0-410",
            deals => "0-3",
            discounts => "discounts",
            emails => "emails",
            feedback_submissions => "feedback_submissions",
            fees => "fees",
            goal_targets => "goal_targets",
            invoices => "invoices",
            leads => "leads",
            line_items => "line_items",
            listings => "0-420",
            meetings => "meetings",
            notes => "notes",
            orders => "orders",
            partner_services => "partner_services",
            postal_mail => "postal_mail",
            products => "products",
            quotes => "quotes",
            services => "0-162",
            tasks => "tasks",
            taxes => "taxes",
            tickets => "tickets",
            users => "users",
        }
    };
}
