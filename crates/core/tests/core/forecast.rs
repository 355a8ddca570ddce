//! Demand history, back-tested forecasts and their overrides, on series whose answers
//! are known.

use chrono::{DateTime, NaiveDate, Utc};
use tagledger_core::forecast::{
    self, Bucket, DemandPoint, ErrorMeasure, ItemSummary, Method, CROSTON_ALPHA, MA_WINDOW,
};
use tagledger_core::stock::{self, Issue, Receipt, StockItemInput, StockKey, Transfer};
use tagledger_core::{events, reference, Change, Connection, Error};

use super::{change, fixture};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A change dated `date` at noon UTC, so movements land on that day.
fn on(date: NaiveDate) -> Change {
    Change {
        actor: "tester".into(),
        at: DateTime::<Utc>::from_naive_utc_and_offset(date.and_hms_opt(12, 0, 0).unwrap(), Utc),
    }
}

fn new_item(conn: &mut Connection, sku: &str) -> i64 {
    tagledger_core::write(conn, |tx| {
        let input = StockItemInput { sku: sku.into(), name: format!("Item {sku}"), ..Default::default() };
        Ok(stock::create_item(tx, &change(), &input)?.id)
    })
    .unwrap()
}

fn receive(conn: &mut Connection, key: StockKey, date: NaiveDate, quantity: i64) {
    tagledger_core::write(conn, |tx| {
        stock::receive(tx, &on(date), &Receipt { stock: key, quantity, ..Default::default() })
    })
    .unwrap();
}

fn issue(conn: &mut Connection, key: StockKey, date: NaiveDate, quantity: i64) {
    let input =
        Issue { stock: key, quantity, issued_to: Some("Finance".into()), reason: "use".into(), ..Default::default() };
    tagledger_core::write(conn, |tx| stock::issue(tx, &on(date), &input)).unwrap();
}

/// Issues `series[i]` on the 10th of the i-th month from `first`, from a stock of
/// 100,000 received before.
fn play(conn: &mut Connection, key: StockKey, first: NaiveDate, series: &[i64]) {
    receive(conn, key, day(2022, 12, 1), 100_000);
    for (i, &q) in series.iter().enumerate() {
        if q > 0 {
            let month = first + chrono::Months::new(i as u32);
            issue(conn, key, month, q);
        }
    }
}

fn quantities(points: &[DemandPoint]) -> Vec<i64> {
    points.iter().map(|p| p.quantity).collect()
}

#[test]
fn demand_history_counts_issues_only_and_fills_empty_buckets() {
    let mut f = fixture();
    let ids = f.ids;
    let item = new_item(&mut f.conn, "TON-1");
    let supplier = tagledger_core::write(&mut f.conn, |tx| {
        reference::create_supplier(tx, &change(), "Consign Co", None, None, None)
    })
    .unwrap();
    let (room, other) = (StockKey::ours(item, ids.room), StockKey::ours(item, ids.other_room));
    let consigned = StockKey::consigned(item, ids.room, supplier);
    receive(&mut f.conn, room, day(2026, 1, 5), 50);
    receive(&mut f.conn, consigned, day(2026, 1, 5), 20);
    issue(&mut f.conn, room, day(2026, 1, 12), 4);
    issue(&mut f.conn, room, day(2026, 1, 31), 1);
    issue(&mut f.conn, consigned, day(2026, 3, 2), 6);
    tagledger_core::write(&mut f.conn, |tx| {
        let t = Transfer {
            item_id: item,
            from_location_id: ids.room,
            to_location_id: ids.other_room,
            quantity: 10,
            ..Default::default()
        };
        stock::transfer(tx, &on(day(2026, 3, 3)), &t)
    })
    .unwrap();
    issue(&mut f.conn, other, day(2026, 3, 9), 3);
    issue(&mut f.conn, room, day(2026, 5, 1), 2); // after the range

    let monthly =
        forecast::demand_history(&f.conn, item, None, Bucket::Month, day(2026, 1, 1), day(2026, 4, 30)).unwrap();
    assert_eq!(
        monthly.iter().map(|p| p.start).collect::<Vec<_>>(),
        [day(2026, 1, 1), day(2026, 2, 1), day(2026, 3, 1), day(2026, 4, 1)]
    );
    // Receipts and the transfer are not demand; the consignment issue is.
    assert_eq!(quantities(&monthly), [5, 0, 9, 0]);
    let here =
        forecast::demand_history(&f.conn, item, Some(ids.room), Bucket::Month, day(2026, 1, 1), day(2026, 4, 30))
            .unwrap();
    assert_eq!(quantities(&here), [5, 0, 6, 0]);

    // Weeks start on Monday: 12 Jan 2026 is one; 31 Jan is in the week of 26 Jan.
    let weekly =
        forecast::demand_history(&f.conn, item, None, Bucket::Week, day(2026, 1, 12), day(2026, 2, 1)).unwrap();
    let weeks: Vec<(NaiveDate, i64)> = weekly.iter().map(|p| (p.start, p.quantity)).collect();
    assert_eq!(weeks, [(day(2026, 1, 12), 4), (day(2026, 1, 19), 0), (day(2026, 1, 26), 1)]);
    let daily = forecast::demand_history(&f.conn, item, None, Bucket::Day, day(2026, 3, 1), day(2026, 3, 3)).unwrap();
    assert_eq!(quantities(&daily), [0, 6, 0]);
    // The last day of the range counts whole.
    let jan = forecast::demand_history(&f.conn, item, None, Bucket::Day, day(2026, 1, 31), day(2026, 1, 31)).unwrap();
    assert_eq!(quantities(&jan), [1]);
}

/// 36 months: base 20, a strong yearly pattern, a small trend and a little wobble.
fn seasonal() -> Vec<f64> {
    let pattern = [0.0, -4.0, 2.0, 6.0, 10.0, 8.0, 3.0, -2.0, 12.0, -8.0, -12.0, -15.0];
    (0..36).map(|t| 20.0 + pattern[t % 12] + 0.2 * t as f64 + [0.3, -0.3, 0.0][t % 3]).collect()
}

#[test]
fn holt_winters_beats_the_moving_average_on_a_seasonal_series() {
    let f = forecast::forecast_series(&seasonal(), 3, None);
    let result = |m: Method| f.methods.iter().find(|r| r.method == m).unwrap();
    let (hw, ma) = (result(Method::HoltWinters), result(Method::MovingAverage));
    assert_eq!(f.measure, ErrorMeasure::Mape);
    assert_eq!(f.origins, 12);
    assert!(hw.eligible);
    assert!(hw.mape.unwrap() < ma.mape.unwrap() / 5.0, "hw {:?} ma {:?}", hw.mape, ma.mape);
    assert_eq!(f.best, Method::HoltWinters);
    assert_eq!(f.chosen, Method::HoltWinters);
    // Next January to March repeat the pattern on the trend: about 27, 23 and 29.
    for (got, want) in hw.forecast.iter().zip([20.0 + 7.2, 20.0 - 4.0 + 7.4, 20.0 + 2.0 + 7.6]) {
        assert!((got - want).abs() < 1.0, "{:?}", hw.forecast);
    }
    assert!(!result(Method::Croston).eligible, "demand every month is not intermittent");

    // Without two seasons before every origin Holt-Winters is not offered.
    let short = forecast::forecast_series(&seasonal()[..29], 3, None);
    let hw = short.methods.iter().find(|r| r.method == Method::HoltWinters).unwrap();
    assert!(!hw.eligible && hw.forecast.is_empty() && hw.mape.is_none());
}

/// 24 months of a spare that moves now and then (two seasons, but not 30 months, so
/// Holt-Winters stays out).
const INTERMITTENT: [i64; 24] = [5, 0, 0, 0, 3, 0, 0, 0, 3, 0, 0, 0, 5, 0, 4, 0, 3, 0, 0, 0, 4, 0, 4, 0];

#[test]
fn croston_is_chosen_for_intermittent_demand() {
    let series: Vec<f64> = INTERMITTENT.iter().map(|&q| q as f64).collect();
    let f = forecast::forecast_series(&series, 3, None);
    assert!(f.intermittent);
    assert_eq!(f.measure, ErrorMeasure::Mase);
    let result = |m: Method| f.methods.iter().find(|r| r.method == m).unwrap();
    let croston = result(Method::Croston);
    assert!(croston.eligible);
    for other in [Method::MovingAverage, Method::ExponentialSmoothing] {
        assert!(croston.mase.unwrap() < result(other).mase.unwrap(), "{other:?}: {:?}", f.methods);
    }
    assert_eq!(f.chosen, Method::Croston);
    assert_eq!(croston.forecast, vec![forecast::croston(&series, CROSTON_ALPHA); 3]);
    // MAPE is over the months that had demand only; it is still reported.
    assert!(croston.mape.is_some());
}

#[test]
fn back_test_figures_on_a_tiny_series_by_hand() {
    // Five months; two origins (3 months of training before the first).
    // Moving average (3): at month 4 from 4, 2, 6 → 4 (actual 8, error −4); at month 5
    // from 2, 6, 8 → 16/3 (actual 0, error 16/3). The naive MAE of the whole series is
    // (2 + 4 + 2 + 8) / 4 = 4.
    let series = [4.0, 2.0, 6.0, 8.0, 0.0];
    let f = forecast::forecast_series(&series, 1, None);
    assert_eq!(f.origins, 2);
    let ma = f.methods.iter().find(|r| r.method == Method::MovingAverage).unwrap();
    let close = |a: f64, b: f64| assert!((a - b).abs() < 1e-9, "{a} ≠ {b}");
    close(ma.mape.unwrap(), 50.0); // |−4| / 8 only: the zero month has no percentage
    close(ma.mase.unwrap(), ((4.0 + 16.0 / 3.0) / 2.0) / 4.0);
    close(ma.bias.unwrap(), (-4.0 + 16.0 / 3.0) / 2.0);
    let rmse = ((16.0 + 256.0 / 9.0) / 2.0_f64).sqrt();
    close(ma.rmse.unwrap(), rmse);
    // The forecast from all five months, with its 80% band.
    close(ma.forecast[0], 14.0 / 3.0);
    close(ma.upper[0], 14.0 / 3.0 + 1.28 * rmse);
    close(ma.lower[0], (14.0 / 3.0 - 1.28 * rmse).max(0.0));
    assert_eq!(MA_WINDOW, 3);
}

#[test]
fn an_item_forecast_from_the_ledger_its_override_and_forecast_all() {
    let mut f = fixture();
    let ids = f.ids;
    let seasonal_item = new_item(&mut f.conn, "SEAS-1");
    let spare = new_item(&mut f.conn, "SPARE-1");
    let idle = new_item(&mut f.conn, "IDLE-1");
    let season: Vec<i64> = seasonal().iter().map(|y| y.round() as i64).collect();
    play(&mut f.conn, StockKey::ours(seasonal_item, ids.room), day(2023, 1, 10), &season);
    play(&mut f.conn, StockKey::ours(spare, ids.other_room), day(2024, 1, 10), &INTERMITTENT);
    // Issues in the month of as_of are not history yet.
    issue(&mut f.conn, StockKey::ours(spare, ids.other_room), day(2026, 1, 3), 50);
    let as_of = day(2026, 1, 15);

    let item = forecast::forecast_item(&f.conn, seasonal_item, as_of, 3).unwrap();
    assert_eq!(item.history.len(), 36);
    assert_eq!(item.history[0], DemandPoint { start: day(2023, 1, 1), quantity: season[0] });
    assert_eq!(item.history[35].start, day(2025, 12, 1));
    assert_eq!(item.months, [day(2026, 1, 1), day(2026, 2, 1), day(2026, 3, 1)]);
    assert_eq!((item.best, item.chosen, item.overridden), (Method::HoltWinters, Method::HoltWinters, false));

    // The spare's history runs from its first issue to December, zeros included.
    let spare_forecast = forecast::forecast_item(&f.conn, spare, as_of, 3).unwrap();
    assert_eq!(quantities(&spare_forecast.history), INTERMITTENT);
    assert_eq!(spare_forecast.history[0].start, day(2024, 1, 1));
    assert_eq!(spare_forecast.history.last().unwrap().start, day(2025, 12, 1));

    // A user prefers the moving average for the seasonal item.
    tagledger_core::write(&mut f.conn, |tx| {
        forecast::set_override(tx, &change(), seasonal_item, Some(Method::MovingAverage))
    })
    .unwrap();
    let item = forecast::forecast_item(&f.conn, seasonal_item, as_of, 3).unwrap();
    assert_eq!((item.best, item.chosen, item.overridden), (Method::HoltWinters, Method::MovingAverage, true));
    assert_eq!(item.override_method, Some(Method::MovingAverage));
    let ma_value = season[33..].iter().sum::<i64>() as f64 / 3.0;
    assert_eq!(item.chosen_result().forecast, vec![ma_value; 3]);
    let history = events::history(&f.conn, "stock_item", seasonal_item).unwrap();
    assert_eq!(history[0].action, "forecast method set");
    assert_eq!(history[0].after.as_ref().unwrap()["forecastMethod"], "moving_average");
    assert_eq!(history[0].before.as_ref().unwrap()["forecastMethod"], serde_json::Value::Null);

    // forecast_all gives every item what forecast_item gives it, override included.
    let all = forecast::forecast_all(&f.conn, as_of, 3).unwrap();
    assert_eq!(all.iter().map(|s| s.sku.as_str()).collect::<Vec<_>>(), ["IDLE-1", "SEAS-1", "SPARE-1"]);
    for (summary, id) in all.iter().zip([idle, seasonal_item, spare]) {
        let one = forecast::forecast_item(&f.conn, id, as_of, 3).unwrap();
        assert_eq!(*summary, ItemSummary::from(&one));
    }
    assert!(all[1].overridden && all[1].chosen == Method::MovingAverage);
    assert_eq!((all[2].chosen, all[2].intermittent), (Method::Croston, true));
    assert_eq!((all[0].history_months, all[0].forecast.clone()), (0, vec![0.0; 3]), "no demand, nothing forecast");

    // Clearing the override goes back to the back-test's choice; clearing again records nothing.
    for _ in 0..2 {
        tagledger_core::write(&mut f.conn, |tx| forecast::set_override(tx, &change(), seasonal_item, None)).unwrap();
    }
    let item = forecast::forecast_item(&f.conn, seasonal_item, as_of, 3).unwrap();
    assert_eq!((item.chosen, item.overridden, item.override_method), (Method::HoltWinters, false, None));
    let history = events::history(&f.conn, "stock_item", seasonal_item).unwrap();
    assert_eq!(
        (history[0].action.as_str(), history[1].action.as_str()),
        ("forecast method cleared", "forecast method set")
    );

    // An override that cannot be computed for the item (Holt-Winters on 24 months) is
    // kept but not used.
    tagledger_core::write(&mut f.conn, |tx| forecast::set_override(tx, &change(), spare, Some(Method::HoltWinters)))
        .unwrap();
    let spare_forecast = forecast::forecast_item(&f.conn, spare, as_of, 3).unwrap();
    assert_eq!(
        (spare_forecast.chosen, spare_forecast.overridden, spare_forecast.override_method),
        (Method::Croston, false, Some(Method::HoltWinters))
    );

    let err =
        tagledger_core::write(&mut f.conn, |tx| forecast::set_override(tx, &change(), 999, Some(Method::Croston)))
            .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err}");
    let err = forecast::parse_method("arima").unwrap_err();
    assert!(err.to_string().starts_with("method: no forecasting method called 'arima'"), "{err}");
    assert_eq!(forecast::parse_method("Holt-Winters").unwrap(), Method::HoltWinters);
}

#[test]
fn biggest_movers_and_the_year_over_year_overlay() {
    let mut f = fixture();
    let ids = f.ids;
    let (a, b, c) = (new_item(&mut f.conn, "A"), new_item(&mut f.conn, "B"), new_item(&mut f.conn, "C"));
    for item in [a, b, c] {
        receive(&mut f.conn, StockKey::ours(item, ids.room), day(2024, 1, 1), 1_000);
    }
    let key = |item| StockKey::ours(item, ids.room);
    // As of 15 April 2026 the recent months are January–March 2026, against January–
    // March 2025.
    issue(&mut f.conn, key(a), day(2025, 2, 10), 10);
    issue(&mut f.conn, key(a), day(2026, 3, 31), 40); // +30
    issue(&mut f.conn, key(b), day(2025, 1, 1), 50);
    issue(&mut f.conn, key(b), day(2026, 2, 1), 5); // −45
    issue(&mut f.conn, key(c), day(2025, 4, 1), 99); // outside both windows
    issue(&mut f.conn, key(c), day(2026, 4, 2), 99);
    issue(&mut f.conn, key(c), day(2026, 1, 5), 7); // +7
    issue(&mut f.conn, key(c), day(2024, 12, 31), 7); // outside

    let movers = forecast::biggest_movers(&f.conn, day(2026, 4, 15), 10).unwrap();
    let got: Vec<(&str, i64, i64, i64)> =
        movers.iter().map(|m| (m.sku.as_str(), m.recent, m.year_before, m.change)).collect();
    assert_eq!(got, [("B", 5, 50, -45), ("A", 40, 10, 30), ("C", 7, 0, 7)]);
    assert_eq!(movers[0].change_percent, Some(-90.0));
    assert_eq!(movers[2].change_percent, None);
    assert_eq!(forecast::biggest_movers(&f.conn, day(2026, 4, 15), 1).unwrap().len(), 1);

    let overlay = forecast::year_over_year(&f.conn, a, day(2026, 4, 15)).unwrap();
    assert_eq!(overlay.year, 2026);
    assert_eq!(overlay.this_year, [0, 0, 40, 0]);
    assert_eq!(overlay.last_year, [0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
}
