//! Integration tests of tagledger-core against real SQLite databases (temp files or
//! in-memory), one binary with a module per area.

mod assets;
mod audits;
mod backup;
mod classification;
mod costs;
mod counting;
mod dashboard;
mod demo;
mod depreciation;
mod event_log;
mod forecast;
mod goals;
mod hiring;
mod import;
mod licences;
mod lifecycle;
mod migrations;
mod policy;
mod printing;
mod purchasing;
mod register;
mod reorder;
mod replan;
mod scorecard;
mod status_labels;
mod stock;
mod store;

use tagledger_core::assets::AssetInput;
use tagledger_core::reference::{self, FieldDefinition, FieldType};
use tagledger_core::{store as db, Change, Connection};

pub fn change() -> Change {
    Change { actor: "tester".into(), at: chrono::DateTime::parse_from_rfc3339("2026-01-02T03:04:05Z").unwrap().into() }
}

/// Reference data most tests need; ids are returned by name.
pub struct Fixture {
    pub conn: Connection,
    pub ids: Ids,
}

#[derive(Clone, Copy)]
pub struct Ids {
    pub laptops: i64,
    pub monitors: i64,
    pub site: i64,
    pub room: i64,
    pub other_room: i64,
    pub model: i64,
    pub person: i64,
}

pub fn fixture() -> Fixture {
    let mut conn = db::open_in_memory().unwrap();
    let c = change();
    let ids = tagledger_core::write(&mut conn, |tx| {
        let laptops = reference::create_category(
            tx,
            &c,
            "Laptops",
            &[
                FieldDefinition {
                    name: "RAM (GB)".into(),
                    field_type: FieldType::Number,
                    required: true,
                    choices: vec![],
                },
                FieldDefinition {
                    name: "OS".into(),
                    field_type: FieldType::Choice,
                    required: false,
                    choices: vec!["Windows 11".into(), "macOS".into()],
                },
            ],
        )?;
        let monitors = reference::create_category(tx, &c, "Monitors", &[])?;
        let site = reference::create_location(tx, &c, None, "London HQ")?;
        let building = reference::create_location(tx, &c, Some(site), "North Tower")?;
        let room = reference::create_location(tx, &c, Some(building), "IT Store")?;
        let other_site = reference::create_location(tx, &c, None, "Kraków Office")?;
        let other_building = reference::create_location(tx, &c, Some(other_site), "Main Building")?;
        let other_room = reference::create_location(tx, &c, Some(other_building), "Open Plan")?;
        let model = reference::create_model(tx, &c, "Latitude 5440", None, Some(laptops), None)?;
        let person = reference::create_person(
            tx,
            &c,
            &reference::Person {
                id: 0,
                name: "Zoë Müller".into(),
                email: Some("zoe@example.org".into()),
                department: Some("Finance".into()),
                employee_number: Some("E1".into()),
            },
        )?;
        Ok((laptops, monitors, site, room, other_room, model, person))
    })
    .unwrap();
    let (laptops, monitors, site, room, other_room, model, person) = ids;
    Fixture { conn, ids: Ids { laptops, monitors, site, room, other_room, model, person } }
}

pub fn laptop(f: &Ids, name: &str) -> AssetInput {
    AssetInput {
        name: name.into(),
        category_id: Some(f.laptops),
        model_id: Some(f.model),
        location_id: Some(f.room),
        custom_fields: [("RAM (GB)".to_string(), "16".to_string())].into(),
        ..Default::default()
    }
}
