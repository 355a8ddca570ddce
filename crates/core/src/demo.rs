//! A deterministic generator of realistic demo data: the same seed always gives the same
//! database. Used by `tagledger demo`, `cargo xtask run` and the benchmark.

use chrono::{Days, NaiveDate};
use rusqlite::Transaction;

use crate::assets::{self, AssetStatus, ValidAsset};
use crate::reference::{self, CategoryKind, FieldDefinition, FieldType, Person};
use crate::settings::{self, Settings};
use crate::validate::format_money;
use crate::{events, Change, Result};

/// splitmix64: tiny, fast and stable across versions, unlike library RNGs whose
/// streams may change and break determinism.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const FIRST: &[&str] = &[
    "Zoë", "Łukasz", "José", "Amelia", "Noah", "Aisha", "Mateo", "Freya", "Kenji", "Priya", "Oskar", "Chloé", "Tomás",
    "Ingrid", "Yusuf", "Hannah", "Rafael", "Mei", "Olivia", "Arjun", "Sofia", "Liam", "Elif", "Jonas", "Fatima",
    "Henrik", "Camille", "Diego", "Anouk", "Samuel",
];
const LAST: &[&str] = &[
    "Müller",
    "Żółć",
    "Núñez",
    "Smith",
    "Okafor",
    "Hansen",
    "García",
    "Nakamura",
    "Patel",
    "Dubois",
    "Kowalski",
    "Rossi",
    "Johansson",
    "O'Brien",
    "Yılmaz",
    "de Vries",
    "Novak",
    "Chen",
    "Fischer",
    "Silva",
];
const DEPARTMENTS: &[&str] =
    &["Finance", "Engineering", "Sales", "Marketing", "HR", "Operations", "Support", "Legal", "IT", "Facilities"];
const SUPPLIERS: &[&str] = &[
    "Insight Direct",
    "CDW",
    "Bechtle",
    "Computacenter",
    "SHI International",
    "Dustin",
    "Softcat",
    "Atea",
    "Misco",
    "Cancom",
];

/// (category, custom fields, [(manufacturer, model, typical cost in minor units)])
type CategorySpec = (&'static str, &'static [(&'static str, FieldType)], &'static [(&'static str, &'static str, i64)]);

const CATALOGUE: &[CategorySpec] = &[
    (
        "Laptops",
        &[("RAM (GB)", FieldType::Number), ("Operating system", FieldType::Choice)],
        &[
            ("Dell", "Latitude 5440", 119_900),
            ("Dell", "Latitude 7440", 159_900),
            ("Lenovo", "ThinkPad T14 Gen 4", 139_900),
            ("Lenovo", "ThinkPad X1 Carbon Gen 11", 209_900),
            ("HP", "EliteBook 840 G10", 149_900),
            ("Apple", "MacBook Air 13 M2", 129_900),
            ("Apple", "MacBook Pro 14 M3", 229_900),
        ],
    ),
    (
        "Desktops",
        &[("RAM (GB)", FieldType::Number)],
        &[
            ("Dell", "OptiPlex 7010", 89_900),
            ("HP", "EliteDesk 800 G9", 94_900),
            ("Lenovo", "ThinkCentre M90q", 87_900),
        ],
    ),
    (
        "Monitors",
        &[("Size (in)", FieldType::Number)],
        &[("Dell", "P2423D", 27_900), ("Dell", "U2723QE", 58_900), ("LG", "27UP850", 44_900), ("HP", "E24 G5", 21_900)],
    ),
    (
        "Docking stations",
        &[],
        &[("Dell", "WD19S", 21_900), ("Lenovo", "ThinkPad Universal USB-C Dock", 24_900), ("CalDigit", "TS4", 39_900)],
    ),
    (
        "Phones",
        &[("IMEI", FieldType::Text)],
        &[("Apple", "iPhone 15", 89_900), ("Samsung", "Galaxy S23", 79_900), ("Google", "Pixel 8", 69_900)],
    ),
    ("Tablets", &[], &[("Apple", "iPad Air 5", 69_900), ("Samsung", "Galaxy Tab S9", 79_900)]),
    (
        "Servers",
        &[("Rack units", FieldType::Number)],
        &[("Dell", "PowerEdge R750", 1_249_900), ("HPE", "ProLiant DL380 Gen11", 1_399_900)],
    ),
    (
        "Switches",
        &[("Ports", FieldType::Number)],
        &[
            ("Cisco", "Catalyst 9200-48P", 549_900),
            ("HPE", "Aruba 6100 24G", 189_900),
            ("Ubiquiti", "USW-Pro-48-PoE", 109_900),
        ],
    ),
    ("Routers", &[], &[("Cisco", "ISR 1111", 129_900), ("Juniper", "SRX300", 99_900)]),
    ("Firewalls", &[], &[("Fortinet", "FortiGate 60F", 89_900), ("Palo Alto Networks", "PA-440", 159_900)]),
    (
        "Printers",
        &[],
        &[("HP", "LaserJet Pro M404dn", 34_900), ("Brother", "HL-L6400DW", 42_900), ("Zebra", "ZD421", 49_900)],
    ),
    (
        "Access points",
        &[],
        &[("Ubiquiti", "U6-Pro", 15_900), ("Cisco", "Meraki MR46", 89_900), ("HPE", "Aruba AP-515", 64_900)],
    ),
    ("Headsets", &[], &[("Jabra", "Evolve2 65", 19_900), ("Poly", "Voyager Focus 2", 22_900)]),
    ("Projectors", &[], &[("Epson", "EB-L210W", 119_900)]),
    ("UPS", &[], &[("APC", "Smart-UPS 1500", 69_900), ("Eaton", "5P 1550", 64_900)]),
];

/// (site, [(building, [room])])
type SiteSpec = (&'static str, &'static [(&'static str, &'static [&'static str])]);

const SITES: &[SiteSpec] = &[
    (
        "London HQ",
        &[
            ("North Tower", &["Floor 2 Open Plan", "Floor 3 Open Plan", "Server Room", "IT Store"]),
            ("South Wing", &["Reception", "Meeting Room 1", "Training Room"]),
        ],
    ),
    ("Kraków Office", &[("Main Building", &["Open Plan", "Comms Room", "IT Cupboard", "Board Room"])]),
    ("Madrid Office", &[("Torre Norte", &["Planta 4", "Sala de Servidores", "Almacén IT"])]),
    ("Data Centre", &[("Hall A", &["Row 1", "Row 2", "Cage 7"])]),
];

/// How many of each thing to make.
#[derive(Debug, Clone)]
pub struct DemoSize {
    pub assets: u64,
    pub people: u64,
    /// Consumables and spares (at most about 150 kinds), with their history.
    pub stock_items: u64,
    pub stock_months: u32,
}

impl Default for DemoSize {
    fn default() -> Self {
        DemoSize { assets: 5_000, people: 300, stock_items: 150, stock_months: 24 }
    }
}

/// Fills an empty database with demo data. Progress is reported every 10,000 assets.
pub fn generate(
    tx: &Transaction,
    change: &Change,
    seed: u64,
    size: &DemoSize,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<()> {
    let mut rng = Rng::new(seed);
    settings::save(tx, change, &Settings { organisation_name: "Northwind Trading Ltd".into(), ..Settings::default() })?;

    let mut rooms = Vec::new();
    for (site, buildings) in SITES {
        let site_id = reference::create_location(tx, change, None, site)?;
        for (building, room_names) in *buildings {
            let building_id = reference::create_location(tx, change, Some(site_id), building)?;
            for room in *room_names {
                rooms.push(reference::create_location(tx, change, Some(building_id), room)?);
            }
        }
    }

    let suppliers: Vec<i64> = SUPPLIERS
        .iter()
        .map(|s| {
            let email = format!("orders@{}.example", s.to_lowercase().replace(' ', ""));
            reference::create_supplier(tx, change, s, Some("Account manager"), Some(&email), None)
        })
        .collect::<Result<_>>()?;

    let mut people = Vec::new();
    // Each person's department, for the licences their work needs.
    let mut departments = Vec::new();
    for i in 0..size.people {
        let first = rng.pick(FIRST);
        let last = rng.pick(LAST);
        let department = *rng.pick(DEPARTMENTS);
        let person = Person {
            id: 0,
            name: format!("{first} {last}"),
            email: Some(format!("{}.{}{}@northwind.example", ascii_key(first), ascii_key(last), i)),
            department: Some(department.to_string()),
            employee_number: Some(format!("E{:05}", 10_000 + i)),
        };
        people.push(reference::create_person(tx, change, &person)?);
        departments.push(department);
    }

    // (category id, [(model id, cost)]), weighted towards laptops, monitors and docks.
    let mut catalogue = Vec::new();
    for (category, fields, models) in CATALOGUE {
        let defs: Vec<FieldDefinition> = fields
            .iter()
            .map(|(name, field_type)| FieldDefinition {
                name: name.to_string(),
                field_type: *field_type,
                required: false,
                choices: if *field_type == FieldType::Choice {
                    vec!["Windows 11".into(), "macOS".into(), "Ubuntu".into()]
                } else {
                    vec![]
                },
            })
            .collect();
        let category_id = reference::create_category_of_kind(tx, change, category, CategoryKind::Asset, &defs)?;
        let mut model_ids = Vec::new();
        for (manufacturer, model, cost) in *models {
            let manufacturer_id = reference::create_manufacturer(tx, change, manufacturer)?;
            let id = reference::create_model(tx, change, model, Some(manufacturer_id), Some(category_id), None)?;
            model_ids.push((id, *model, *cost));
        }
        catalogue.push((category_id, *category, defs, model_ids));
    }
    let weights: Vec<usize> = catalogue
        .iter()
        .map(|(_, name, _, _)| match *name {
            "Laptops" => 30,
            "Monitors" => 22,
            "Docking stations" => 14,
            "Phones" | "Headsets" => 8,
            "Desktops" => 6,
            _ => 2,
        })
        .collect();
    let weight_total: usize = weights.iter().sum();

    let settings = settings::load(tx)?;
    let epoch = NaiveDate::from_ymd_opt(2019, 1, 1).expect("valid date");
    category_policies(tx, &catalogue)?;
    let today = change.at.date_naive();
    // Lifecycle records draw from their own stream, so the assets themselves are the
    // same for a seed whatever is added here.
    let mut life = Rng::new(seed ^ 0x5EED_11FE);
    let mut lifecycle = Lifecycle::prepare(tx, &change.actor)?;
    // Deployed servers and laptops, which hold device licences.
    let (mut servers, mut laptops) = (Vec::new(), Vec::new());
    for n in 1..=size.assets {
        let mut pick = rng.below(weight_total as u64) as usize;
        let category_index = weights
            .iter()
            .position(|w| {
                if pick < *w {
                    true
                } else {
                    pick -= w;
                    false
                }
            })
            .unwrap_or(0);
        let (category_id, category_name, defs, models) = &catalogue[category_index];
        let (model_id, model_name, cost) = *rng.pick(models);
        // Realistic proportions: most assets are deployed, some in stock, few elsewhere.
        let status = match rng.below(100) {
            0..=61 => AssetStatus::Deployed,
            62..=81 => AssetStatus::Deployable,
            82..=85 => AssetStatus::Pending,
            86..=89 => AssetStatus::InRepair,
            90..=95 => AssetStatus::Retired,
            96..=97 => AssetStatus::LostStolen,
            _ => AssetStatus::Disposed,
        };
        let personal =
            matches!(*category_name, "Laptops" | "Phones" | "Headsets" | "Tablets" | "Docking stations" | "Monitors");
        let assigned_to =
            (status == AssetStatus::Deployed && personal && !people.is_empty()).then(|| *rng.pick(&people));
        let purchase_date = epoch.checked_add_days(Days::new(rng.below(7 * 365))).expect("in range");
        // Prices vary ±10% around the list price, rounded to whole units.
        let price = cost * (90 + rng.below(21) as i64) / 100 / 100 * 100;
        let mut custom_fields = std::collections::BTreeMap::new();
        for def in defs {
            let value = match (def.name.as_str(), def.field_type) {
                ("RAM (GB)", _) => rng.pick(&["8", "16", "32", "64"]).to_string(),
                ("Operating system", _) => rng.pick(&def.choices).clone(),
                ("Size (in)", _) => rng.pick(&["24", "27", "32"]).to_string(),
                ("IMEI", _) => format!("35{:013}", rng.below(10_000_000_000_000)),
                (_, FieldType::Number) => rng.pick(&["1", "2", "24", "48"]).to_string(),
                _ => continue,
            };
            custom_fields.insert(def.name.clone(), value);
        }
        let asset = ValidAsset {
            tag: Some(settings::format_tag(&settings, n as i64)),
            serial: Some(format!("{}{:08X}", &model_name[..2].to_uppercase(), rng.next_u64() as u32)),
            name: format!("{model_name} #{n}"),
            model_id: Some(model_id),
            category_id: *category_id,
            location_id: Some(*rng.pick(&rooms)),
            status,
            assigned_to,
            purchase_date: Some(purchase_date),
            purchase_cost_minor: Some(price),
            purchase_currency: Some(if rng.below(5) == 0 { "GBP".into() } else { "EUR".into() }),
            supplier_id: Some(*rng.pick(&suppliers)),
            order_reference: Some(format!("PO-{}-{:05}", purchase_date.format("%Y"), rng.below(100_000))),
            warranty_end: purchase_date.checked_add_days(Days::new(3 * 365)),
            notes: if rng.below(10) == 0 { "Spare charger in the IT store".into() } else { String::new() },
            custom_fields,
        };
        let id = assets::insert(tx, change, &asset)?;
        let after = serde_json::json!({ "tag": asset.tag, "name": asset.name, "source": "demo" });
        events::append(tx, change, "asset", id, "created", None, Some(&after))?;
        lifecycle.add(&mut life, id, &asset, purchase_date.min(today), today, &rooms)?;
        if status == AssetStatus::Deployed {
            match *category_name {
                "Servers" => servers.push(id),
                "Laptops" => laptops.push(id),
                _ => {}
            }
        }
        if n.is_multiple_of(10_000) || n == size.assets {
            progress(n, size.assets);
        }
    }
    // Licences last, from a third stream, so nothing above changes with them.
    let holders = Holders { people: &people, departments: &departments, servers: &servers, laptops: &laptops };
    software_licences(tx, change, &mut Rng::new(seed ^ 0x11CE_5EED), today, &suppliers, &holders)?;
    // Stock from a fourth stream, with its own history of orders and receipts.
    crate::demo_stock::generate(
        tx,
        change,
        &mut Rng::new(seed ^ 0x5700_C4ED),
        size.stock_items,
        size.stock_months,
        &suppliers,
        &people,
        &rooms,
    )?;
    // Keep generated tags after the demo's own.
    tx.execute(
        "INSERT INTO settings (key, value) VALUES ('tag_sequence', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [size.assets.to_string()],
    )?;
    tx.execute_batch("ANALYZE")?;
    Ok(())
}

/// A category as generated: (id, name, its fields, its models as (id, name, list price)).
type CatalogueEntry<'a> = (i64, &'a str, Vec<FieldDefinition>, Vec<(i64, &'a str, i64)>);

/// Depreciation and audit rules per category, as an asset manager would set them.
fn category_policies(tx: &Transaction, catalogue: &[CatalogueEntry]) -> Result<()> {
    let mut insert = tx.prepare(
        "INSERT INTO category_policies (category_id, depreciation_method, useful_life_months, salvage_basis_points,
             declining_factor_percent, audit_interval_months)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (id, name, _, _) in catalogue {
        // (method, life in months, salvage in basis points, declining factor %, audit interval)
        let (method, life, salvage, factor, audit) = match *name {
            "Laptops" | "Tablets" => ("straight_line", 36, 1000, 200, 12),
            "Desktops" => ("straight_line", 48, 500, 200, 12),
            "Monitors" | "Docking stations" | "Projectors" => ("straight_line", 60, 0, 200, 24),
            "Phones" | "Headsets" => ("declining_balance", 24, 500, 200, 12),
            "Servers" | "Storage" => ("straight_line", 60, 500, 200, 12),
            "Routers" | "Firewalls" | "Switches" => ("declining_balance", 60, 500, 150, 12),
            _ => ("none", 0, 0, 200, 36),
        };
        let life = (method != "none").then_some(life);
        insert.execute(rusqlite::params![id, method, life, salvage, factor, audit])?;
    }
    Ok(())
}

/// Check-outs for deployed assets (some loans overdue), disposal records for disposed
/// ones, repairs, and the date each asset was last audited.
struct Lifecycle<'a> {
    actor: String,
    checkout: rusqlite::CachedStatement<'a>,
    disposal: rusqlite::CachedStatement<'a>,
    repair: rusqlite::CachedStatement<'a>,
    audited: rusqlite::CachedStatement<'a>,
}

impl<'a> Lifecycle<'a> {
    fn prepare(tx: &'a Transaction, actor: &str) -> Result<Self> {
        Ok(Lifecycle {
            actor: actor.to_string(),
            checkout: tx.prepare_cached(
                "INSERT INTO checkouts (asset_id, person_id, location_id, checked_out_on, expected_return_on, checked_out_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?,
            disposal: tx.prepare_cached(
                "INSERT INTO disposals (asset_id, method, disposed_on, proceeds_minor, disposal_cost_minor, currency,
                     certificate_reference)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?,
            repair: tx.prepare_cached(
                "INSERT INTO maintenance (asset_id, kind, title, started_on, completed_on, cost_minor, currency)
                 VALUES (?1, 'repair', ?2, ?3, ?4, ?5, ?6)",
            )?,
            audited: tx.prepare_cached("UPDATE assets SET last_audited_on = ?2 WHERE id = ?1")?,
        })
    }

    fn add(
        &mut self,
        rng: &mut Rng,
        id: i64,
        asset: &ValidAsset,
        bought: NaiveDate,
        today: NaiveDate,
        rooms: &[i64],
    ) -> Result<()> {
        let days = |n: u64| Days::new(n);
        let currency = asset.purchase_currency.clone().unwrap_or_else(|| "EUR".into());
        match asset.status {
            AssetStatus::Deployed => {
                // One in eight is a loan with a return date, recent enough that some are
                // due soon and some overdue; the rest are long-term issues.
                let (on, due) = if rng.below(8) == 0 {
                    let on = today.checked_sub_days(days(rng.below(90))).unwrap_or(today).max(bought);
                    (on, on.checked_add_days(days(14 + rng.below(60))))
                } else {
                    (bought.checked_add_days(days(rng.below(30))).unwrap_or(bought).min(today), None)
                };
                let location = asset.assigned_to.is_none().then(|| asset.location_id.unwrap_or(rooms[0]));
                self.checkout.execute(rusqlite::params![id, asset.assigned_to, location, on, due, self.actor])?;
            }
            AssetStatus::Disposed => {
                let on = bought.checked_add_days(days(3 * 365 + rng.below(700))).unwrap_or(today).min(today);
                let method = ["recycle", "resale", "donation", "destruction"][rng.below(4) as usize];
                let proceeds = if method == "resale" { asset.purchase_cost_minor.unwrap_or(0) / 10 } else { 0 };
                let cost = if method == "destruction" { 2_500 } else { 0 };
                let certificate = format!("WEEE-{}-{:04}", on.format("%Y"), rng.below(10_000));
                self.disposal.execute(rusqlite::params![id, method, on, proceeds, cost, currency, certificate])?;
            }
            _ => {}
        }
        if rng.below(25) == 0 {
            let started = bought.checked_add_days(days(rng.below(900))).unwrap_or(bought).min(today);
            let done = started.checked_add_days(days(1 + rng.below(14))).filter(|d| *d <= today);
            let title =
                *rng.pick(&["Replace battery", "Replace keyboard", "Screen repair", "Fan replacement", "Power supply"]);
            let cost = 4_000 + rng.below(30_000) as i64;
            self.repair.execute(rusqlite::params![id, title, started, done, cost, currency])?;
        }
        if asset.status != AssetStatus::Disposed && rng.below(4) != 0 {
            let seen = today.checked_sub_days(days(rng.below(540))).unwrap_or(today).max(bought);
            self.audited.execute(rusqlite::params![id, seen])?;
        }
        Ok(())
    }
}

/// Who can hold the demo's licences.
struct Holders<'a> {
    people: &'a [i64],
    /// Each person's department, in the order of `people`.
    departments: &'a [&'static str],
    servers: &'a [i64],
    laptops: &'a [i64],
}

/// Who a licence is for.
enum For {
    /// People in these departments; everyone when empty.
    People(&'static [&'static str]),
    /// Deployed servers (a device licence).
    Servers,
    /// Deployed laptops (a device licence).
    Laptops,
}

/// How a product's keys look (all made up).
#[derive(Clone, Copy)]
enum KeyStyle {
    /// None: a subscription tied to the organisation's account.
    None,
    /// XXXXX-XXXXX-XXXXX-XXXXX-XXXXX from Microsoft's 24 letters and digits.
    Microsoft,
    /// 1118-…: 24 digits in groups of four.
    Adobe,
    /// SEN-12345678, a support entitlement number.
    Atlassian,
    /// A licence ID of 10 letters and digits.
    JetBrains,
    /// 123-45678901 with a product key.
    Autodesk,
    /// XXXX-XXXX-XXXX-XXXX-XXXX, letters and digits.
    Groups4,
    /// TC + hex groups, a Tableau product key.
    Tableau,
}

struct LicenceSpec {
    product: &'static str,
    publisher: &'static str,
    name: &'static str,
    key: KeyStyle,
    holders: For,
    /// Percent of the eligible holders given a seat.
    share: u64,
    /// Seats bought beyond those assigned, in percent; negative for a renewal for fewer
    /// seats than are assigned (over-assigned).
    spare: i64,
    /// Price per seat per term, in minor units.
    seat_cost: i64,
    currency: &'static str,
    supplier: &'static str,
    /// Term in months, ending at the expiry date.
    term_months: u32,
    /// Expiry relative to the change's date; negative for an expired licence.
    expires_in_days: i64,
}

/// Realistic licences, some expiring within 90 days, one expired, one over-assigned and
/// several with unused seats.
const LICENCES: &[LicenceSpec] = &[
    LicenceSpec {
        product: "Microsoft 365 E3",
        publisher: "Microsoft",
        name: "Microsoft 365 E3 — EA 2025",
        key: KeyStyle::Microsoft,
        holders: For::People(&[]),
        share: 90,
        spare: 4,
        seat_cost: 43_200,
        currency: "EUR",
        supplier: "Softcat",
        term_months: 12,
        expires_in_days: 212,
    },
    LicenceSpec {
        product: "Microsoft 365 E5",
        publisher: "Microsoft",
        name: "Microsoft 365 E5 — IT and Legal",
        key: KeyStyle::Microsoft,
        holders: For::People(&["IT", "Legal"]),
        share: 80,
        spare: 25,
        seat_cost: 68_400,
        currency: "EUR",
        supplier: "Softcat",
        term_months: 12,
        expires_in_days: 212,
    },
    LicenceSpec {
        product: "Adobe Acrobat Pro",
        publisher: "Adobe",
        name: "Acrobat Pro — VIP team",
        key: KeyStyle::Adobe,
        holders: For::People(&["Legal", "Finance", "HR", "Marketing"]),
        share: 60,
        spare: -15,
        seat_cost: 23_988,
        currency: "EUR",
        supplier: "Insight Direct",
        term_months: 12,
        expires_in_days: 300,
    },
    LicenceSpec {
        product: "Jira Software Cloud",
        publisher: "Atlassian",
        name: "Jira Software Cloud Standard",
        key: KeyStyle::Atlassian,
        holders: For::People(&["Engineering", "Support", "IT"]),
        share: 95,
        spare: 10,
        seat_cost: 9_400,
        currency: "USD",
        supplier: "SHI International",
        term_months: 12,
        expires_in_days: 58,
    },
    LicenceSpec {
        product: "Slack",
        publisher: "Salesforce",
        name: "Slack Business+",
        key: KeyStyle::None,
        holders: For::People(&[]),
        share: 85,
        spare: 3,
        seat_cost: 15_000,
        currency: "EUR",
        supplier: "Computacenter",
        term_months: 12,
        expires_in_days: 27,
    },
    LicenceSpec {
        product: "Zoom Workplace",
        publisher: "Zoom Video Communications",
        name: "Zoom Workplace Business",
        key: KeyStyle::None,
        holders: For::People(&["Sales", "Marketing", "Support", "HR"]),
        share: 70,
        spare: 20,
        seat_cost: 21_990,
        currency: "EUR",
        supplier: "Bechtle",
        term_months: 12,
        expires_in_days: 145,
    },
    LicenceSpec {
        product: "JetBrains All Products Pack",
        publisher: "JetBrains",
        name: "All Products Pack — organisation",
        key: KeyStyle::JetBrains,
        holders: For::People(&["Engineering"]),
        share: 65,
        spare: 30,
        seat_cost: 77_900,
        currency: "EUR",
        supplier: "Dustin",
        term_months: 12,
        expires_in_days: 74,
    },
    LicenceSpec {
        product: "AutoCAD",
        publisher: "Autodesk",
        name: "AutoCAD 2024 — Facilities",
        key: KeyStyle::Autodesk,
        holders: For::People(&["Facilities"]),
        share: 40,
        spare: 0,
        seat_cost: 203_000,
        currency: "EUR",
        supplier: "Cancom",
        term_months: 12,
        expires_in_days: -19,
    },
    LicenceSpec {
        product: "Windows Server 2022 Standard",
        publisher: "Microsoft",
        name: "Windows Server 2022 Standard (16 core) + CALs",
        key: KeyStyle::Microsoft,
        holders: For::Servers,
        share: 100,
        spare: 5,
        seat_cost: 106_900,
        currency: "EUR",
        supplier: "SHI International",
        term_months: 36,
        expires_in_days: 520,
    },
    LicenceSpec {
        product: "Veeam Data Platform Foundation",
        publisher: "Veeam",
        name: "Veeam Data Platform Foundation — per instance",
        key: KeyStyle::Groups4,
        holders: For::Servers,
        share: 60,
        spare: 0,
        seat_cost: 31_500,
        currency: "EUR",
        supplier: "Atea",
        term_months: 12,
        expires_in_days: 84,
    },
    LicenceSpec {
        product: "ESET PROTECT Entry",
        publisher: "ESET",
        name: "ESET PROTECT Entry — laptops",
        key: KeyStyle::Groups4,
        holders: For::Laptops,
        share: 100,
        spare: 3,
        seat_cost: 2_850,
        currency: "EUR",
        supplier: "Misco",
        term_months: 24,
        expires_in_days: 163,
    },
    LicenceSpec {
        product: "Tableau Creator",
        publisher: "Salesforce",
        name: "Tableau Creator",
        key: KeyStyle::Tableau,
        holders: For::People(&["Finance", "Sales"]),
        share: 15,
        spare: 0,
        seat_cost: 90_000,
        currency: "USD",
        supplier: "Insight Direct",
        term_months: 12,
        expires_in_days: 320,
    },
    LicenceSpec {
        product: "DocuSign eSignature",
        publisher: "DocuSign",
        name: "DocuSign eSignature Business Pro",
        key: KeyStyle::None,
        holders: For::People(&["Legal", "HR", "Sales"]),
        share: 30,
        spare: 10,
        seat_cost: 48_000,
        currency: "GBP",
        supplier: "CDW",
        term_months: 12,
        expires_in_days: 101,
    },
];

/// The most seats the demo assigns over all licences, however large the demo.
const MAX_DEMO_SEATS: u64 = 18_000;

fn licence_key(rng: &mut Rng, style: KeyStyle) -> Option<String> {
    const MS: &[u8] = b"BCDFGHJKMPQRTVWXY2346789";
    const ALNUM: &[u8] = b"ABCDEFGHIJKLMNPQRSTUVWXYZ0123456789";
    const HEX: &[u8] = b"0123456789ABCDEF";
    let mut groups = |alphabet: &[u8], groups: usize, len: usize| -> String {
        (0..groups)
            .map(|_| (0..len).map(|_| char::from(*rng.pick(alphabet))).collect::<String>())
            .collect::<Vec<_>>()
            .join("-")
    };
    Some(match style {
        KeyStyle::None => return None,
        KeyStyle::Microsoft => groups(MS, 5, 5),
        KeyStyle::Adobe => format!("1118-{}", groups(b"0123456789", 5, 4)),
        KeyStyle::Atlassian => format!("SEN-{}", groups(b"0123456789", 1, 8)),
        KeyStyle::JetBrains => groups(ALNUM, 1, 10),
        KeyStyle::Autodesk => format!("{}-{} 001P1", groups(b"0123456789", 1, 3), groups(b"0123456789", 1, 8)),
        KeyStyle::Groups4 => groups(ALNUM, 5, 4),
        KeyStyle::Tableau => format!("TC{}-{}", groups(HEX, 1, 2), groups(HEX, 4, 4)),
    })
}

/// The demo's software licences and their seats. Seats go in with one prepared insert
/// each and no event per seat (like the demo's check-outs); each licence records one
/// "seats assigned" event with the count.
fn software_licences(
    tx: &Transaction,
    change: &Change,
    rng: &mut Rng,
    today: NaiveDate,
    suppliers: &[i64],
    holders: &Holders,
) -> Result<()> {
    use crate::licences::{self, LicenceInput};
    // Who is eligible for each licence, and how many of them get a seat.
    let eligible: Vec<(bool, Vec<i64>)> = LICENCES
        .iter()
        .map(|spec| match spec.holders {
            For::People(departments) => {
                let ids = holders
                    .people
                    .iter()
                    .zip(holders.departments)
                    .filter(|(_, d)| departments.is_empty() || departments.contains(d))
                    .map(|(id, _)| *id)
                    .collect();
                (false, ids)
            }
            For::Servers => (true, holders.servers.to_vec()),
            For::Laptops => (true, holders.laptops.to_vec()),
        })
        .collect();
    // No licence has more seats than there are people (device licences included: one
    // laptop each), and all of them together stay under MAX_DEMO_SEATS.
    let cap = (holders.people.len() as u64).max(10);
    let wanted: Vec<u64> = LICENCES
        .iter()
        .zip(&eligible)
        .map(|(spec, (_, ids))| {
            let n = ids.len() as u64;
            (n * spec.share).div_ceil(100).min(n).min(cap)
        })
        .collect();
    let total: u64 = wanted.iter().sum();
    let wanted: Vec<u64> =
        if total > MAX_DEMO_SEATS { wanted.iter().map(|w| w * MAX_DEMO_SEATS / total).collect() } else { wanted };

    let mut insert_seat = tx.prepare_cached(
        "INSERT INTO licence_seats (licence_id, person_id, asset_id, assigned_on) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for ((spec, (devices, ids)), &assigned) in LICENCES.iter().zip(&eligible).zip(&wanted) {
        let assigned = assigned as usize;
        // Bought for at least the seats assigned, plus the spare; a renewal for fewer
        // seats comes after the assignments.
        let spare = (assigned as u64 * spec.spare.max(0) as u64 / 100).min(cap.saturating_sub(assigned as u64));
        let bought = (assigned as i64 + spare as i64).max(1);
        let expiry = today + chrono::Duration::days(spec.expires_in_days + rng.below(5) as i64);
        let purchase = expiry.checked_sub_months(chrono::Months::new(spec.term_months)).unwrap_or(expiry);
        let supplier = SUPPLIERS.iter().position(|s| *s == spec.supplier).map(|i| suppliers[i]);
        let product_id = licences::create_product(tx, change, spec.product, Some(spec.publisher))?;
        let mut input = LicenceInput {
            product_id: Some(product_id),
            name: spec.name.to_string(),
            licence_key: licence_key(rng, spec.key),
            seats: Some(bought),
            purchase_date: Some(purchase.to_string()),
            expiry_date: Some(expiry.to_string()),
            cost: Some(format_money(bought * spec.seat_cost)),
            // List prices rise by 3–8% a term.
            renewal_cost: Some(format_money(bought * spec.seat_cost * (103 + rng.below(6) as i64) / 100 / 100 * 100)),
            currency: Some(spec.currency.to_string()),
            supplier_id: supplier,
            notes: String::new(),
        };
        let licence = licences::create(tx, change, &input)?;

        // A random `assigned` of the eligible, in id order (a partial shuffle).
        let mut chosen = ids.clone();
        for i in 0..assigned.min(chosen.len()) {
            let j = i + rng.below((chosen.len() - i) as u64) as usize;
            chosen.swap(i, j);
        }
        chosen.truncate(assigned);
        chosen.sort_unstable();
        let from = purchase.min(today);
        let span = (today - from).num_days().max(0) as u64;
        for holder in &chosen {
            let on = from + Days::new(rng.below(span + 1));
            let (person, asset) = if *devices { (None, Some(*holder)) } else { (Some(*holder), None) };
            insert_seat.execute(rusqlite::params![licence.id, person, asset, on])?;
        }
        if !chosen.is_empty() {
            let after = serde_json::json!({ "seats": chosen.len(), "source": "demo" });
            events::append(tx, change, "licence", licence.id, "seats assigned", None, Some(&after))?;
        }

        // Renewed for fewer seats than are in use: over-assigned until seats are released.
        if spec.spare < 0 && chosen.len() >= 2 {
            let fewer = ((chosen.len() as i64) * (100 + spec.spare) / 100).clamp(1, chosen.len() as i64 - 1);
            input.seats = Some(fewer);
            input.licence_key = None;
            input.renewal_cost = Some(format_money(fewer * spec.seat_cost * 105 / 100 / 100 * 100));
            input.notes = format!(
                "Renewed for {fewer} seats (was {bought}); {} people still hold one: release seats of leavers.",
                chosen.len()
            );
            licences::update(tx, change, licence.id, &input)?;
        }
    }
    Ok(())
}

/// "Zoë" -> "zoe", for demo email addresses.
fn ascii_key(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ë' | 'é' => 'e',
            'Ł' | 'ł' => 'l',
            'Ż' | 'ż' => 'z',
            'ó' => 'o',
            'ć' => 'c',
            'ñ' => 'n',
            'ú' | 'ü' => 'u',
            'ı' => 'i',
            'á' => 'a',
            c => c,
        })
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase()
}
