use tagledger_core::assets::{self, AssetInput, AssetStatus};
use tagledger_core::register::{self, AssetFilter, AssetRow, PageRequest, SortDirection, SortKey};
use tagledger_core::write;

use crate::{change, fixture, laptop, Fixture};

/// 150 assets with many ties in every sort column, some NULL dates and costs.
fn register_with_ties() -> Fixture {
    let mut f = fixture();
    let c = change();
    write(&mut f.conn, |tx| {
        for i in 0..150 {
            let input = AssetInput {
                name: ["alpha", "Beta", "gamma"][i % 3].into(),
                category_id: Some(if i % 4 == 0 { f.ids.monitors } else { f.ids.laptops }),
                model_id: (i % 5 != 0).then_some(f.ids.model),
                location_id: Some(if i % 2 == 0 { f.ids.room } else { f.ids.other_room }),
                status: Some(AssetStatus::ALL[i % 3]),
                purchase_date: (i % 7 != 0).then(|| format!("2024-0{}-01", 1 + i % 3)),
                purchase_cost: (i % 6 != 0).then(|| ["100", "250.5", "99"][i % 3].to_string()),
                ..laptop(&f.ids, "")
            };
            let mut input = input;
            if input.category_id != Some(f.ids.laptops) {
                input.custom_fields.clear();
            }
            assets::create(tx, &c, &input)?;
        }
        Ok(())
    })
    .unwrap();
    f
}

fn key(row: &AssetRow, sort: SortKey) -> (String, i64) {
    let text = |s: &str| (s.to_lowercase(), 0);
    let (k, n) = match sort {
        SortKey::Tag => text(&row.tag),
        SortKey::Name => text(&row.name),
        SortKey::Model => text(&row.model_name),
        SortKey::Category => text(&row.category_name),
        SortKey::Location => text(&row.location_name),
        SortKey::Status => (row.status.as_str().to_string(), 0),
        SortKey::PurchaseDate => (row.purchase_date.map(|d| d.to_string()).unwrap_or_default(), 0),
        SortKey::Cost => (String::new(), row.purchase_cost.as_ref().map_or(-1, |m| m.minor)),
    };
    (k, n)
}

fn all_pages(f: &Fixture, filter: &AssetFilter, sort: SortKey, direction: SortDirection, limit: u32) -> Vec<AssetRow> {
    let mut request = PageRequest { filter: filter.clone(), sort, direction, after: None, limit };
    let mut rows = Vec::new();
    for _ in 0..1000 {
        let page = register::page(&f.conn, &request).unwrap();
        assert!(page.rows.len() <= limit as usize);
        rows.extend(page.rows);
        match page.next_cursor {
            Some(c) => request.after = Some(c),
            None => return rows,
        }
    }
    panic!("pagination did not end");
}

#[test]
fn keyset_pages_return_every_row_once_in_order_for_every_sort_filter_and_direction() {
    let f = register_with_ties();
    let filters = [
        AssetFilter::default(),
        AssetFilter { category_id: Some(f.ids.laptops), ..Default::default() },
        AssetFilter { location_id: Some(f.ids.site), ..Default::default() },
        AssetFilter { status: Some(AssetStatus::Deployed), category_id: Some(f.ids.monitors), ..Default::default() },
        AssetFilter { text: Some("beta".into()), ..Default::default() },
    ];
    for filter in &filters {
        let expected_total = register::count(&f.conn, filter).unwrap() as usize;
        assert!(expected_total > 0, "{filter:?} matches something");
        for sort in SortKey::ALL {
            for direction in [SortDirection::Asc, SortDirection::Desc] {
                for limit in [1, 7, 500] {
                    let rows = all_pages(&f, filter, sort, direction, limit);
                    let mut ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
                    assert_eq!(rows.len(), expected_total, "{filter:?} {sort:?} {direction:?} {limit}");
                    ids.sort();
                    ids.dedup();
                    assert_eq!(ids.len(), expected_total, "no duplicates: {filter:?} {sort:?} {direction:?}");
                    let keys: Vec<((String, i64), i64)> = rows.iter().map(|r| (key(r, sort), r.id)).collect();
                    let mut sorted = keys.clone();
                    sorted.sort();
                    if direction == SortDirection::Desc {
                        sorted.reverse();
                    }
                    assert_eq!(keys, sorted, "order: {filter:?} {sort:?} {direction:?} {limit}");
                }
            }
        }
    }
}

#[test]
fn location_filter_includes_sub_locations_and_counts_match() {
    let f = register_with_ties();
    let in_site =
        register::count(&f.conn, &AssetFilter { location_id: Some(f.ids.site), ..Default::default() }).unwrap();
    let in_room =
        register::count(&f.conn, &AssetFilter { location_id: Some(f.ids.room), ..Default::default() }).unwrap();
    assert_eq!((in_site, in_room), (75, 75));
    assert_eq!(register::count(&f.conn, &AssetFilter::default()).unwrap(), 150);
    let ids =
        register::ids(&f.conn, &AssetFilter { location_id: Some(f.ids.other_room), ..Default::default() }).unwrap();
    assert_eq!(ids.len(), 75);
}

#[test]
fn a_tampered_cursor_is_a_clear_error() {
    let f = register_with_ties();
    let request = PageRequest { after: Some("not json".into()), limit: 10, ..Default::default() };
    let err = register::page(&f.conn, &request).unwrap_err();
    assert_eq!(err.to_string(), "after: the page cursor is not valid");
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    /// One generated asset: few distinct values, so ties are everywhere.
    #[derive(Debug, Clone)]
    struct Shape {
        name: usize,
        monitor: bool,
        other_room: bool,
        status: usize,
        date: Option<u32>,
        cost: Option<u32>,
    }

    fn shape() -> impl Strategy<Value = Shape> {
        (
            0..4usize,
            any::<bool>(),
            any::<bool>(),
            0..7usize,
            proptest::option::of(1..4u32),
            proptest::option::of(0..3u32),
        )
            .prop_map(|(name, monitor, other_room, status, date, cost)| Shape {
                name,
                monitor,
                other_room,
                status,
                date,
                cost,
            })
    }

    fn register_of(shapes: &[Shape]) -> Fixture {
        let mut f = fixture();
        let ids = f.ids;
        write(&mut f.conn, |tx| {
            for s in shapes {
                let mut input = AssetInput {
                    name: ["alpha", "Alpha", "beta", "ß"][s.name].into(),
                    category_id: Some(if s.monitor { ids.monitors } else { ids.laptops }),
                    location_id: Some(if s.other_room { ids.other_room } else { ids.room }),
                    status: Some(AssetStatus::ALL[s.status]),
                    purchase_date: s.date.map(|m| format!("2024-0{m}-01")),
                    purchase_cost: s.cost.map(|c| ["5", "5.00", "12"][c as usize].to_string()),
                    ..laptop(&ids, "")
                };
                if s.monitor {
                    input.custom_fields.clear();
                }
                assets::create(tx, &change(), &input)?;
            }
            Ok(())
        })
        .unwrap();
        f
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        /// Any register, any sort and direction, any page size, with or without a
        /// filter: the pages hold every matching row exactly once, in sort order.
        #[test]
        fn pages_return_every_matching_row_exactly_once(
            shapes in proptest::collection::vec(shape(), 0..40),
            sort in 0..8usize,
            descending in any::<bool>(),
            limit in 1..7u32,
            only_monitors in any::<bool>(),
            include_disposed in any::<bool>(),
        ) {
            let f = register_of(&shapes);
            let sort = SortKey::ALL[sort];
            let direction = if descending { SortDirection::Desc } else { SortDirection::Asc };
            let filter = AssetFilter {
                category_id: only_monitors.then_some(f.ids.monitors),
                include_disposed,
                ..Default::default()
            };
            let rows = all_pages(&f, &filter, sort, direction, limit);
            // Disposed assets are out of the active register unless asked for.
            let disposed = |s: &&Shape| AssetStatus::ALL[s.status] == AssetStatus::Disposed;
            let expected =
                shapes.iter().filter(|s| (!only_monitors || s.monitor) && (include_disposed || !disposed(s))).count();
            prop_assert_eq!(rows.len(), expected);
            let mut ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
            ids.sort_unstable();
            ids.dedup();
            prop_assert_eq!(ids.len(), expected, "no row twice");
            prop_assert_eq!(register::count(&f.conn, &filter).unwrap() as usize, expected);
            for pair in rows.windows(2) {
                let (a, b) = ((key(&pair[0], sort), pair[0].id), (key(&pair[1], sort), pair[1].id));
                let ordered = if descending { a >= b } else { a <= b };
                prop_assert!(ordered, "{:?} then {:?} sorted by {:?} {:?}", a, b, sort, direction);
            }
        }
    }
}
