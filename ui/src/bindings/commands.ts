// Generated from src-tauri/src/commands/mod.rs by `cargo xtask bindings`. Do not edit.
import { invoke } from "@tauri-apps/api/core";
import type { Abc } from "./Abc";
import type { Activity } from "./Activity";
import type { Adjustment } from "./Adjustment";
import type { Ageing } from "./Ageing";
import type { AgeingRow } from "./AgeingRow";
import type { AnalysedStockout } from "./AnalysedStockout";
import type { ApprovedSupplier } from "./ApprovedSupplier";
import type { Asset } from "./Asset";
import type { AssetBookValue } from "./AssetBookValue";
import type { AssetDepreciation } from "./AssetDepreciation";
import type { AssetFilter } from "./AssetFilter";
import type { AssetInput } from "./AssetInput";
import type { AssetLifecycle } from "./AssetLifecycle";
import type { AssetPage } from "./AssetPage";
import type { AssetRow } from "./AssetRow";
import type { AssetStatus } from "./AssetStatus";
import type { AssigneeChange } from "./AssigneeChange";
import type { AuditInput } from "./AuditInput";
import type { AuditScope } from "./AuditScope";
import type { AuditSummary } from "./AuditSummary";
import type { BackupInfo } from "./BackupInfo";
import type { Backups } from "./Backups";
import type { BreakKind } from "./BreakKind";
import type { BrokenLink } from "./BrokenLink";
import type { BufferCandidate } from "./BufferCandidate";
import type { BufferPriorities } from "./BufferPriorities";
import type { BulkUpdate } from "./BulkUpdate";
import type { Category } from "./Category";
import type { CategoryActuals } from "./CategoryActuals";
import type { CategoryCostRow } from "./CategoryCostRow";
import type { CategoryCount } from "./CategoryCount";
import type { CategoryGoals } from "./CategoryGoals";
import type { CategoryKind } from "./CategoryKind";
import type { CategoryPolicy } from "./CategoryPolicy";
import type { CategoryPolicyInput } from "./CategoryPolicyInput";
import type { CategoryRate } from "./CategoryRate";
import type { CategoryReorder } from "./CategoryReorder";
import type { CategoryTotals } from "./CategoryTotals";
import type { CheckinInput } from "./CheckinInput";
import type { Checkout } from "./Checkout";
import type { CheckoutInput } from "./CheckoutInput";
import type { CheckoutTarget } from "./CheckoutTarget";
import type { ClassCounts } from "./ClassCounts";
import type { Classification } from "./Classification";
import type { Colour } from "./Colour";
import type { CommandError } from "./CommandError";
import type { Compliance } from "./Compliance";
import type { Components } from "./Components";
import type { ComputedParameters } from "./ComputedParameters";
import type { Condition } from "./Condition";
import type { ConsignedBalance } from "./ConsignedBalance";
import type { ConsignedStock } from "./ConsignedStock";
import type { CostAssumptions } from "./CostAssumptions";
import type { CostBreakdown } from "./CostBreakdown";
import type { CostKind } from "./CostKind";
import type { CostReport } from "./CostReport";
import type { CostSettings } from "./CostSettings";
import type { Count } from "./Count";
import type { CountingCycles } from "./CountingCycles";
import type { Dashboard } from "./Dashboard";
import type { DatabaseStatus } from "./DatabaseStatus";
import type { DemandPoint } from "./DemandPoint";
import type { DemandStats } from "./DemandStats";
import type { DepreciationMethod } from "./DepreciationMethod";
import type { Disposal } from "./Disposal";
import type { DisposalInput } from "./DisposalInput";
import type { DisposalMethod } from "./DisposalMethod";
import type { DueForAudit } from "./DueForAudit";
import type { Duty } from "./Duty";
import type { ErrorCode } from "./ErrorCode";
import type { ErrorMeasure } from "./ErrorMeasure";
import type { Estimate } from "./Estimate";
import type { Event } from "./Event";
import type { FieldDefinition } from "./FieldDefinition";
import type { FieldError } from "./FieldError";
import type { FieldType } from "./FieldType";
import type { Finding } from "./Finding";
import type { FindingClass } from "./FindingClass";
import type { FontStyle } from "./FontStyle";
import type { ForecastView } from "./ForecastView";
import type { Formula } from "./Formula";
import type { GoalMeasure } from "./GoalMeasure";
import type { GoalReport } from "./GoalReport";
import type { Goals } from "./Goals";
import type { GoodsReceipt } from "./GoodsReceipt";
import type { Grade } from "./Grade";
import type { Holding } from "./Holding";
import type { IdleStatus } from "./IdleStatus";
import type { ImportError } from "./ImportError";
import type { ImportOptions } from "./ImportOptions";
import type { ImportOutcome } from "./ImportOutcome";
import type { ImportProgress } from "./ImportProgress";
import type { ImportReport } from "./ImportReport";
import type { Issue } from "./Issue";
import type { Issued } from "./Issued";
import type { Item } from "./Item";
import type { ItemClass } from "./ItemClass";
import type { ItemForecast } from "./ItemForecast";
import type { ItemKitDemand } from "./ItemKitDemand";
import type { ItemRef } from "./ItemRef";
import type { Kit } from "./Kit";
import type { KitDemandTable } from "./KitDemandTable";
import type { KitInput } from "./KitInput";
import type { KitLine } from "./KitLine";
import type { KitLineInput } from "./KitLineInput";
import type { LabelFields } from "./LabelFields";
import type { LabelJob } from "./LabelJob";
import type { LabelPreview } from "./LabelPreview";
import type { LabelSettings } from "./LabelSettings";
import type { LabelTemplate } from "./LabelTemplate";
import type { LeadTime } from "./LeadTime";
import type { LeanCandidate } from "./LeanCandidate";
import type { Licence } from "./Licence";
import type { LicenceInput } from "./LicenceInput";
import type { LineBehind } from "./LineBehind";
import type { LineInput } from "./LineInput";
import type { LoadResult } from "./LoadResult";
import type { Location } from "./Location";
import type { LocationBalance } from "./LocationBalance";
import type { LocationKind } from "./LocationKind";
import type { LocationStorage } from "./LocationStorage";
import type { LogVerification } from "./LogVerification";
import type { Maintenance } from "./Maintenance";
import type { MaintenanceInput } from "./MaintenanceInput";
import type { MaintenanceKind } from "./MaintenanceKind";
import type { MatrixCell } from "./MatrixCell";
import type { Measure } from "./Measure";
import type { Method } from "./Method";
import type { MethodResult } from "./MethodResult";
import type { Model } from "./Model";
import type { Money } from "./Money";
import type { MonthActuals } from "./MonthActuals";
import type { MonthFigures } from "./MonthFigures";
import type { MovementKind } from "./MovementKind";
import type { Mover } from "./Mover";
import type { Named } from "./Named";
import type { NamedRate } from "./NamedRate";
import type { Offer } from "./Offer";
import type { OfferInput } from "./OfferInput";
import type { OnOrder } from "./OnOrder";
import type { OrderDetail } from "./OrderDetail";
import type { OrderFilter } from "./OrderFilter";
import type { OrderInput } from "./OrderInput";
import type { OrderLine } from "./OrderLine";
import type { OrderStatus } from "./OrderStatus";
import type { OrderSummary } from "./OrderSummary";
import type { OtherCurrencyCost } from "./OtherCurrencyCost";
import type { Page } from "./Page";
import type { PageRequest } from "./PageRequest";
import type { ParameterInputs } from "./ParameterInputs";
import type { Period } from "./Period";
import type { Person } from "./Person";
import type { PlanImportPreview } from "./PlanImportPreview";
import type { PlanRow } from "./PlanRow";
import type { PolicyCategory } from "./PolicyCategory";
import type { PolicyChange } from "./PolicyChange";
import type { PolicySection } from "./PolicySection";
import type { PolicySnapshot } from "./PolicySnapshot";
import type { PolicyVersion } from "./PolicyVersion";
import type { PolicyWorkspace } from "./PolicyWorkspace";
import type { Preventable } from "./Preventable";
import type { PriceSource } from "./PriceSource";
import type { PrintOutcome } from "./PrintOutcome";
import type { Protocol } from "./Protocol";
import type { ProtocolKind } from "./ProtocolKind";
import type { PurchaseOrder } from "./PurchaseOrder";
import type { RaciRow } from "./RaciRow";
import type { Receipt } from "./Receipt";
import type { ReceiptInput } from "./ReceiptInput";
import type { ReceiptLine } from "./ReceiptLine";
import type { ReceiptLineInput } from "./ReceiptLineInput";
import type { ReceivedAsset } from "./ReceivedAsset";
import type { ReferenceData } from "./ReferenceData";
import type { ReorderInput } from "./ReorderInput";
import type { ReorderSetting } from "./ReorderSetting";
import type { ReorderSuggestion } from "./ReorderSuggestion";
import type { ReplanPick } from "./ReplanPick";
import type { ReportRequest } from "./ReportRequest";
import type { Resolution } from "./Resolution";
import type { RowError } from "./RowError";
import type { RuleProposal } from "./RuleProposal";
import type { ScanOutcome } from "./ScanOutcome";
import type { ScanResult } from "./ScanResult";
import type { ScheduleLine } from "./ScheduleLine";
import type { Scorecard } from "./Scorecard";
import type { ScorecardDetail } from "./ScorecardDetail";
import type { Seat } from "./Seat";
import type { SeatHolder } from "./SeatHolder";
import type { Settings } from "./Settings";
import type { ShelfStock } from "./ShelfStock";
import type { SlowStock } from "./SlowStock";
import type { SoftwareProduct } from "./SoftwareProduct";
import type { SortDirection } from "./SortDirection";
import type { SortKey } from "./SortKey";
import type { StatusCount } from "./StatusCount";
import type { StatusLabel } from "./StatusLabel";
import type { StockDisposal } from "./StockDisposal";
import type { StockItem } from "./StockItem";
import type { StockItemDetail } from "./StockItemDetail";
import type { StockItemInput } from "./StockItemInput";
import type { StockItemRow } from "./StockItemRow";
import type { StockKey } from "./StockKey";
import type { StockMovement } from "./StockMovement";
import type { Stockout } from "./Stockout";
import type { StockoutAnalysis } from "./StockoutAnalysis";
import type { StockoutCause } from "./StockoutCause";
import type { StockoutCost } from "./StockoutCost";
import type { StockoutGroup } from "./StockoutGroup";
import type { StorageCost } from "./StorageCost";
import type { SuggestedAction } from "./SuggestedAction";
import type { SuggestionPick } from "./SuggestionPick";
import type { Supplier } from "./Supplier";
import type { SupplierReturn } from "./SupplierReturn";
import type { Thresholds } from "./Thresholds";
import type { Transfer } from "./Transfer";
import type { TransferCost } from "./TransferCost";
import type { UnpricedItem } from "./UnpricedItem";
import type { UsageLine } from "./UsageLine";
import type { UsageMovement } from "./UsageMovement";
import type { UsageStatement } from "./UsageStatement";
import type { Weights } from "./Weights";
import type { Xyz } from "./Xyz";
import type { YearOverYear } from "./YearOverYear";

export const commands = {
  /** Which database is open, or why none is. */
  databaseStatus: (): Promise<DatabaseStatus> => invoke("database_status"),
  /** Opens another existing database file. */
  openDatabase: (path: string): Promise<DatabaseStatus> => invoke("open_database", { path }),
  /** Creates (or opens) a database file at a path the user chose. */
  createDatabase: (path: string): Promise<DatabaseStatus> => invoke("create_database", { path }),
  /** The UI has rendered its first screen (used for start-up measurements). */
  appReady: (): Promise<null> => invoke("app_ready"),
  /** Organisation name, tag format, default currency. */
  getSettings: (): Promise<Settings> => invoke("get_settings"),
  saveSettings: (settings: Settings): Promise<Settings> => invoke("save_settings", { settings }),
  /** Copies the open register to a file (consistent while in use). */
  backupNow: (path: string): Promise<BackupInfo> => invoke("backup_now", { path }),
  /** The automatic daily backups of the open register, newest first. */
  listBackups: (): Promise<Backups> => invoke("list_backups"),
  /** What a backup file holds (refused if damaged, foreign or newer). */
  inspectBackup: (path: string): Promise<BackupInfo> => invoke("inspect_backup", { path }),
  /** Replaces the open register with a backup, after a safety copy of it. */
  restoreBackup: (path: string): Promise<DatabaseStatus> => invoke("restore_backup", { path }),
  /** Recomputes the event log's hash chain; reports the first broken link. */
  verifyEventLog: (): Promise<LogVerification> => invoke("verify_event_log"),
  /** The tag the next new asset will get if its tag is left blank. */
  peekNextTag: (): Promise<string> => invoke("peek_next_tag"),
  /** The counts behind the dashboard's tiles and charts. */
  dashboard: (): Promise<Dashboard> => invoke("dashboard"),
  /** Active assets whose warranty ends within `days` days, soonest first. */
  warrantyEnding: (days: number): Promise<Array<AssetRow>> => invoke("warranty_ending", { days }),
  /** Active assets due for audit under their category's interval. */
  dueForAudit: (): Promise<Array<DueForAudit>> => invoke("due_for_audit"),
  /** Each category's depreciation method, useful life, salvage and audit interval. */
  categoryPolicies: (): Promise<Array<CategoryPolicy>> => invoke("category_policies"),
  setCategoryPolicy: (categoryId: number, input: CategoryPolicyInput): Promise<CategoryPolicy> => invoke("set_category_policy", { categoryId, input }),
  /** An asset's depreciation schedule and book value today (None: not depreciated). */
  assetDepreciation: (id: number): Promise<AssetBookValue | null> => invoke("asset_depreciation", { id }),
  /** Cost, accumulated depreciation and book value at a date (default today), per category and currency. */
  bookValueTotals: (at: string | null): Promise<Array<CategoryTotals>> => invoke("book_value_totals", { at }),
  /** Every reference list (locations, categories, models, suppliers, people). */
  referenceData: (): Promise<ReferenceData> => invoke("reference_data"),
  createLocation: (parentId: number | null, name: string): Promise<number> => invoke("create_location", { parentId, name }),
  /** Creates a category for assets, stock or both (the default). */
  createCategory: (name: string, kind: CategoryKind | null, fields: Array<FieldDefinition>): Promise<number> => invoke("create_category", { name, kind, fields }),
  /** Renames a category and sets its kind (refused if its current users would not fit). */
  updateCategory: (id: number, name: string, kind: CategoryKind): Promise<Category> => invoke("update_category", { id, name, kind }),
  createModel: (name: string, manufacturer: string | null, categoryId: number | null): Promise<number> => invoke("create_model", { name, manufacturer, categoryId }),
  createSupplier: (name: string, contact: string | null, email: string | null): Promise<number> => invoke("create_supplier", { name, contact, email }),
  createPerson: (person: Person): Promise<number> => invoke("create_person", { person }),
  /** The organisation's own status labels, each standing for one fixed status. */
  createStatusLabel: (name: string, meaning: AssetStatus): Promise<StatusLabel> => invoke("create_status_label", { name, meaning }),
  renameStatusLabel: (id: number, name: string): Promise<StatusLabel> => invoke("rename_status_label", { id, name }),
  /** Deletes a label; its assets keep their status under the built-in name. */
  deleteStatusLabel: (id: number): Promise<null> => invoke("delete_status_label", { id }),
  /** One keyset page of the register. */
  listAssets: (request: PageRequest): Promise<AssetPage> => invoke("list_assets", { request }),
  /** How many assets match a filter. */
  countAssets: (filter: AssetFilter): Promise<number> => invoke("count_assets", { filter }),
  /** The ids of every asset in a filter (select all). */
  assetIds: (filter: AssetFilter): Promise<Array<number>> => invoke("asset_ids", { filter }),
  getAsset: (id: number): Promise<Asset> => invoke("get_asset", { id }),
  /** The scanner path: an exact tag or serial number. */
  lookupAsset: (code: string): Promise<Asset | null> => invoke("lookup_asset", { code }),
  /** An asset's history, newest first. */
  assetHistory: (id: number): Promise<Array<Event>> => invoke("asset_history", { id }),
  createAsset: (input: AssetInput): Promise<Asset> => invoke("create_asset", { input }),
  updateAsset: (id: number, input: AssetInput): Promise<Asset> => invoke("update_asset", { id, input }),
  /** Applies one change to many assets at once; returns how many changed. */
  bulkUpdateAssets: (ids: Array<number>, update: BulkUpdate): Promise<number> => invoke("bulk_update_assets", { ids, update }),
  retireAsset: (id: number, reason: string): Promise<Asset> => invoke("retire_asset", { id, reason }),
  /** Validates a CSV file without writing anything (the dry run). */
  importCheck: (path: string, options: ImportOptions): Promise<ImportReport> => invoke("import_check", { path, options }),
  /** Validates and, when there are no errors, imports a CSV file in one transaction. Emits `import-progress` events; `import_cancel` rolls it back. */
  importCommit: (path: string, options: ImportOptions): Promise<ImportOutcome> => invoke("import_commit", { path, options }),
  importCancel: (): Promise<null> => invoke("import_cancel"),
  /** Writes the assets of a filter to a CSV file; returns the number of rows. */
  exportAssets: (path: string, filter: AssetFilter): Promise<number> => invoke("export_assets", { path, filter }),
  /** Physical audits, newest first, with their live counts. */
  listAudits: (): Promise<Array<AuditSummary>> => invoke("list_audits"),
  /** Starts an audit of a location subtree and/or categories. */
  startAudit: (input: AuditInput): Promise<AuditSummary> => invoke("start_audit", { input }),
  auditSummary: (id: number): Promise<AuditSummary> => invoke("audit_summary", { id }),
  /** Records one scanned code at the room being audited. */
  scanAudit: (id: number, code: string, locationId: number): Promise<ScanResult> => invoke("scan_audit", { id, code, locationId }),
  /** Records every code of a batch scanner's file, or none if any line is bad. */
  loadAuditFile: (id: number, path: string, locationId: number): Promise<LoadResult> => invoke("load_audit_file", { id, path, locationId }),
  auditFindings: (id: number, only: FindingClass | null): Promise<Array<Finding>> => invoke("audit_findings", { id, only }),
  resolveFinding: (id: number, code: string, resolution: Resolution, note: string): Promise<Finding> => invoke("resolve_finding", { id, code, resolution, note }),
  /** Closes an audit with the auditor's name; scanned assets record the date. */
  closeAudit: (id: number, auditor: string): Promise<AuditSummary> => invoke("close_audit", { id, auditor }),
  /** Software products licences are bought for. */
  softwareProducts: (): Promise<Array<SoftwareProduct>> => invoke("software_products"),
  /** Creates a product (or returns the one with that name). */
  createSoftwareProduct: (name: string, publisher: string | null): Promise<number> => invoke("create_software_product", { name, publisher }),
  /** Every licence with its seat counts; keys masked. */
  listLicences: (): Promise<Array<Licence>> => invoke("list_licences"),
  getLicence: (id: number): Promise<Licence> => invoke("get_licence", { id }),
  /** The licence key in full; the event log records that it was viewed. */
  revealLicenceKey: (id: number): Promise<string | null> => invoke("reveal_licence_key", { id }),
  createLicence: (input: LicenceInput): Promise<Licence> => invoke("create_licence", { input }),
  updateLicence: (id: number, input: LicenceInput): Promise<Licence> => invoke("update_licence", { id, input }),
  licenceSeats: (id: number): Promise<Array<Seat>> => invoke("licence_seats", { id }),
  /** Gives a seat to a person or an asset (refused when none is free). */
  assignLicenceSeat: (id: number, holder: SeatHolder): Promise<Seat> => invoke("assign_licence_seat", { id, holder }),
  releaseLicenceSeat: (seatId: number): Promise<null> => invoke("release_licence_seat", { seatId }),
  /** Over-assigned licences, unused seats, licences expiring within 90 days. */
  licenceCompliance: (): Promise<Compliance> => invoke("licence_compliance"),
  /** The licences an asset holds a seat of. */
  assetLicences: (assetId: number): Promise<Array<Licence>> => invoke("asset_licences", { assetId }),
  /** Stock items whose SKU, name or barcode contains the text (all when blank), by name, with their stock ours and consigned apart. */
  listStockItems: (text: string): Promise<Array<StockItemRow>> => invoke("list_stock_items", { text }),
  /** A stock item, its balances per location and owner, and its newest movements. */
  stockItemDetail: (id: number): Promise<StockItemDetail> => invoke("stock_item_detail", { id }),
  /** The scanner path: a stock item's barcode, or else its SKU. */
  stockItemByCode: (code: string): Promise<StockItem | null> => invoke("stock_item_by_code", { code }),
  createStockItem: (input: StockItemInput): Promise<StockItem> => invoke("create_stock_item", { input }),
  updateStockItem: (id: number, input: StockItemInput): Promise<StockItem> => invoke("update_stock_item", { id, input }),
  /** Every item and owner with a balance at a location. */
  stockAtLocation: (locationId: number): Promise<Array<ShelfStock>> => invoke("stock_at_location", { locationId }),
  receiveStock: (input: Receipt): Promise<StockMovement> => invoke("receive_stock", { input }),
  /** Issues stock; more than is on hand is refused and recorded as a stockout. */
  issueStock: (input: Issue): Promise<Issued> => invoke("issue_stock", { input }),
  /** Issues a scanned basket in one transaction: every line, or none. */
  issueStockLines: (lines: Array<Issue>): Promise<Array<Issued>> => invoke("issue_stock_lines", { lines }),
  /** Moves stock between locations; returns the outgoing and the incoming leg. */
  transferStock: (input: Transfer): Promise<[StockMovement, StockMovement]> => invoke("transfer_stock", { input }),
  adjustStock: (input: Adjustment): Promise<StockMovement> => invoke("adjust_stock", { input }),
  /** Sets a balance to what was counted; the variance, if any, is the movement. */
  countStock: (input: Count): Promise<StockMovement | null> => invoke("count_stock", { input }),
  /** Posts a scan count's lines in one transaction: every variance, or none. */
  countStockLines: (counts: Array<Count>): Promise<Array<StockMovement | null>> => invoke("count_stock_lines", { counts }),
  returnStockToSupplier: (input: SupplierReturn): Promise<StockMovement> => invoke("return_stock_to_supplier", { input }),
  disposeStock: (input: StockDisposal): Promise<StockMovement> => invoke("dispose_stock", { input }),
  /** Every stockout, newest first. */
  listStockouts: (): Promise<Array<Stockout>> => invoke("list_stockouts"),
  setStockoutCause: (id: number, cause: StockoutCause, note: string): Promise<Stockout> => invoke("set_stockout_cause", { id, cause, note }),
  /** Reorder rules at or below their reorder point today (at one location, or all), the most urgent first. */
  reorderSuggestions: (locationId: number | null): Promise<Array<ReorderSuggestion>> => invoke("reorder_suggestions", { locationId }),
  /** Turns picked suggestions into draft orders, one per preferred supplier and delivery location, in one write. */
  draftsFromSuggestions: (picks: Array<SuggestionPick>): Promise<Array<PurchaseOrder>> => invoke("drafts_from_suggestions", { picks }),
  /** A stock item's supplier offers, the preferred one first. */
  stockItemOffers: (itemId: number): Promise<Array<Offer>> => invoke("stock_item_offers", { itemId }),
  supplierOffers: (supplierId: number): Promise<Array<Offer>> => invoke("supplier_offers", { supplierId }),
  createOffer: (input: OfferInput): Promise<Offer> => invoke("create_offer", { input }),
  updateOffer: (id: number, input: OfferInput): Promise<Offer> => invoke("update_offer", { id, input }),
  deleteOffer: (id: number): Promise<null> => invoke("delete_offer", { id }),
  /** A stock item's reorder rules, one per location. */
  reorderSettings: (itemId: number): Promise<Array<ReorderSetting>> => invoke("reorder_settings", { itemId }),
  /** Creates or replaces the reorder rule of an item at a location. */
  setReorder: (input: ReorderInput): Promise<ReorderSetting> => invoke("set_reorder", { input }),
  clearReorder: (itemId: number, locationId: number): Promise<null> => invoke("clear_reorder", { itemId, locationId }),
  /** Safety stock, reorder point, EOQ and order-up-to from demand up to today, with their working; saves nothing. */
  computedReorderParameters: (itemId: number, locationId: number, inputs: ParameterInputs): Promise<ComputedParameters> => invoke("computed_reorder_parameters", { itemId, locationId, inputs }),
  /** Purchase orders, newest first, with their totals. */
  listPurchaseOrders: (filter: OrderFilter): Promise<Array<OrderSummary>> => invoke("list_purchase_orders", { filter }),
  /** An order with its lines and receipts. */
  purchaseOrder: (id: number): Promise<OrderDetail> => invoke("purchase_order", { id }),
  /** Open order lines still owed for a stock item. */
  stockItemOnOrder: (itemId: number): Promise<Array<OnOrder>> => invoke("stock_item_on_order", { itemId }),
  createPurchaseOrder: (input: OrderInput): Promise<PurchaseOrder> => invoke("create_purchase_order", { input }),
  /** Rewrites a draft order. */
  updatePurchaseOrder: (id: number, input: OrderInput): Promise<PurchaseOrder> => invoke("update_purchase_order", { id, input }),
  approvePurchaseOrder: (id: number): Promise<PurchaseOrder> => invoke("approve_purchase_order", { id }),
  /** Records the day an approved order went to the supplier. */
  sendPurchaseOrder: (id: number, orderedOn: string): Promise<PurchaseOrder> => invoke("send_purchase_order", { id, orderedOn }),
  cancelPurchaseOrder: (id: number, reason: string): Promise<PurchaseOrder> => invoke("cancel_purchase_order", { id, reason }),
  /** Gives up the undelivered rest of one line. */
  cancelPurchaseOrderLine: (lineId: number): Promise<PurchaseOrder> => invoke("cancel_purchase_order_line", { lineId }),
  closePurchaseOrder: (id: number): Promise<PurchaseOrder> => invoke("close_purchase_order", { id }),
  /** Books in one delivery against an order: stock received, assets created. */
  receiveGoods: (input: ReceiptInput): Promise<GoodsReceipt> => invoke("receive_goods", { input }),
  /** Every supplier with lines promised in the period, best score first. */
  supplierScorecards: (period: Period): Promise<Array<Scorecard>> => invoke("supplier_scorecards", { period }),
  /** One supplier's scorecard and monthly trend. */
  supplierScorecard: (supplierId: number, period: Period): Promise<ScorecardDetail> => invoke("supplier_scorecard", { supplierId, period }),
  /** The order lines behind one figure of a scorecard. */
  scorecardLines: (supplierId: number, period: Period, measure: Measure): Promise<Array<LineBehind>> => invoke("scorecard_lines", { supplierId, period, measure }),
  scorecardWeights: (): Promise<Weights> => invoke("scorecard_weights"),
  /** Sets the score's weights; they must add up to 100. */
  setScorecardWeights: (weights: Weights): Promise<Weights> => invoke("set_scorecard_weights", { weights }),
  /** Every supplier's consignment stock on hand, by supplier, SKU and location. */
  consignedStock: (): Promise<Array<ConsignedStock>> => invoke("consigned_stock"),
  /** What was used of a supplier's consignment stock over a period, and its value. */
  consignmentUsage: (supplierId: number, period: Period): Promise<UsageStatement> => invoke("consignment_usage", { supplierId, period }),
  /** Writes the usage statement's movements as CSV to a file; returns the path. */
  saveConsignmentCsv: (supplierId: number, period: Period, path: string): Promise<string> => invoke("save_consignment_csv", { supplierId, period, path }),
  /** An item's monthly demand, every method's back-test and forecast, the method in use, and this year's demand against last year's. */
  itemForecast: (itemId: number): Promise<ForecastView> => invoke("item_forecast", { itemId }),
  /** Overrides an item's forecast method (None: back to the back-test's choice). */
  setForecastMethod: (itemId: number, method: Method | null): Promise<ForecastView> => invoke("set_forecast_method", { itemId, method }),
  /** Items whose last three months' demand differs most from the same months a year before. */
  biggestMovers: (): Promise<Array<Mover>> => invoke("biggest_movers"),
  /** ABC by annual consumption value, XYZ by demand variability, and the 3×3 matrix. */
  classification: (): Promise<Classification> => invoke("classification"),
  setClassificationThresholds: (thresholds: Thresholds): Promise<Thresholds> => invoke("set_classification_thresholds", { thresholds }),
  /** How old the stock on hand is (FIFO) at a date (default today), with slow and dead stock. */
  stockAgeing: (asOf: string | null): Promise<Ageing> => invoke("stock_ageing", { asOf }),
  /** Where extra safety stock avoids most stockouts per money, and where stock can go leaner. */
  bufferPriorities: (asOf: string | null): Promise<BufferPriorities> => invoke("buffer_priorities", { asOf }),
  /** The stockouts of a period with durations, causes and whether they were preventable. */
  stockoutAnalysis: (period: Period): Promise<StockoutAnalysis> => invoke("stockout_analysis", { period }),
  /** Onboarding kits: what one new starter needs, per department or for every one ('*'). */
  hiringKits: (): Promise<Array<Kit>> => invoke("hiring_kits"),
  createHiringKit: (input: KitInput): Promise<Kit> => invoke("create_hiring_kit", { input }),
  /** Replaces a kit's name, department and every line. */
  updateHiringKit: (id: number, input: KitInput): Promise<Kit> => invoke("update_hiring_kit", { id, input }),
  deleteHiringKit: (id: number): Promise<null> => invoke("delete_hiring_kit", { id }),
  /** New starters per department in `months` months from `from`'s month (default: this month). */
  hiringPlan: (from: string | null, months: number): Promise<Array<PlanRow>> => invoke("hiring_plan", { from, months }),
  /** Saves the plan grid: replaces every month the rows name, in one transaction. */
  setHiringPlan: (rows: Array<PlanRow>): Promise<Array<PlanRow>> => invoke("set_hiring_plan", { rows }),
  /** Reads and checks HR's CSV at a path: its rows or every error by line and column; writes nothing. */
  previewHiringImport: (path: string): Promise<PlanImportPreview> => invoke("preview_hiring_import", { path }),
  /** Writes the rows a preview accepted; returns how many. */
  importHiringPlan: (rows: Array<PlanRow>): Promise<number> => invoke("import_hiring_plan", { rows }),
  /** The plan's kit demand per item and month, from this month. */
  kitDemand: (months: number): Promise<KitDemandTable> => invoke("kit_demand", { months }),
  /** Every reorder rule (at one location, or all) with safety stock and reorder point recomputed from its forecast and lead time today, beside the current values. */
  reorderFromForecast: (locationId: number | null, serviceLevelBp: number | null): Promise<Array<RuleProposal>> => invoke("reorder_from_forecast", { locationId, serviceLevelBp }),
  /** Saves the picked rules' recomputed values in one write; refused whole when a pick has none. */
  applyReorderFromForecast: (picks: Array<ReplanPick>, serviceLevelBp: number | null): Promise<Array<ReorderSetting>> => invoke("apply_reorder_from_forecast", { picks, serviceLevelBp }),
  /** Every stock category with its goals (fill rate, stockouts, turns, cover, age). */
  categoryGoals: (): Promise<Array<CategoryGoals>> => invoke("category_goals"),
  /** Sets a stock category's goals; all empty removes them. */
  setCategoryGoals: (categoryId: number, goals: Goals): Promise<CategoryGoals> => invoke("set_category_goals", { categoryId, goals }),
  /** Each stock category's goals against its actuals, month by month up to `as_of` (default today). */
  goalActuals: (asOf: string | null, months: number | null): Promise<GoalReport> => invoke("goal_actuals", { asOf, months }),
  /** Inventory costs of the months of a period by category, month and kind, with the stockouts. */
  costReport: (period: Period): Promise<CostReport> => invoke("cost_report", { period }),
  /** Holding rates per category and storage costs per location. */
  costSettings: (): Promise<CostSettings> => invoke("cost_settings"),
  setDefaultHoldingRate: (rateBp: number): Promise<CostSettings> => invoke("set_default_holding_rate", { rateBp }),
  /** Sets a category's yearly holding rate in basis points; None returns it to the default. */
  setHoldingRate: (categoryId: number, rateBp: number | null): Promise<CostSettings> => invoke("set_holding_rate", { categoryId, rateBp }),
  /** Sets what a location costs a month, as typed; blank removes it. */
  setStorageCost: (locationId: number, amount: string | null, currency: string | null): Promise<CostSettings> => invoke("set_storage_cost", { locationId, amount, currency }),
  /** The transfers of a period with their costs where recorded. */
  transferCosts: (period: Period): Promise<Array<TransferCost>> => invoke("transfer_costs", { period }),
  setTransferCost: (transferId: number, amount: string | null, currency: string | null): Promise<null> => invoke("set_transfer_cost", { transferId, amount, currency }),
  setStockoutCost: (stockoutId: number, amount: string | null, currency: string | null): Promise<null> => invoke("set_stockout_cost", { stockoutId, amount, currency }),
  /** The policy workspace: RACI table, protocols, counting cycles, free-text sections (the defaults until first saved). */
  policyWorkspace: (): Promise<PolicyWorkspace> => invoke("policy_workspace"),
  /** Saves the whole workspace; exactly one Accountable role per activity. */
  setPolicyWorkspace: (workspace: PolicyWorkspace): Promise<PolicyWorkspace> => invoke("set_policy_workspace", { workspace }),
  /** What the policy would print today, from the live configuration. */
  policyPreview: (): Promise<PolicySnapshot> => invoke("policy_preview"),
  /** Stores today's snapshot as the next policy version. */
  generatePolicyVersion: (effectiveDate: string, approver: string): Promise<PolicyVersion> => invoke("generate_policy_version", { effectiveDate, approver }),
  /** Every policy version, newest first, with what changed since the one before. */
  policyVersions: (): Promise<Array<PolicyVersion>> => invoke("policy_versions"),
  /** Writes a policy version's PDF to a file; returns the path. */
  savePolicyPdf: (versionId: number, path: string): Promise<string> => invoke("save_policy_pdf", { versionId, path }),
  /** Label templates: the built-in ones, then custom ones. */
  labelTemplates: (): Promise<Array<LabelTemplate>> => invoke("label_templates"),
  /** Creates or updates a custom template (for a built-in one, only its fields). */
  saveLabelTemplate: (template: LabelTemplate): Promise<LabelTemplate> => invoke("save_label_template", { template }),
  deleteLabelTemplate: (key: string): Promise<null> => invoke("delete_label_template", { key }),
  /** The template, QR pattern and printer used last. */
  labelSettings: (): Promise<LabelSettings> => invoke("label_settings"),
  /** Lays out a print run and returns its first sheet, counts and warnings. */
  previewLabels: (job: LabelJob): Promise<LabelPreview> => invoke("preview_labels", { job }),
  saveLabelsPdf: (job: LabelJob, path: string): Promise<PrintOutcome> => invoke("save_labels_pdf", { job, path }),
  /** Writes the labels' PDF to the cache folder and opens it in the system's viewer. */
  openLabelsPdf: (job: LabelJob): Promise<PrintOutcome> => invoke("open_labels_pdf", { job }),
  saveLabelsZpl: (job: LabelJob, path: string): Promise<PrintOutcome> => invoke("save_labels_zpl", { job, path }),
  /** Sends ZPL to a Zebra printer at host[:port] (port 9100 by default). */
  sendLabelsZpl: (job: LabelJob, address: string): Promise<PrintOutcome> => invoke("send_labels_zpl", { job, address }),
  /** Writes a PDF report (register, hand-over receipt, ...) to a file; returns the path. */
  saveReport: (request: ReportRequest, path: string): Promise<string> => invoke("save_report", { request, path }),
  /** Writes a PDF report to the cache folder and opens it in the system's viewer. */
  openReport: (request: ReportRequest): Promise<string> => invoke("open_report", { request }),
  /** Checks an asset out to a person, a location or another asset. */
  checkOutAsset: (id: number, input: CheckoutInput): Promise<Checkout> => invoke("check_out_asset", { id, input }),
  checkInAsset: (id: number, input: CheckinInput): Promise<Asset> => invoke("check_in_asset", { id, input }),
  /** An asset's check-outs (newest first), maintenance and disposal, for its detail. */
  assetLifecycle: (id: number): Promise<AssetLifecycle> => invoke("asset_lifecycle", { id }),
  /** Open check-outs past their expected return date, longest overdue first. */
  overdueCheckouts: (): Promise<Array<Checkout>> => invoke("overdue_checkouts"),
  addMaintenance: (assetId: number, input: MaintenanceInput): Promise<Maintenance> => invoke("add_maintenance", { assetId, input }),
  updateMaintenance: (id: number, input: MaintenanceInput): Promise<Maintenance> => invoke("update_maintenance", { id, input }),
  /** Records how an asset left; it keeps its record and history. */
  disposeAsset: (id: number, input: DisposalInput): Promise<Disposal> => invoke("dispose_asset", { id, input }),
};
