//! The declaration `cargo xtask properties` writes for a Properties API
//! answer (`fixtures/contacts.properties.json`: built-in and custom
//! properties, every type and field type, odd option values) compiles here
//! and decodes a record. `cargo xtask codegen` keeps it in step with the
//! generator.

use hubspot_crm::contacts::types::SimplePublicObject;
use hubspot_crm::jiff::civil::Date;
use hubspot_crm::typed::{Properties, PropertyType};
use serde_json::{Value, json};

include!("fixtures/contact_properties.rs");

/// The names in the fixture, archived ones left out.
fn fixture_names() -> Vec<String> {
    let fixture: Value = serde_json::from_str(include_str!("fixtures/contacts.properties.json")).unwrap();
    let mut names: Vec<String> = fixture["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["archived"] != json!(true))
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn the_struct_asks_for_every_property_by_its_hubspot_name() {
    let mut declared: Vec<String> = Contact::PROPERTIES.iter().map(str::to_owned).collect();
    declared.sort();
    assert_eq!(declared, fixture_names());
    assert!(Contact::PROPERTIES.contains(&"type") && Contact::PROPERTIES.contains(&"contactScore"));
}

#[test]
fn a_record_decodes_into_the_generated_struct() {
    let record: SimplePublicObject = serde_json::from_value(json!({
        "id": "51",
        "archived": false,
        "createdAt": "2024-03-04T09:15:00Z",
        "updatedAt": "2024-05-20T14:02:11.25Z",
        "properties": {
            "email": "ada@example.com",
            "firstname": null,
            "hs_object_id": "51",
            "numemployees": "1000+",
            "createdate": "2024-03-04T09:15:00.000Z",
            "date_of_birth": "1815-12-10",
            "hs_email_optout": "false",
            "hs_is_contact": "true",
            "hs_lead_status": "IN_PROGRESS",
            "lifecyclestage": "1234567",
            "hs_buying_role": "CHAMPION;END_USER",
            "hubspot_owner_id": "8812",
            "favourite_colour": "3rd choice",
            "type": "reseller",
            "option": "brand-new option",
            "contactScore": "12.5",
            "contact_score": "",
            "interests": "rust;c++;c#",
            "is_vip": "true",
            "renewal_date": "2027-01-01",
            "home_location": "51.5,-0.12"
        }
    }))
    .unwrap();
    let contact = record.decode::<Contact>().unwrap();
    assert_eq!(contact.id, "51");
    let c = contact.properties;
    assert_eq!(c.email.as_deref(), Some("ada@example.com"));
    assert_eq!(c.firstname, None);
    assert_eq!(c.hs_object_id, Some(51.0));
    assert_eq!(c.numemployees, Some(Numemployees::V1000Plus));
    assert_eq!(c.date_of_birth, Some(Date::constant(1815, 12, 10)));
    assert_eq!(c.hs_email_optout, Some(false));
    assert_eq!(c.hs_is_contact, Some(true));
    assert_eq!(c.hs_lead_status, Some(HsLeadStatus::InProgress));
    assert_eq!(c.lifecyclestage, Some(Lifecyclestage::V1234567));
    assert_eq!(c.hs_buying_role, Some(vec![HsBuyingRole::Champion, HsBuyingRole::EndUser]));
    assert_eq!(c.hubspot_owner_id.as_deref(), Some("8812"));
    assert_eq!(c.favourite_colour, Some(FavouriteColour::V3rdChoice));
    assert_eq!(c.r#type, Some(Type::Reseller));
    assert_eq!(c.option.as_ref().map(OptionProperty::as_str), Some("brand-new option"));
    assert_eq!(c.contact_score2, Some(12.5));
    assert_eq!(c.contact_score, None);
    assert_eq!(c.interests, Some(vec![Interests::Rust, Interests::CPlusPlus, Interests::CNumber]));
    assert_eq!(c.home_location.as_deref(), Some("51.5,-0.12"));

    // Every option value of the fixture reads back as a named variant.
    assert_eq!(FavouriteColour::parse("Light Blue"), Some(FavouriteColour::LightBlue));
    assert_eq!(FavouriteColour::parse("light_blue"), Some(FavouriteColour::LightBlue2));
    assert_eq!(FavouriteColour::parse("type"), Some(FavouriteColour::Type));
    assert_eq!(FavouriteColour::parse("Self"), Some(FavouriteColour::Self_));
    assert_eq!(FavouriteColour::parse("unknown"), Some(FavouriteColour::Unknown2));
    assert!(matches!(FavouriteColour::parse("UNKNOWN"), Some(FavouriteColour::Unknown(_))));

    // And the struct writes back what it read.
    let written = c.to_properties();
    assert_eq!(written["interests"], "rust;c++;c#");
    assert_eq!(written["type"], "reseller");
    assert_eq!(written["option"], "brand-new option");
    assert_eq!(Contact::from_properties(&written).unwrap(), c);
}
