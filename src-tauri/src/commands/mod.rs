//! Every command the UI can call, in one table.
//!
//! `commands!` turns each line into a `#[tauri::command]` (which runs the handler
//! on a blocking thread, never the main thread) and records its name, argument and
//! return types, from which `bindings.rs` generates `ui/src/bindings/commands.ts`.
//! So a command's TypeScript signature can never drift from its Rust one.
//!
//! To add a command: write its handler in the area's module (a plain async fn taking
//! `Ctx` and the arguments) and add one line to the table.

mod assets;
mod audits;
mod backup;
mod costs;
mod dashboard;
mod database;
mod depreciation;
mod goals;
mod hiring;
mod history;
mod import_export;
mod licences;
mod lifecycle;
mod planning;
mod policy;
mod print;
mod purchasing;
mod reference;
mod replan;
mod stock;
mod suppliers;

use std::sync::Arc;

use chrono::NaiveDate;
use tagledger_core::{Change, Connection, Transaction};
use tauri::{AppHandle, State};

use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::state::{AppState, Database};

/// What every handler gets: the app (for events) and its state.
#[derive(Clone)]
pub struct Ctx {
    pub app: AppHandle,
    pub state: AppState,
}

impl Ctx {
    pub fn change(&self) -> Change {
        Change::now(self.state.0.actor.clone())
    }

    /// Runs a read on the reader connection, on a blocking thread.
    pub async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> tagledger_core::Result<T> + Send + 'static,
    ) -> CommandResult<T> {
        let db = self.state.database()?;
        blocking(move || f(&db.reader.lock().expect("reader lock poisoned")).map_err(CommandError::from)).await
    }

    /// Runs a write in one IMMEDIATE transaction on the writer connection, on a
    /// blocking thread. Any error rolls the whole write back.
    pub async fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Transaction, &Change) -> tagledger_core::Result<T> + Send + 'static,
    ) -> CommandResult<T> {
        let db = self.state.database()?;
        let change = self.change();
        blocking(move || {
            let mut conn = db.writer.lock().expect("writer lock poisoned");
            tagledger_core::write(&mut conn, |tx| f(tx, &change)).map_err(CommandError::from)
        })
        .await
    }

    pub fn database(&self) -> CommandResult<Arc<Database>> {
        self.state.database()
    }
}

pub async fn blocking<T: Send + 'static>(f: impl FnOnce() -> CommandResult<T> + Send + 'static) -> CommandResult<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| CommandError::new(ErrorCode::Internal, format!("background task failed: {e}")))?
}

/// Name and TypeScript types of one command, for the generated bindings.
#[cfg_attr(not(test), allow(dead_code))]
pub struct Signature {
    pub name: &'static str,
    pub doc: &'static str,
    /// (argument name as Rust spells it, TypeScript type)
    pub args: Vec<(&'static str, String)>,
    pub ret: String,
    /// Exports every type this command mentions into the bindings folder.
    pub export: fn(&ts_rs::Config) -> Result<(), ts_rs::ExportError>,
}

/// Exports a type's declaration, or for primitives and containers (`String`,
/// `Vec<Event>`, `Option<Asset>`) the declarations of the types inside them.
#[cfg_attr(not(test), allow(dead_code))]
fn export_type<T: ts_rs::TS + 'static + ?Sized>(cfg: &ts_rs::Config) -> Result<(), ts_rs::ExportError> {
    struct Exporter<'a> {
        cfg: &'a ts_rs::Config,
        result: Result<(), ts_rs::ExportError>,
    }
    impl ts_rs::TypeVisitor for Exporter<'_> {
        fn visit<T: ts_rs::TS + 'static + ?Sized>(&mut self) {
            if self.result.is_ok() && T::output_path().is_some() {
                self.result = T::export_all(self.cfg);
            }
        }
    }
    if T::output_path().is_some() {
        return T::export_all(cfg);
    }
    let mut exporter = Exporter { cfg, result: Ok(()) };
    T::visit_dependencies(&mut exporter);
    T::visit_generics(&mut exporter);
    exporter.result
}

macro_rules! commands {
    ($( $(#[doc = $doc:literal])* fn $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty => $handler:path; )*) => {
        $(
            $(#[doc = $doc])*
            #[tauri::command]
            pub async fn $name(app: AppHandle, state: State<'_, AppState>, $($arg: $ty),*) -> CommandResult<$ret> {
                let ctx = Ctx { app, state: state.inner().clone() };
                $handler(ctx, $($arg),*).await
            }
        )*

        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }

        #[allow(dead_code)] // Used by the bindings test.
        pub fn signatures(cfg: &ts_rs::Config) -> Vec<Signature> {
            use ts_rs::TS;
            vec![$(
                Signature {
                    name: stringify!($name),
                    doc: concat!($($doc),*).trim_ascii(),
                    args: vec![$((stringify!($arg), <$ty as TS>::name(cfg))),*],
                    ret: <$ret as TS>::name(cfg),
                    export: |cfg| {
                        $(export_type::<$ty>(cfg)?;)*
                        export_type::<$ret>(cfg)
                    },
                },
            )*]
        }
    };
}

use tagledger_core::assets::{Asset, AssetInput, AssetStatus, BulkUpdate};
use tagledger_core::audits::{AuditInput, AuditSummary, Finding, FindingClass, LoadResult, Resolution, ScanResult};
use tagledger_core::backup::BackupInfo;
use tagledger_core::classification::{Classification, Thresholds};
use tagledger_core::consignment::{ConsignedStock, UsageStatement};
use tagledger_core::costs::{CostReport, CostSettings, TransferCost};
use tagledger_core::dashboard::{Dashboard, DueForAudit};
use tagledger_core::depreciation::{CategoryPolicy, CategoryPolicyInput, CategoryTotals};
use tagledger_core::events::{Event, LogVerification};
use tagledger_core::forecast::{Method, Mover};
use tagledger_core::goals::{CategoryGoals, GoalReport, Goals};
use tagledger_core::import::{ImportOptions, ImportReport};
use tagledger_core::licences::{Compliance, Licence, LicenceInput, Seat, SeatHolder, SoftwareProduct};
use tagledger_core::lifecycle::{
    CheckinInput, Checkout, CheckoutInput, Disposal, DisposalInput, Maintenance, MaintenanceInput,
};
use tagledger_core::policy::{PolicySnapshot, PolicyVersion, PolicyWorkspace};
use tagledger_core::printing::{LabelJob, LabelSettings};
use tagledger_core::purchasing::{
    GoodsReceipt, OnOrder, OrderFilter, OrderInput, OrderSummary, PurchaseOrder, ReceiptInput,
};
use tagledger_core::reference::{Category, CategoryKind, FieldDefinition, Person, ReferenceData};
use tagledger_core::register::{AssetFilter, AssetPage, AssetRow, PageRequest};
use tagledger_core::reorder::{
    ComputedParameters, Offer, OfferInput, ParameterInputs, ReorderInput, ReorderSetting, ReorderSuggestion,
};
use tagledger_core::scorecard::{LineBehind, Measure, Period, Scorecard, Weights};
use tagledger_core::settings::Settings;
use tagledger_core::status_labels::StatusLabel;
use tagledger_core::stock::{
    Adjustment, Count, Disposal as StockDisposal, Issue, Issued, Receipt, ShelfStock, StockItem, StockItemInput,
    StockItemRow, StockMovement, Stockout, StockoutCause, SupplierReturn, Transfer,
};
use tagledger_core::stock_analysis::{Ageing, BufferPriorities, StockoutAnalysis};
use tagledger_print::labels::LabelTemplate;

pub use backup::{check_and_back_up, Backups};
pub use database::DatabaseStatus;
pub use depreciation::AssetBookValue;
pub use import_export::{ImportOutcome, ImportProgress};
pub use lifecycle::AssetLifecycle;
pub use planning::ForecastView;
pub use print::{LabelPreview, PrintOutcome, ReportRequest};
pub use purchasing::{OrderDetail, SuggestionPick};
pub use stock::StockItemDetail;
pub use suppliers::ScorecardDetail;

commands! {
    /// Which database is open, or why none is.
    fn database_status() -> DatabaseStatus => database::status;
    /// Opens another existing database file.
    fn open_database(path: String) -> DatabaseStatus => database::open;
    /// Creates (or opens) a database file at a path the user chose.
    fn create_database(path: String) -> DatabaseStatus => database::create;
    /// The UI has rendered its first screen (used for start-up measurements).
    fn app_ready() -> () => database::ready;
    /// Organisation name, tag format, default currency.
    fn get_settings() -> Settings => database::get_settings;
    fn save_settings(settings: Settings) -> Settings => database::save_settings;
    /// Copies the open register to a file (consistent while in use).
    fn backup_now(path: String) -> BackupInfo => backup::backup_now;
    /// The automatic daily backups of the open register, newest first.
    fn list_backups() -> Backups => backup::list;
    /// What a backup file holds (refused if damaged, foreign or newer).
    fn inspect_backup(path: String) -> BackupInfo => backup::inspect;
    /// Replaces the open register with a backup, after a safety copy of it.
    fn restore_backup(path: String) -> DatabaseStatus => backup::restore;
    /// Recomputes the event log's hash chain; reports the first broken link.
    fn verify_event_log() -> LogVerification => history::verify;
    /// The tag the next new asset will get if its tag is left blank.
    fn peek_next_tag() -> String => database::peek_next_tag;

    /// The counts behind the dashboard's tiles and charts.
    fn dashboard() -> Dashboard => dashboard::summary;
    /// Active assets whose warranty ends within `days` days, soonest first.
    fn warranty_ending(days: u32) -> Vec<AssetRow> => dashboard::warranty_ending;
    /// Active assets due for audit under their category's interval.
    fn due_for_audit() -> Vec<DueForAudit> => dashboard::due_for_audit;

    /// Each category's depreciation method, useful life, salvage and audit interval.
    fn category_policies() -> Vec<CategoryPolicy> => depreciation::policies;
    fn set_category_policy(category_id: i64, input: CategoryPolicyInput) -> CategoryPolicy => depreciation::set_policy;
    /// An asset's depreciation schedule and book value today (None: not depreciated).
    fn asset_depreciation(id: i64) -> Option<AssetBookValue> => depreciation::of_asset;
    /// Cost, accumulated depreciation and book value at a date (default today), per
    /// category and currency.
    fn book_value_totals(at: Option<NaiveDate>) -> Vec<CategoryTotals> => depreciation::totals;

    /// Every reference list (locations, categories, models, suppliers, people).
    fn reference_data() -> ReferenceData => reference::all;
    fn create_location(parent_id: Option<i64>, name: String) -> i64 => reference::create_location;
    /// Creates a category for assets, stock or both (the default).
    fn create_category(name: String, kind: Option<CategoryKind>, fields: Vec<FieldDefinition>) -> i64 => reference::create_category;
    /// Renames a category and sets its kind (refused if its current users would not fit).
    fn update_category(id: i64, name: String, kind: CategoryKind) -> Category => reference::update_category;
    fn create_model(name: String, manufacturer: Option<String>, category_id: Option<i64>) -> i64 => reference::create_model;
    fn create_supplier(name: String, contact: Option<String>, email: Option<String>) -> i64 => reference::create_supplier;
    fn create_person(person: Person) -> i64 => reference::create_person;
    /// The organisation's own status labels, each standing for one fixed status.
    fn create_status_label(name: String, meaning: AssetStatus) -> StatusLabel => reference::create_status_label;
    fn rename_status_label(id: i64, name: String) -> StatusLabel => reference::rename_status_label;
    /// Deletes a label; its assets keep their status under the built-in name.
    fn delete_status_label(id: i64) -> () => reference::delete_status_label;

    /// One keyset page of the register.
    fn list_assets(request: PageRequest) -> AssetPage => assets::list;
    /// How many assets match a filter.
    fn count_assets(filter: AssetFilter) -> i64 => assets::count;
    /// The ids of every asset in a filter (select all).
    fn asset_ids(filter: AssetFilter) -> Vec<i64> => assets::ids;
    fn get_asset(id: i64) -> Asset => assets::get;
    /// The scanner path: an exact tag or serial number.
    fn lookup_asset(code: String) -> Option<Asset> => assets::lookup;
    /// An asset's history, newest first.
    fn asset_history(id: i64) -> Vec<Event> => assets::history;
    fn create_asset(input: AssetInput) -> Asset => assets::create;
    fn update_asset(id: i64, input: AssetInput) -> Asset => assets::update;
    /// Applies one change to many assets at once; returns how many changed.
    fn bulk_update_assets(ids: Vec<i64>, update: BulkUpdate) -> u32 => assets::bulk_update;
    fn retire_asset(id: i64, reason: String) -> Asset => assets::retire;

    /// Validates a CSV file without writing anything (the dry run).
    fn import_check(path: String, options: ImportOptions) -> ImportReport => import_export::check;
    /// Validates and, when there are no errors, imports a CSV file in one transaction.
    /// Emits `import-progress` events; `import_cancel` rolls it back.
    fn import_commit(path: String, options: ImportOptions) -> ImportOutcome => import_export::commit;
    fn import_cancel() -> () => import_export::cancel;
    /// Writes the assets of a filter to a CSV file; returns the number of rows.
    fn export_assets(path: String, filter: AssetFilter) -> u64 => import_export::export;

    /// Physical audits, newest first, with their live counts.
    fn list_audits() -> Vec<AuditSummary> => audits::list;
    /// Starts an audit of a location subtree and/or categories.
    fn start_audit(input: AuditInput) -> AuditSummary => audits::start;
    fn audit_summary(id: i64) -> AuditSummary => audits::summary;
    /// Records one scanned code at the room being audited.
    fn scan_audit(id: i64, code: String, location_id: i64) -> ScanResult => audits::scan;
    /// Records every code of a batch scanner's file, or none if any line is bad.
    fn load_audit_file(id: i64, path: String, location_id: i64) -> LoadResult => audits::load_file;
    fn audit_findings(id: i64, only: Option<FindingClass>) -> Vec<Finding> => audits::findings;
    fn resolve_finding(id: i64, code: String, resolution: Resolution, note: String) -> Finding => audits::resolve;
    /// Closes an audit with the auditor's name; scanned assets record the date.
    fn close_audit(id: i64, auditor: String) -> AuditSummary => audits::close;

    /// Software products licences are bought for.
    fn software_products() -> Vec<SoftwareProduct> => licences::products;
    /// Creates a product (or returns the one with that name).
    fn create_software_product(name: String, publisher: Option<String>) -> i64 => licences::create_product;
    /// Every licence with its seat counts; keys masked.
    fn list_licences() -> Vec<Licence> => licences::list;
    fn get_licence(id: i64) -> Licence => licences::get;
    /// The licence key in full; the event log records that it was viewed.
    fn reveal_licence_key(id: i64) -> Option<String> => licences::reveal_key;
    fn create_licence(input: LicenceInput) -> Licence => licences::create;
    fn update_licence(id: i64, input: LicenceInput) -> Licence => licences::update;
    fn licence_seats(id: i64) -> Vec<Seat> => licences::seats;
    /// Gives a seat to a person or an asset (refused when none is free).
    fn assign_licence_seat(id: i64, holder: SeatHolder) -> Seat => licences::assign_seat;
    fn release_licence_seat(seat_id: i64) -> () => licences::release_seat;
    /// Over-assigned licences, unused seats, licences expiring within 90 days.
    fn licence_compliance() -> Compliance => licences::compliance;
    /// The licences an asset holds a seat of.
    fn asset_licences(asset_id: i64) -> Vec<Licence> => licences::of_asset;

    /// Stock items whose SKU, name or barcode contains the text (all when blank), by
    /// name, with their stock ours and consigned apart.
    fn list_stock_items(text: String) -> Vec<StockItemRow> => stock::items;
    /// A stock item, its balances per location and owner, and its newest movements.
    fn stock_item_detail(id: i64) -> StockItemDetail => stock::detail;
    /// The scanner path: a stock item's barcode, or else its SKU.
    fn stock_item_by_code(code: String) -> Option<StockItem> => stock::item_by_code;
    fn create_stock_item(input: StockItemInput) -> StockItem => stock::create_item;
    fn update_stock_item(id: i64, input: StockItemInput) -> StockItem => stock::update_item;
    /// Every item and owner with a balance at a location.
    fn stock_at_location(location_id: i64) -> Vec<ShelfStock> => stock::at_location;
    fn receive_stock(input: Receipt) -> StockMovement => stock::receive;
    /// Issues stock; more than is on hand is refused and recorded as a stockout.
    fn issue_stock(input: Issue) -> Issued => stock::issue;
    /// Issues a scanned basket in one transaction: every line, or none.
    fn issue_stock_lines(lines: Vec<Issue>) -> Vec<Issued> => stock::issue_lines;
    /// Moves stock between locations; returns the outgoing and the incoming leg.
    fn transfer_stock(input: Transfer) -> (StockMovement, StockMovement) => stock::transfer;
    fn adjust_stock(input: Adjustment) -> StockMovement => stock::adjust;
    /// Sets a balance to what was counted; the variance, if any, is the movement.
    fn count_stock(input: Count) -> Option<StockMovement> => stock::count;
    /// Posts a scan count's lines in one transaction: every variance, or none.
    fn count_stock_lines(counts: Vec<Count>) -> Vec<Option<StockMovement>> => stock::count_lines;
    fn return_stock_to_supplier(input: SupplierReturn) -> StockMovement => stock::return_to_supplier;
    fn dispose_stock(input: StockDisposal) -> StockMovement => stock::dispose;
    /// Every stockout, newest first.
    fn list_stockouts() -> Vec<Stockout> => stock::stockouts;
    fn set_stockout_cause(id: i64, cause: StockoutCause, note: String) -> Stockout => stock::set_stockout_cause;

    /// Reorder rules at or below their reorder point today (at one location, or all),
    /// the most urgent first.
    fn reorder_suggestions(location_id: Option<i64>) -> Vec<ReorderSuggestion> => purchasing::suggestions;
    /// Turns picked suggestions into draft orders, one per preferred supplier and
    /// delivery location, in one write.
    fn drafts_from_suggestions(picks: Vec<SuggestionPick>) -> Vec<PurchaseOrder> => purchasing::drafts_from_suggestions;
    /// A stock item's supplier offers, the preferred one first.
    fn stock_item_offers(item_id: i64) -> Vec<Offer> => purchasing::item_offers;
    fn supplier_offers(supplier_id: i64) -> Vec<Offer> => purchasing::supplier_offers;
    fn create_offer(input: OfferInput) -> Offer => purchasing::create_offer;
    fn update_offer(id: i64, input: OfferInput) -> Offer => purchasing::update_offer;
    fn delete_offer(id: i64) -> () => purchasing::delete_offer;
    /// A stock item's reorder rules, one per location.
    fn reorder_settings(item_id: i64) -> Vec<ReorderSetting> => purchasing::reorder_settings;
    /// Creates or replaces the reorder rule of an item at a location.
    fn set_reorder(input: ReorderInput) -> ReorderSetting => purchasing::set_reorder;
    fn clear_reorder(item_id: i64, location_id: i64) -> () => purchasing::clear_reorder;
    /// Safety stock, reorder point, EOQ and order-up-to from demand up to today, with
    /// their working; saves nothing.
    fn computed_reorder_parameters(item_id: i64, location_id: i64, inputs: ParameterInputs) -> ComputedParameters => purchasing::computed_parameters;
    /// Purchase orders, newest first, with their totals.
    fn list_purchase_orders(filter: OrderFilter) -> Vec<OrderSummary> => purchasing::orders;
    /// An order with its lines and receipts.
    fn purchase_order(id: i64) -> OrderDetail => purchasing::order;
    /// Open order lines still owed for a stock item.
    fn stock_item_on_order(item_id: i64) -> Vec<OnOrder> => purchasing::on_order;
    fn create_purchase_order(input: OrderInput) -> PurchaseOrder => purchasing::create_order;
    /// Rewrites a draft order.
    fn update_purchase_order(id: i64, input: OrderInput) -> PurchaseOrder => purchasing::update_order;
    fn approve_purchase_order(id: i64) -> PurchaseOrder => purchasing::approve;
    /// Records the day an approved order went to the supplier.
    fn send_purchase_order(id: i64, ordered_on: NaiveDate) -> PurchaseOrder => purchasing::send;
    fn cancel_purchase_order(id: i64, reason: String) -> PurchaseOrder => purchasing::cancel;
    /// Gives up the undelivered rest of one line.
    fn cancel_purchase_order_line(line_id: i64) -> PurchaseOrder => purchasing::cancel_line;
    fn close_purchase_order(id: i64) -> PurchaseOrder => purchasing::close;
    /// Books in one delivery against an order: stock received, assets created.
    fn receive_goods(input: ReceiptInput) -> GoodsReceipt => purchasing::receive;

    /// Every supplier with lines promised in the period, best score first.
    fn supplier_scorecards(period: Period) -> Vec<Scorecard> => suppliers::scorecards;
    /// One supplier's scorecard and monthly trend.
    fn supplier_scorecard(supplier_id: i64, period: Period) -> ScorecardDetail => suppliers::scorecard;
    /// The order lines behind one figure of a scorecard.
    fn scorecard_lines(supplier_id: i64, period: Period, measure: Measure) -> Vec<LineBehind> => suppliers::lines_behind;
    fn scorecard_weights() -> Weights => suppliers::weights;
    /// Sets the score's weights; they must add up to 100.
    fn set_scorecard_weights(weights: Weights) -> Weights => suppliers::set_weights;
    /// Every supplier's consignment stock on hand, by supplier, SKU and location.
    fn consigned_stock() -> Vec<ConsignedStock> => suppliers::consigned_stock;
    /// What was used of a supplier's consignment stock over a period, and its value.
    fn consignment_usage(supplier_id: i64, period: Period) -> UsageStatement => suppliers::consignment_usage;
    /// Writes the usage statement's movements as CSV to a file; returns the path.
    fn save_consignment_csv(supplier_id: i64, period: Period, path: String) -> String => suppliers::save_consignment_csv;

    /// An item's monthly demand, every method's back-test and forecast, the method in
    /// use, and this year's demand against last year's.
    fn item_forecast(item_id: i64) -> ForecastView => planning::item_forecast;
    /// Overrides an item's forecast method (None: back to the back-test's choice).
    fn set_forecast_method(item_id: i64, method: Option<Method>) -> ForecastView => planning::set_forecast_method;
    /// Items whose last three months' demand differs most from the same months a year before.
    fn biggest_movers() -> Vec<Mover> => planning::biggest_movers;
    /// ABC by annual consumption value, XYZ by demand variability, and the 3×3 matrix.
    fn classification() -> Classification => planning::classification;
    fn set_classification_thresholds(thresholds: Thresholds) -> Thresholds => planning::set_thresholds;
    /// How old the stock on hand is (FIFO) at a date (default today), with slow and dead stock.
    fn stock_ageing(as_of: Option<NaiveDate>) -> Ageing => planning::ageing;
    /// Where extra safety stock avoids most stockouts per money, and where stock can go leaner.
    fn buffer_priorities(as_of: Option<NaiveDate>) -> BufferPriorities => planning::buffer_priorities;
    /// The stockouts of a period with durations, causes and whether they were preventable.
    fn stockout_analysis(period: Period) -> StockoutAnalysis => planning::stockouts;

    // ---- hiring plan (issue 7)
    /// Onboarding kits: what one new starter needs, per department or for every one ('*').
    fn hiring_kits() -> Vec<hiring::Kit> => hiring::kits;
    fn create_hiring_kit(input: hiring::KitInput) -> hiring::Kit => hiring::create_kit;
    /// Replaces a kit's name, department and every line.
    fn update_hiring_kit(id: i64, input: hiring::KitInput) -> hiring::Kit => hiring::update_kit;
    fn delete_hiring_kit(id: i64) -> () => hiring::delete_kit;
    /// New starters per department in `months` months from `from`'s month (default: this month).
    fn hiring_plan(from: Option<NaiveDate>, months: u32) -> Vec<hiring::PlanRow> => hiring::plan;
    /// Saves the plan grid: replaces every month the rows name, in one transaction.
    fn set_hiring_plan(rows: Vec<hiring::PlanRow>) -> Vec<hiring::PlanRow> => hiring::set_plan;
    /// Reads and checks HR's CSV at a path: its rows or every error by line and column; writes nothing.
    fn preview_hiring_import(path: String) -> hiring::PlanImportPreview => hiring::preview_import;
    /// Writes the rows a preview accepted; returns how many.
    fn import_hiring_plan(rows: Vec<hiring::PlanRow>) -> u32 => hiring::import;
    /// The plan's kit demand per item and month, from this month.
    fn kit_demand(months: u32) -> hiring::KitDemandTable => hiring::kit_demand;

    // ---- reorder from forecast (issue 7)
    /// Every reorder rule (at one location, or all) with safety stock and reorder point
    /// recomputed from its forecast and lead time today, beside the current values.
    fn reorder_from_forecast(location_id: Option<i64>, service_level_bp: Option<i64>) -> Vec<tagledger_core::replan::RuleProposal> => replan::proposals;
    /// Saves the picked rules' recomputed values in one write; refused whole when a pick has none.
    fn apply_reorder_from_forecast(picks: Vec<tagledger_core::replan::ReplanPick>, service_level_bp: Option<i64>) -> Vec<ReorderSetting> => replan::apply;

    // ---- category goals (issue 7)
    /// Every stock category with its goals (fill rate, stockouts, turns, cover, age).
    fn category_goals() -> Vec<CategoryGoals> => goals::category_goals;
    /// Sets a stock category's goals; all empty removes them.
    fn set_category_goals(category_id: i64, goals: Goals) -> CategoryGoals => goals::set_category_goals;
    /// Each stock category's goals against its actuals, month by month up to `as_of` (default today).
    fn goal_actuals(as_of: Option<NaiveDate>, months: Option<i64>) -> GoalReport => goals::goal_actuals;

    // ---- inventory costs (issue 7)
    /// Inventory costs of the months of a period by category, month and kind, with the stockouts.
    fn cost_report(period: Period) -> CostReport => costs::report;
    /// Holding rates per category and storage costs per location.
    fn cost_settings() -> CostSettings => costs::settings;
    fn set_default_holding_rate(rate_bp: i64) -> CostSettings => costs::set_default_holding_rate;
    /// Sets a category's yearly holding rate in basis points; None returns it to the default.
    fn set_holding_rate(category_id: i64, rate_bp: Option<i64>) -> CostSettings => costs::set_holding_rate;
    /// Sets what a location costs a month, as typed; blank removes it.
    fn set_storage_cost(location_id: i64, amount: Option<String>, currency: Option<String>) -> CostSettings => costs::set_storage_cost;
    /// The transfers of a period with their costs where recorded.
    fn transfer_costs(period: Period) -> Vec<TransferCost> => costs::transfers;
    fn set_transfer_cost(transfer_id: i64, amount: Option<String>, currency: Option<String>) -> () => costs::set_transfer_cost;
    fn set_stockout_cost(stockout_id: i64, amount: Option<String>, currency: Option<String>) -> () => costs::set_stockout_cost;

    // ---- inventory policy (issue 7)
    /// The policy workspace: RACI table, protocols, counting cycles, free-text sections
    /// (the defaults until first saved).
    fn policy_workspace() -> PolicyWorkspace => policy::workspace;
    /// Saves the whole workspace; exactly one Accountable role per activity.
    fn set_policy_workspace(workspace: PolicyWorkspace) -> PolicyWorkspace => policy::set_workspace;
    /// What the policy would print today, from the live configuration.
    fn policy_preview() -> PolicySnapshot => policy::preview;
    /// Stores today's snapshot as the next policy version.
    fn generate_policy_version(effective_date: NaiveDate, approver: String) -> PolicyVersion => policy::generate;
    /// Every policy version, newest first, with what changed since the one before.
    fn policy_versions() -> Vec<PolicyVersion> => policy::versions;
    /// Writes a policy version's PDF to a file; returns the path.
    fn save_policy_pdf(version_id: i64, path: String) -> String => policy::save_pdf;

    /// Label templates: the built-in ones, then custom ones.
    fn label_templates() -> Vec<LabelTemplate> => print::templates;
    /// Creates or updates a custom template (for a built-in one, only its fields).
    fn save_label_template(template: LabelTemplate) -> LabelTemplate => print::save_template;
    fn delete_label_template(key: String) -> () => print::delete_template;
    /// The template, QR pattern and printer used last.
    fn label_settings() -> LabelSettings => print::settings;
    /// Lays out a print run and returns its first sheet, counts and warnings.
    fn preview_labels(job: LabelJob) -> LabelPreview => print::preview;
    fn save_labels_pdf(job: LabelJob, path: String) -> PrintOutcome => print::save_labels_pdf;
    /// Writes the labels' PDF to the cache folder and opens it in the system's viewer.
    fn open_labels_pdf(job: LabelJob) -> PrintOutcome => print::open_labels_pdf;
    fn save_labels_zpl(job: LabelJob, path: String) -> PrintOutcome => print::save_labels_zpl;
    /// Sends ZPL to a Zebra printer at host[:port] (port 9100 by default).
    fn send_labels_zpl(job: LabelJob, address: String) -> PrintOutcome => print::send_labels_zpl;
    /// Writes a PDF report (register, hand-over receipt, ...) to a file; returns the path.
    fn save_report(request: ReportRequest, path: String) -> String => print::save_report;
    /// Writes a PDF report to the cache folder and opens it in the system's viewer.
    fn open_report(request: ReportRequest) -> String => print::open_report;

    /// Checks an asset out to a person, a location or another asset.
    fn check_out_asset(id: i64, input: CheckoutInput) -> Checkout => lifecycle::check_out;
    fn check_in_asset(id: i64, input: CheckinInput) -> Asset => lifecycle::check_in;
    /// An asset's check-outs (newest first), maintenance and disposal, for its detail.
    fn asset_lifecycle(id: i64) -> AssetLifecycle => lifecycle::of_asset;
    /// Open check-outs past their expected return date, longest overdue first.
    fn overdue_checkouts() -> Vec<Checkout> => lifecycle::overdue;
    fn add_maintenance(asset_id: i64, input: MaintenanceInput) -> Maintenance => lifecycle::add_maintenance;
    fn update_maintenance(id: i64, input: MaintenanceInput) -> Maintenance => lifecycle::update_maintenance;
    /// Records how an asset left; it keeps its record and history.
    fn dispose_asset(id: i64, input: DisposalInput) -> Disposal => lifecycle::dispose;
}

/// The payload types of events the backend emits, for the bindings.
#[allow(dead_code)]
pub fn event_types(cfg: &ts_rs::Config) -> Result<(), ts_rs::ExportError> {
    use ts_rs::TS;
    ImportProgress::export_all(cfg)?;
    LogVerification::export_all(cfg)?;
    CommandError::export_all(cfg)
}
