// Generated from src-tauri/src/commands/mod.rs by `cargo xtask bindings`. Do not edit.
import { invoke } from "@tauri-apps/api/core";
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
import type { BulkUpdate } from "./BulkUpdate";
import type { Category } from "./Category";
import type { CategoryCount } from "./CategoryCount";
import type { CategoryPolicy } from "./CategoryPolicy";
import type { CategoryPolicyInput } from "./CategoryPolicyInput";
import type { CategoryTotals } from "./CategoryTotals";
import type { CheckinInput } from "./CheckinInput";
import type { Checkout } from "./Checkout";
import type { CheckoutInput } from "./CheckoutInput";
import type { CheckoutTarget } from "./CheckoutTarget";
import type { Colour } from "./Colour";
import type { CommandError } from "./CommandError";
import type { Compliance } from "./Compliance";
import type { Condition } from "./Condition";
import type { Dashboard } from "./Dashboard";
import type { DatabaseStatus } from "./DatabaseStatus";
import type { DepreciationMethod } from "./DepreciationMethod";
import type { Disposal } from "./Disposal";
import type { DisposalInput } from "./DisposalInput";
import type { DisposalMethod } from "./DisposalMethod";
import type { DueForAudit } from "./DueForAudit";
import type { ErrorCode } from "./ErrorCode";
import type { Event } from "./Event";
import type { FieldDefinition } from "./FieldDefinition";
import type { FieldError } from "./FieldError";
import type { FieldType } from "./FieldType";
import type { Finding } from "./Finding";
import type { FindingClass } from "./FindingClass";
import type { FontStyle } from "./FontStyle";
import type { ImportError } from "./ImportError";
import type { ImportOptions } from "./ImportOptions";
import type { ImportOutcome } from "./ImportOutcome";
import type { ImportProgress } from "./ImportProgress";
import type { ImportReport } from "./ImportReport";
import type { Item } from "./Item";
import type { LabelFields } from "./LabelFields";
import type { LabelJob } from "./LabelJob";
import type { LabelPreview } from "./LabelPreview";
import type { LabelSettings } from "./LabelSettings";
import type { LabelTemplate } from "./LabelTemplate";
import type { Licence } from "./Licence";
import type { LicenceInput } from "./LicenceInput";
import type { LoadResult } from "./LoadResult";
import type { Location } from "./Location";
import type { LocationKind } from "./LocationKind";
import type { LogVerification } from "./LogVerification";
import type { Maintenance } from "./Maintenance";
import type { MaintenanceInput } from "./MaintenanceInput";
import type { MaintenanceKind } from "./MaintenanceKind";
import type { Model } from "./Model";
import type { Money } from "./Money";
import type { Named } from "./Named";
import type { Page } from "./Page";
import type { PageRequest } from "./PageRequest";
import type { Person } from "./Person";
import type { PrintOutcome } from "./PrintOutcome";
import type { ReferenceData } from "./ReferenceData";
import type { ReportRequest } from "./ReportRequest";
import type { Resolution } from "./Resolution";
import type { ScanOutcome } from "./ScanOutcome";
import type { ScanResult } from "./ScanResult";
import type { ScheduleLine } from "./ScheduleLine";
import type { Seat } from "./Seat";
import type { SeatHolder } from "./SeatHolder";
import type { Settings } from "./Settings";
import type { SoftwareProduct } from "./SoftwareProduct";
import type { SortDirection } from "./SortDirection";
import type { SortKey } from "./SortKey";
import type { StatusCount } from "./StatusCount";
import type { StatusLabel } from "./StatusLabel";
import type { Supplier } from "./Supplier";

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
  createCategory: (name: string, fields: Array<FieldDefinition>): Promise<number> => invoke("create_category", { name, fields }),
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
