//! Demo stock: consumables and spares in three stock rooms, their suppliers' offers and
//! reorder rules, and months of history played out day by day through the same core
//! functions the app uses — issues with weekly, seasonal, month-end and new-starter
//! patterns, stockouts when shelves run dry, and purchase orders placed every Monday
//! for what fell to its reorder point, delivered by suppliers that differ in
//! punctuality, completeness and quality. Toner in London is consignment stock.
//!
//! Everything here draws from its own random stream, so the asset register a seed
//! makes does not change with it.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Days, NaiveDate, TimeZone, Utc, Weekday};
use rusqlite::Transaction;

use crate::demo::Rng;
use crate::purchasing::{self, LineInput, OrderInput, ReceiptInput, ReceiptLineInput};
use crate::reorder::{self, OfferInput, ReorderInput};
use crate::stock::{self, Issue, Receipt, StockItemInput, StockKey, Stockout, StockoutCause};
use crate::validate::format_money;
use crate::{reference, Change, Result};

/// How a kind of item is used.
#[derive(Clone, Copy, PartialEq)]
enum Pattern {
    /// Every working day, more in January and September (new-starter waves).
    NewStarters,
    /// Every working day, peaking in the last days of each month (month-end print runs).
    MonthEnd,
    /// Steady through the year.
    Steady,
    /// Rarely, and then a few at once: spares for breakdowns.
    Intermittent,
}

/// (category, pattern, unit, list price in cents, units used per working day in London,
/// pack size, items: (SKU, name)).
type Family = (&'static str, Pattern, &'static str, i64, f64, i64, &'static [(&'static str, &'static str)]);

const FAMILIES: &[Family] = &[
    (
        "Keyboards & mice",
        Pattern::NewStarters,
        "each",
        2_490,
        0.45,
        5,
        &[
            ("KB-USB-UK", "USB keyboard, UK layout"),
            ("KB-USB-DE", "USB keyboard, German layout"),
            ("KB-USB-ES", "USB keyboard, Spanish layout"),
            ("KB-USB-PL", "USB keyboard, Polish layout"),
            ("KB-WL-UK", "Wireless keyboard, UK layout"),
            ("KB-WL-DE", "Wireless keyboard, German layout"),
            ("KB-WL-ES", "Wireless keyboard, Spanish layout"),
            ("KB-WL-PL", "Wireless keyboard, Polish layout"),
            ("MS-USB", "USB optical mouse"),
            ("MS-WL", "Wireless mouse"),
            ("MS-ERGO", "Ergonomic vertical mouse"),
            ("MS-TRACK", "Trackball mouse"),
            ("KB-COMBO", "Wireless keyboard and mouse set"),
            ("MS-PAD", "Mouse pad"),
            ("KB-NUM", "USB numeric keypad"),
        ],
    ),
    (
        "Headsets & webcams",
        Pattern::NewStarters,
        "each",
        5_900,
        0.25,
        1,
        &[
            ("HS-USB-MONO", "USB headset, mono"),
            ("HS-USB-STEREO", "USB headset, stereo"),
            ("HS-BT", "Bluetooth headset"),
            ("HS-DECT", "DECT wireless headset"),
            ("HS-EAR", "Replacement ear cushions"),
            ("WC-HD", "HD webcam"),
            ("WC-4K", "4K conference webcam"),
            ("SP-USB", "USB speakerphone"),
        ],
    ),
    (
        "Cables & adapters",
        Pattern::Steady,
        "each",
        890,
        0.2,
        10,
        &[
            ("CB-HDMI-1", "HDMI cable 1 m"),
            ("CB-HDMI-2", "HDMI cable 2 m"),
            ("CB-HDMI-3", "HDMI cable 3 m"),
            ("CB-HDMI-5", "HDMI cable 5 m"),
            ("CB-DP-1", "DisplayPort cable 1 m"),
            ("CB-DP-2", "DisplayPort cable 2 m"),
            ("CB-DP-3", "DisplayPort cable 3 m"),
            ("CB-USBC-1", "USB-C cable 1 m"),
            ("CB-USBC-2", "USB-C cable 2 m"),
            ("CB-USBA-C", "USB-A to USB-C cable 1 m"),
            ("CB-CAT6-0.5", "Cat6 patch cable 0.5 m"),
            ("CB-CAT6-1", "Cat6 patch cable 1 m"),
            ("CB-CAT6-2", "Cat6 patch cable 2 m"),
            ("CB-CAT6-3", "Cat6 patch cable 3 m"),
            ("CB-CAT6-5", "Cat6 patch cable 5 m"),
            ("CB-CAT6-10", "Cat6 patch cable 10 m"),
            ("CB-CAT6A-1", "Cat6A patch cable 1 m"),
            ("CB-CAT6A-3", "Cat6A patch cable 3 m"),
            ("CB-FIBRE-LC-2", "LC-LC fibre patch 2 m"),
            ("CB-FIBRE-LC-5", "LC-LC fibre patch 5 m"),
            ("AD-USBC-HDMI", "USB-C to HDMI adapter"),
            ("AD-USBC-ETH", "USB-C to Ethernet adapter"),
            ("AD-USBC-DP", "USB-C to DisplayPort adapter"),
            ("AD-HDMI-VGA", "HDMI to VGA adapter"),
            ("AD-USBC-HUB", "USB-C hub, 4 ports"),
            ("PW-C13-UK", "Power cord C13, UK plug"),
            ("PW-C13-EU", "Power cord C13, EU plug"),
            ("PW-C5-UK", "Power cord C5 (clover), UK plug"),
            ("PW-C5-EU", "Power cord C5 (clover), EU plug"),
            ("PW-C14-C13", "Power cord C14 to C13, 2 m"),
            ("CB-AUDIO", "3.5 mm audio cable"),
            ("CB-EXT-USB", "USB extension cable 3 m"),
        ],
    ),
    (
        "Toner & ink",
        Pattern::MonthEnd,
        "cartridge",
        8_900,
        0.18,
        1,
        &[
            ("TN-HP59A", "HP 59A black toner"),
            ("TN-HP59X", "HP 59X black toner, high yield"),
            ("TN-HP26X", "HP 26X black toner"),
            ("TN-HP410A-K", "HP 410A black toner"),
            ("TN-HP410A-C", "HP 410A cyan toner"),
            ("TN-HP410A-M", "HP 410A magenta toner"),
            ("TN-HP410A-Y", "HP 410A yellow toner"),
            ("TN-BR2420", "Brother TN-2420 toner"),
            ("TN-KY5240-K", "Kyocera TK-5240 black toner"),
            ("TN-KY5240-C", "Kyocera TK-5240 cyan toner"),
            ("TN-KY5240-M", "Kyocera TK-5240 magenta toner"),
            ("TN-KY5240-Y", "Kyocera TK-5240 yellow toner"),
            ("TN-CN055-K", "Canon 055 black toner"),
            ("TN-CN055-C", "Canon 055 cyan toner"),
            ("TN-CN055-M", "Canon 055 magenta toner"),
            ("TN-CN055-Y", "Canon 055 yellow toner"),
            ("DR-BR2400", "Brother DR-2400 drum"),
            ("MK-KY5240", "Kyocera maintenance kit"),
        ],
    ),
    (
        "Backup media",
        Pattern::Steady,
        "each",
        6_500,
        0.05,
        5,
        &[
            ("BK-LTO8", "LTO-8 data cartridge"),
            ("BK-LTO9", "LTO-9 data cartridge"),
            ("BK-LTO-CLN", "LTO cleaning cartridge"),
            ("BK-RDX-2T", "RDX cartridge 2 TB"),
            ("BK-RDX-4T", "RDX cartridge 4 TB"),
            ("BK-USB-64", "USB flash drive 64 GB, encrypted"),
            ("BK-USB-128", "USB flash drive 128 GB, encrypted"),
            ("BK-HDD-EXT-4T", "External backup disk 4 TB"),
        ],
    ),
    (
        "Spare disks",
        Pattern::Intermittent,
        "each",
        14_900,
        0.03,
        1,
        &[
            ("SD-SSD-512", "SATA SSD 512 GB"),
            ("SD-SSD-1T", "SATA SSD 1 TB"),
            ("SD-SSD-2T", "SATA SSD 2 TB"),
            ("SD-NVME-512", "NVMe SSD 512 GB"),
            ("SD-NVME-1T", "NVMe SSD 1 TB"),
            ("SD-NVME-2T", "NVMe SSD 2 TB"),
            ("SD-SAS-4T", "SAS disk 4 TB"),
            ("SD-SAS-8T", "SAS disk 8 TB"),
            ("SD-SAS-12T", "SAS disk 12 TB"),
            ("SD-SAS-16T", "SAS disk 16 TB"),
            ("SD-SAS-SSD-1.9T", "SAS SSD 1.92 TB"),
        ],
    ),
    (
        "Spare network kit",
        Pattern::Intermittent,
        "each",
        24_900,
        0.015,
        1,
        &[
            ("NW-SW-8", "Switch, 8 ports"),
            ("NW-SW-24", "Switch, 24 ports PoE"),
            ("NW-SW-48", "Switch, 48 ports PoE"),
            ("NW-SFP-SR", "SFP+ 10G SR transceiver"),
            ("NW-SFP-LR", "SFP+ 10G LR transceiver"),
            ("NW-SFP-1G", "SFP 1G copper transceiver"),
            ("NW-AP", "Wireless access point"),
            ("NW-RTR", "Branch router (spare)"),
            ("NW-PSU", "Switch power supply"),
            ("NW-PATCH-24", "Patch panel 24 ports"),
        ],
    ),
    (
        "Laptop spares",
        Pattern::NewStarters,
        "each",
        4_900,
        0.12,
        1,
        &[
            ("LS-CHG-65", "USB-C charger 65 W"),
            ("LS-CHG-90", "USB-C charger 90 W"),
            ("LS-CHG-TRAVEL", "Travel charger 65 W"),
            ("LS-BAT-LAT", "Latitude battery"),
            ("LS-BAT-TP", "ThinkPad battery"),
            ("LS-BAT-EB", "EliteBook battery"),
            ("LS-BAG", "Laptop bag 15.6 in"),
            ("LS-SLEEVE", "Laptop sleeve 14 in"),
            ("LS-PRIV-14", "Privacy filter 14 in"),
            ("LS-PRIV-156", "Privacy filter 15.6 in"),
            ("LS-LOCK", "Cable lock"),
            ("LS-STAND", "Laptop stand"),
        ],
    ),
    (
        "IT supplies",
        Pattern::Steady,
        "pack",
        1_290,
        0.08,
        1,
        &[
            ("SU-LABEL-L7163", "Asset labels L7163, 100 sheets"),
            ("SU-LABEL-THERMAL", "Thermal label roll 62 mm"),
            ("SU-CLEAN", "Screen cleaning kit"),
            ("SU-TIES", "Cable ties, 100"),
            ("SU-VELCRO", "Velcro cable wraps, 50"),
            ("SU-WIPES", "Antistatic wipes, 100"),
            ("SU-BATT-AA", "AA batteries, 24"),
            ("SU-BATT-AAA", "AAA batteries, 24"),
            ("SU-PAPER-A4", "Printer paper A4, box of 5 reams"),
            ("SU-AIR", "Compressed air, 4 cans"),
            ("SU-THERMAL-PASTE", "Thermal paste"),
            ("SU-ESD-BAG", "Antistatic bags, 50"),
        ],
    ),
    (
        "Docking spares",
        Pattern::NewStarters,
        "each",
        3_900,
        0.06,
        1,
        &[
            ("DK-PSU-180", "Dock power supply 180 W"),
            ("DK-CABLE-TB", "Thunderbolt dock cable"),
            ("DK-CABLE-USBC", "USB-C dock cable"),
            ("DK-MOUNT", "Dock VESA mount"),
            ("MN-ARM", "Monitor arm"),
            ("MN-ARM-DUAL", "Dual monitor arm"),
            ("MN-RISER", "Monitor riser"),
            ("MN-PRIV-24", "Privacy filter 24 in"),
            ("MN-PRIV-27", "Privacy filter 27 in"),
            ("HD-DESK-PHONE", "Desk phone handset cord"),
            ("HD-POE-INJ", "PoE injector"),
            ("HD-KVM", "KVM switch, 2 ports"),
            ("HD-HUB-USB", "USB 3 hub, 7 ports"),
            ("HD-CARD-READER", "Smart card reader"),
            ("HD-YUBIKEY", "Security key (FIDO2)"),
            ("HD-PRESENTER", "Wireless presenter"),
            ("HD-SPEAKER", "Desk speakers"),
            ("HD-DOC-CAM", "Document camera"),
            ("HD-TABLET-CASE", "Tablet case"),
            ("HD-PHONE-CASE", "Phone case"),
            ("HD-SCREEN-PROT", "Phone screen protector"),
        ],
    ),
];

/// The stock rooms, by a part of their name, and how much each uses relative to London.
const STORES: &[(&str, f64)] = &[("IT Store", 1.0), ("IT Cupboard", 0.55), ("Almacén IT", 0.4)];

/// How a supplier delivers: chance a delivery is late and by up to how many days, chance
/// an order line comes in two parts, share of units damaged, and price drift in percent.
struct Profile {
    late: u64,
    late_days: u64,
    split: u64,
    damaged_per_mille: u64,
    price_drift: i64,
}

/// Indexed like demo::SUPPLIERS: some good, some late, some short, one careless.
const PROFILES: &[Profile] = &[
    Profile { late: 5, late_days: 2, split: 5, damaged_per_mille: 2, price_drift: 0 },
    Profile { late: 15, late_days: 4, split: 10, damaged_per_mille: 5, price_drift: 1 },
    Profile { late: 35, late_days: 9, split: 25, damaged_per_mille: 10, price_drift: 3 },
    Profile { late: 10, late_days: 3, split: 30, damaged_per_mille: 4, price_drift: 0 },
    Profile { late: 25, late_days: 6, split: 10, damaged_per_mille: 30, price_drift: 2 },
    Profile { late: 8, late_days: 2, split: 8, damaged_per_mille: 3, price_drift: 1 },
];

const CONSIGNMENT_FAMILY: &str = "Toner & ink";

struct Stocked {
    item: i64,
    location: i64,
    family: usize,
    daily: f64,
    reorder_point: i64,
    order_up_to: i64,
    supplier: usize,
    consigned: bool,
}

struct Delivery {
    order: i64,
    line: i64,
    accepted: i64,
    rejected: i64,
}

/// Creates the demo stock. `suppliers` are the supplier ids the asset demo made,
/// `people` its people, `rooms` every room; `items` caps how many stock items to make
/// (0 makes none) and `months` how much history to play.
#[allow(clippy::too_many_arguments)]
pub(crate) fn generate(
    tx: &Transaction,
    change: &Change,
    rng: &mut Rng,
    items: u64,
    months: u32,
    suppliers: &[i64],
    people: &[i64],
    rooms: &[i64],
) -> Result<()> {
    if items == 0 || suppliers.is_empty() {
        return Ok(());
    }
    let today = change.at.date_naive();
    let start = today.checked_sub_months(chrono::Months::new(months)).unwrap_or(today);
    let at_start = at(change, start, 8);

    let stores: Vec<(i64, f64)> = STORES
        .iter()
        .filter_map(|(name, factor)| {
            rooms.iter().find(|r| room_name(tx, **r).is_some_and(|n| n == *name)).map(|r| (*r, *factor))
        })
        .collect();
    if stores.is_empty() {
        return Ok(());
    }
    let suppliers: Vec<i64> = suppliers.iter().take(PROFILES.len()).copied().collect();
    let consignor = suppliers.len().min(3) - 1;

    // Items, round-robin over the families so a small demo still has every kind.
    let mut made: Vec<(i64, usize, &str)> = Vec::new();
    let mut categories = HashMap::new();
    let longest = FAMILIES.iter().map(|f| f.6.len()).max().unwrap_or(0);
    'items: for i in 0..longest {
        for (f, family) in FAMILIES.iter().enumerate() {
            if made.len() as u64 >= items {
                break 'items;
            }
            let Some((sku, name)) = family.6.get(i) else { continue };
            let category = match categories.get(&f) {
                Some(id) => *id,
                None => {
                    let stock = reference::CategoryKind::Stock;
                    let id = reference::create_category_of_kind(tx, &at_start, family.0, stock, &[])?;
                    categories.insert(f, id);
                    id
                }
            };
            let barcode = (rng.below(3) > 0).then(|| ean13(rng));
            let item = stock::create_item(
                tx,
                &at_start,
                &StockItemInput {
                    sku: sku.to_string(),
                    name: name.to_string(),
                    category_id: Some(category),
                    unit: family.2.to_string(),
                    barcode,
                    notes: String::new(),
                },
            )?;
            made.push((item.id, f, sku));
        }
    }

    // Offers: a preferred supplier per item and often a second one, dearer or slower.
    let mut preferred = HashMap::new();
    for &(item, f, _) in &made {
        let family = &FAMILIES[f];
        let price = family.3 * (85 + rng.below(31) as i64) / 100;
        let first = if family.0 == CONSIGNMENT_FAMILY { consignor } else { rng.below(suppliers.len() as u64) as usize };
        preferred.insert(item, first);
        let lead = match family.1 {
            Pattern::Intermittent => 5 + rng.below(10) as i64,
            _ => 2 + rng.below(6) as i64,
        };
        let offer = |supplier: usize, price: i64, lead: i64, preferred: bool| {
            reorder::create_offer(
                tx,
                &at_start,
                &OfferInput {
                    item_id: item,
                    supplier_id: suppliers[supplier],
                    supplier_sku: format!("{}-{}", &supplier_code(supplier), item),
                    price: format_money(price),
                    currency: Some("EUR".into()),
                    lead_time_days: lead,
                    min_order_qty: family.5,
                    pack_size: family.5,
                    preferred,
                },
            )
        };
        offer(first, price, lead, true)?;
        if rng.below(2) == 0 && suppliers.len() > 1 {
            let second = (first + 1 + rng.below(suppliers.len() as u64 - 1) as usize) % suppliers.len();
            offer(second, price * 105 / 100, lead + 2, false)?;
        }
    }

    // Where each item is kept, and its reorder rule there. A few rules are set too low,
    // as happens, so some stockouts have that cause.
    let mut stocked = Vec::new();
    for &(item, f, _) in &made {
        let family = &FAMILIES[f];
        for (s, &(location, factor)) in stores.iter().enumerate() {
            let kept = s == 0 || (family.1 != Pattern::Intermittent && rng.below(100) < 60 - 15 * s as u64);
            if !kept {
                continue;
            }
            let daily = family.4 * factor * (0.5 + rng.below(100) as f64 / 100.0);
            let lead = 7.0;
            let too_low = rng.below(12) == 0;
            let safety = if too_low { 0.0 } else { (daily * 9.0).ceil() };
            let reorder_point = ((daily * lead).ceil() + safety).max(1.0) as i64;
            let order_up_to = reorder_point + ((daily * 25.0).ceil() as i64).max(family.5);
            reorder::set_reorder(
                tx,
                &at_start,
                &ReorderInput {
                    item_id: item,
                    location_id: location,
                    reorder_point,
                    safety_stock: safety as i64,
                    order_up_to,
                    order_cost: Some("25.00".into()),
                    holding_rate_bp: Some(2_500),
                    ..ReorderInput::default()
                },
            )?;
            let consigned = family.0 == CONSIGNMENT_FAMILY && s == 0;
            stocked.push(Stocked {
                item,
                location,
                family: f,
                daily,
                reorder_point,
                order_up_to,
                supplier: *preferred.get(&item).expect("every item has an offer"),
                consigned,
            });
        }
    }

    // Opening stock, counted in on the first day.
    let mut on_hand: HashMap<(i64, i64), i64> = HashMap::new();
    for s in &stocked {
        let quantity = s.order_up_to;
        let key = stock_key(s, &suppliers);
        stock::receive(
            tx,
            &at_start,
            &Receipt {
                stock: key,
                quantity,
                unit_cost: None,
                currency: None,
                reference: Some("opening balance".into()),
                reason: Some("opening balance".into()),
            },
        )?;
        on_hand.insert((s.item, s.location), quantity);
    }

    // Play the days.
    let mut deliveries: BTreeMap<NaiveDate, Vec<Delivery>> = BTreeMap::new();
    let mut on_order: HashMap<(i64, i64), i64> = HashMap::new();
    let mut line_target: HashMap<i64, (i64, i64)> = HashMap::new();
    let mut last_stockout: HashMap<(i64, i64), NaiveDate> = HashMap::new();
    let mut last_delivery: HashMap<i64, NaiveDate> = HashMap::new();
    let mut day = start;
    while day < today {
        let weekday = day.weekday();
        let working = !matches!(weekday, Weekday::Sat | Weekday::Sun);

        // Deliveries due today, one goods receipt per order.
        if let Some(due) = deliveries.remove(&day) {
            let mut by_order: BTreeMap<i64, Vec<ReceiptLineInput>> = BTreeMap::new();
            for d in due {
                by_order.entry(d.order).or_default().push(ReceiptLineInput {
                    order_line_id: d.line,
                    accepted_qty: d.accepted,
                    rejected_qty: d.rejected,
                    rejection_reason: (d.rejected > 0).then(|| "damaged in transit".to_string()),
                    serials: Vec::new(),
                });
                if let Some(target) = line_target.get(&d.line) {
                    *on_order.entry(*target).or_default() -= d.accepted + d.rejected;
                    *on_hand.entry(*target).or_default() += d.accepted;
                }
            }
            let c = at(change, day, 11);
            for (order, lines) in by_order {
                purchasing::receive(
                    tx,
                    &c,
                    &ReceiptInput {
                        order_id: order,
                        received_on: day,
                        location_id: None,
                        delivery_note: Some(format!("DN-{}", rng.below(900_000) + 100_000)),
                        freight: None,
                        lines,
                    },
                )?;
            }
        }

        // Demand.
        if working {
            let c = at(change, day, 14);
            for s in &stocked {
                let family = &FAMILIES[s.family];
                let rate = s.daily * seasonality(family.1, day);
                let wanted = draw(rng, rate, family.1);
                if wanted == 0 {
                    continue;
                }
                let have = on_hand.get(&(s.item, s.location)).copied().unwrap_or(0);
                let given = wanted.min(have);
                if given > 0 {
                    let (person, issued_to) = if !people.is_empty() && rng.below(3) > 0 {
                        (Some(people[rng.below(people.len() as u64) as usize]), None)
                    } else {
                        (None, Some(rng.pick(&["Finance", "Sales", "Engineering", "Operations", "HR"]).to_string()))
                    };
                    let reason = match family.1 {
                        Pattern::NewStarters if matches!(day.month(), 1 | 9) => "new starter",
                        Pattern::Intermittent => "replacement",
                        Pattern::MonthEnd => "printer refill",
                        _ => rng.pick(&["replacement", "new starter", "damaged", "desk move"]),
                    };
                    let issued = stock::issue(
                        tx,
                        &c,
                        &Issue {
                            stock: stock_key(s, &suppliers),
                            quantity: given,
                            person_id: person,
                            issued_to,
                            reason: reason.into(),
                            reference: None,
                        },
                    )?;
                    *on_hand.entry((s.item, s.location)).or_default() -= given;
                    if let Some(stockout) = issued.stockout {
                        if day < today - Days::new(30) {
                            stock::set_stockout_cause(tx, &c, stockout.id, stockout_cause(&stockout, s), "")?;
                        }
                    }
                }
                if given < wanted {
                    // One stockout per empty spell, not one per request.
                    let recent = last_stockout.get(&(s.item, s.location)).is_some_and(|d| (day - *d).num_days() < 14);
                    if !recent && given == 0 {
                        let stockout = stock::record_stockout(tx, &c, s.item, s.location, wanted - given)?;
                        if day < today - Days::new(30) {
                            stock::set_stockout_cause(tx, &c, stockout.id, stockout_cause(&stockout, s), "")?;
                        }
                        last_stockout.insert((s.item, s.location), day);
                    }
                }
            }
        }

        // Consignment: the supplier checks its own stock every Monday and tops it up.
        if weekday == Weekday::Mon {
            let c = at(change, day, 9);
            for s in stocked.iter().filter(|s| s.consigned) {
                let have = on_hand.get(&(s.item, s.location)).copied().unwrap_or(0);
                if have <= s.reorder_point {
                    stock::receive(
                        tx,
                        &c,
                        &Receipt {
                            stock: stock_key(s, &suppliers),
                            quantity: s.order_up_to - have,
                            reference: Some(format!("consignment top-up {}", day.format("%Y-%m"))),
                            reason: Some("consignment top-up".into()),
                            ..Default::default()
                        },
                    )?;
                    on_hand.insert((s.item, s.location), s.order_up_to);
                }
            }
        }

        // Mondays: give up back-orders that two weeks after the last delivery have not
        // come (the rejected units are not sent again), then order what fell to its
        // reorder point, one order per supplier and store.
        if weekday == Weekday::Mon {
            let c = at(change, day, 9);
            let finished: Vec<i64> =
                last_delivery.iter().filter(|(_, last)| **last + Days::new(14) < day).map(|(o, _)| *o).collect();
            for order in finished {
                last_delivery.remove(&order);
                if purchasing::order(tx, order)?.status == purchasing::OrderStatus::PartiallyReceived {
                    purchasing::close(tx, &c, order)?;
                }
            }
        }
        if weekday == Weekday::Mon {
            let mut orders: BTreeMap<(usize, i64), Vec<(&Stocked, i64)>> = BTreeMap::new();
            for s in stocked.iter().filter(|s| !s.consigned) {
                let position = on_hand.get(&(s.item, s.location)).copied().unwrap_or(0)
                    + on_order.get(&(s.item, s.location)).copied().unwrap_or(0);
                if position <= s.reorder_point {
                    let pack = FAMILIES[s.family].5;
                    let quantity = reorder::order_quantity(s.order_up_to - position, pack, pack);
                    orders.entry((s.supplier, s.location)).or_default().push((s, quantity));
                }
            }
            let c = at(change, day, 10);
            for ((supplier, location), lines) in orders {
                let profile = &PROFILES[supplier % PROFILES.len()];
                let drift = profile.price_drift;
                let order = purchasing::create_order(
                    tx,
                    &c,
                    &OrderInput {
                        supplier_id: suppliers[supplier],
                        deliver_to_id: location,
                        currency: Some("EUR".into()),
                        freight: (rng.below(3) == 0).then(|| format_money(1_500 + rng.below(4) as i64 * 500)),
                        other_charges: None,
                        notes: String::new(),
                        lines: lines
                            .iter()
                            .map(|(s, quantity)| LineInput {
                                item_id: Some(s.item),
                                model_id: None,
                                description: String::new(),
                                quantity: *quantity,
                                unit_price: (drift > 0 && rng.below(3) == 0)
                                    .then(|| format_money(FAMILIES[s.family].3 * (100 + drift) / 100)),
                                promised_on: None,
                            })
                            .collect(),
                    },
                )?;
                purchasing::approve(tx, &c, order.id)?;
                let order = purchasing::send(tx, &c, order.id, day)?;
                for (line, (s, quantity)) in order.lines.iter().zip(&lines) {
                    on_order.insert((s.item, s.location), on_order.get(&(s.item, s.location)).unwrap_or(&0) + quantity);
                    line_target.insert(line.id, (s.item, s.location));
                    let promised = line.promised_on.unwrap_or(day + Days::new(7));
                    let late = if rng.below(100) < profile.late { 1 + rng.below(profile.late_days) } else { 0 };
                    let early = if late == 0 { rng.below(2) } else { 0 };
                    let first_day = promised + Days::new(late) - Days::new(early);
                    let damaged = (*quantity as u64 * profile.damaged_per_mille / 1000
                        + u64::from(rng.below(1000) < profile.damaged_per_mille * 3))
                        as i64;
                    let damaged = damaged.min(*quantity);
                    let good = quantity - damaged;
                    let last = if good > 1 && rng.below(100) < profile.split {
                        let first = good * 3 / 5;
                        push(&mut deliveries, first_day, order.id, line.id, first, damaged);
                        let second_day = first_day + Days::new(3 + rng.below(8));
                        push(&mut deliveries, second_day, order.id, line.id, good - first, 0);
                        second_day
                    } else {
                        push(&mut deliveries, first_day, order.id, line.id, good, damaged);
                        first_day
                    };
                    let latest = last_delivery.entry(order.id).or_insert(last);
                    *latest = (*latest).max(last);
                }
            }
        }
        day = day + Days::new(1);
    }
    // The planning configuration an asset manager would have set up by now: category
    // goals, cost rates, onboarding kits and the next months' hiring plan.
    crate::goals::seed_demo(tx, change)?;
    crate::costs::seed_demo(tx, change)?;
    crate::hiring::seed_demo(tx, change)?;
    Ok(())
}

/// Why a shelf ran empty, as the stock manager would find out: the late order core
/// linked when it recorded the stockout, a reorder point below a week's demand, or else
/// more demand than usual.
fn stockout_cause(stockout: &Stockout, s: &Stocked) -> StockoutCause {
    if stockout.late_order_id.is_some() {
        StockoutCause::LateSupplier
    } else if s.reorder_point <= (s.daily * 7.0).ceil() as i64 {
        StockoutCause::ReorderPointTooLow
    } else {
        StockoutCause::DemandSpike
    }
}

fn push(deliveries: &mut BTreeMap<NaiveDate, Vec<Delivery>>, day: NaiveDate, order: i64, line: i64, a: i64, r: i64) {
    if a + r > 0 {
        deliveries.entry(day).or_default().push(Delivery { order, line, accepted: a, rejected: r });
    }
}

fn stock_key(s: &Stocked, suppliers: &[i64]) -> StockKey {
    if s.consigned {
        StockKey::consigned(s.item, s.location, suppliers[suppliers.len().min(3) - 1])
    } else {
        StockKey::ours(s.item, s.location)
    }
}

/// A change on `day` at `hour` UTC, by the demo's actor.
fn at(change: &Change, day: NaiveDate, hour: u32) -> Change {
    let naive = day.and_hms_opt(hour, 0, 0).expect("valid time");
    Change { actor: change.actor.clone(), at: Utc.from_utc_datetime(&naive).min(change.at) }
}

fn room_name(tx: &Transaction, id: i64) -> Option<String> {
    tx.query_row("SELECT name FROM locations WHERE id = ?1", [id], |r| r.get(0)).ok()
}

fn supplier_code(index: usize) -> String {
    ["IN", "CD", "BE", "CC", "SH", "SO"].get(index).unwrap_or(&"SU").to_string()
}

/// A valid EAN-13 (check digit computed), as printed on retail boxes.
fn ean13(rng: &mut Rng) -> String {
    let mut digits: Vec<u32> = vec![5, 0];
    for _ in 0..10 {
        digits.push(rng.below(10) as u32);
    }
    let sum: u32 = digits.iter().enumerate().map(|(i, d)| if i % 2 == 0 { *d } else { d * 3 }).sum();
    digits.push((10 - sum % 10) % 10);
    digits.iter().map(|d| char::from_digit(*d, 10).expect("a digit")).collect()
}

/// How much busier than usual `day` is for items used in `pattern`.
fn seasonality(pattern: Pattern, day: NaiveDate) -> f64 {
    // Quieter in August and over Christmas everywhere.
    let holiday = match (day.month(), day.day()) {
        (8, _) => 0.6,
        (12, 20..) | (1, ..=3) => 0.3,
        _ => 1.0,
    };
    let shape = match pattern {
        // New-starter waves: the first three weeks of January and September.
        Pattern::NewStarters if matches!(day.month(), 1 | 9) && day.day() <= 21 => 2.8,
        Pattern::NewStarters => 1.0,
        Pattern::MonthEnd => {
            let last = last_day_of_month(day);
            if last - day.day() < 5 {
                2.5
            } else {
                0.8
            }
        }
        Pattern::Steady | Pattern::Intermittent => 1.0,
    };
    // Mondays are busiest at the service desk, Fridays quietest.
    let weekday = match day.weekday() {
        Weekday::Mon => 1.3,
        Weekday::Fri => 0.7,
        _ => 1.0,
    };
    holiday * shape * weekday
}

fn last_day_of_month(day: NaiveDate) -> u32 {
    let next = day.with_day(1).expect("day 1").checked_add_months(chrono::Months::new(1)).expect("in range");
    (next - Days::new(1)).day()
}

/// Units asked for on one day at `rate` a day: Poisson for everyday items, and for
/// spares a rare event of one to three units.
fn draw(rng: &mut Rng, rate: f64, pattern: Pattern) -> i64 {
    if pattern == Pattern::Intermittent {
        let chance = (rate * 1_000_000.0) as u64;
        return if rng.below(1_000_000) < chance { 1 + rng.below(3) as i64 } else { 0 };
    }
    // Knuth's method: fine for the small rates here.
    let limit = (-rate).exp();
    let mut product = 1.0;
    let mut n = -1;
    while product > limit {
        product *= (rng.below(1 << 30) as f64 + 0.5) / (1u64 << 30) as f64;
        n += 1;
    }
    n.max(0)
}
