// App-wide state: the current view, reference data, settings, toasts and dialogs.
import type { Asset, AssetFilter, DatabaseStatus, Maintenance, ReferenceData, ReportRequest, Settings, SortDirection, SortKey } from "../bindings";
import { commands, toError } from "./api";

export type View = "dashboard" | "register" | "audits" | "licences" | "stock" | "purchasing" | "planning" | "policy" | "reference" | "import" | "settings";
export type StockTab = "items" | "issue" | "count" | "stockouts";
export type PurchasingTab = "reorder" | "orders" | "suppliers" | "consignment";
export type PlanningTab = "forecast" | "hiring" | "reorder" | "classification" | "goals" | "costs" | "ageing" | "stockouts" | "buffer";
export type Theme = "light" | "dark" | "system";
export type LifecycleMode = "checkout" | "checkin" | "dispose" | "maintenance";

type Toast = { id: number; text: string; kind: "ok" | "error" };
type Confirm = { title: string; text: string; ok: string; danger: boolean; input?: string; resolve: (v: string | null) => void };

const emptyReference: ReferenceData = { locations: [], categories: [], manufacturers: [], models: [], suppliers: [], people: [], statusLabels: [] };
export const emptyFilter = (): AssetFilter => ({ categoryId: null, locationId: null, status: null, assignedTo: null, text: null, includeDisposed: false });

function storedTheme(): Theme {
  const t = localStorage.getItem("theme");
  return t === "light" || t === "dark" ? t : "system";
}

/** "light" or "dark": the stored choice, or the desktop's preference for "system". */
export function resolveTheme(theme: Theme, systemDark = matchMedia("(prefers-color-scheme: dark)").matches): "light" | "dark" {
  return theme === "dark" || (theme === "system" && systemDark) ? "dark" : "light";
}

class AppState {
  view = $state<View>("dashboard");
  status = $state<DatabaseStatus | null>(null);
  reference = $state.raw<ReferenceData>(emptyReference);
  settings = $state<Settings | null>(null);
  /** The asset shown in the detail panel. */
  openAssetId = $state<number | null>(null);
  /** Which licences the Licences page lists (the dashboard's tile opens it filtered). */
  licenceFilter = $state<"all" | "over" | "unused" | "expiring">("all");
  /** The audit open on the Audits page (its scan screen), or null for the list. */
  openAuditId = $state<number | null>(null);
  /** The Stock page's tab, and the stock item open on its Items tab (null: the list). */
  stockTab = $state<StockTab>("items");
  openStockItemId = $state<number | null>(null);
  /** A stock dialog (item form, movement) is open: scans and page keys leave it alone. */
  stockDialogOpen = $state(false);
  /** The Purchasing page's tab, and the purchase order open on its Orders tab (null: the list). */
  purchasingTab = $state<PurchasingTab>("reorder");
  openOrderId = $state<number | null>(null);
  /** The Planning page's tab, and the stock item its forecast tab shows (null: none picked). */
  planningTab = $state<PlanningTab>("forecast");
  planningItemId = $state<number | null>(null);
  /** The asset form: null closed, 0 new, else the asset id being edited. */
  formAssetId = $state<number | null>(null);
  formPresetTag = $state<string | null>(null);
  formPresetLocation = $state<number | null>(null);
  /** Called with the asset the new-asset form creates, instead of opening it (an
   * audit adding the asset behind an unknown tag stays on the audit). */
  onAssetCreated: ((asset: Asset) => void) | null = null;
  /** Where scanner bursts go instead of opening the asset (the audit screen). */
  scanTarget: ((code: string) => void) | null = null;
  toasts = $state<Toast[]>([]);
  confirm = $state<Confirm | null>(null);
  scanUnknown = $state<string | null>(null);
  showShortcuts = $state(false);
  /** The register's selected asset ids (kept by the register), for Ctrl+P. */
  selection = $state.raw<number[]>([]);
  /** The print-labels dialog: the assets to label (ids in order), or null when closed. */
  printJob = $state<{ ids: number[]; filter: AssetFilter } | null>(null);
  /** The check-out / check-in / dispose / maintenance dialog, when open. */
  lifecycle = $state.raw<{ mode: LifecycleMode; asset: Asset; maintenance?: Maintenance } | null>(null);
  /** Bumped after a lifecycle change, so the detail panel reloads its check-outs. */
  lifecycleRevision = $state(0);
  /** Bumped when the set of assets changes (create, import, bulk), so the register reloads. */
  revision = $state(0);
  /** The last asset edited in place; the register patches its row without losing its place. */
  changedAsset = $state.raw<Asset | null>(null);
  registerFilter = $state<AssetFilter>(emptyFilter());
  /** Kept here so the register comes back sorted as it was after visiting another page. */
  sort = $state<SortKey>("tag");
  direction = $state<SortDirection>("asc");
  search = $state("");
  theme = $state<Theme>(storedTheme());

  /** Something modal covers the app: page-level keys must leave it alone. */
  get modalOpen(): boolean {
    return (
      this.confirm !== null ||
      this.scanUnknown !== null ||
      this.formAssetId !== null ||
      this.showShortcuts ||
      this.printJob !== null ||
      this.lifecycle !== null ||
      this.stockDialogOpen
    );
  }

  async load(): Promise<void> {
    this.status = await commands.databaseStatus();
    if (!this.status.open) return;
    await this.reloadData();
  }

  /** Reference lists, settings and the database status; after a switch or an import. */
  async reloadData(): Promise<void> {
    const [reference, settings, status] = await Promise.all([
      commands.referenceData(),
      commands.getSettings(),
      commands.databaseStatus(),
    ]);
    this.reference = reference;
    this.settings = settings;
    this.status = status;
    this.revision++;
  }

  /** Refreshes the asset count shown in settings without reloading everything. */
  async refreshStatus(): Promise<void> {
    try {
      this.status = await commands.databaseStatus();
    } catch {
      // The count is informative only; the next full reload corrects it.
    }
  }

  toast(text: string, kind: "ok" | "error" = "ok"): void {
    const id = Date.now() + Math.random();
    this.toasts.push({ id, text, kind });
    setTimeout(() => this.dismissToast(id), kind === "error" ? 8000 : 4500);
  }

  dismissToast(id: number): void {
    this.toasts = this.toasts.filter((t) => t.id !== id);
  }

  fail(e: unknown): void {
    this.toast(toError(e).message, "error");
  }

  /** Asks the user; resolves true on OK. */
  ask(title: string, text: string, ok = "OK", danger = false): Promise<boolean> {
    return new Promise((resolve) => {
      this.confirm = { title, text, ok, danger, resolve: (v) => resolve(v !== null) };
    });
  }

  /** Asks for a line of text (e.g. a reason); resolves null on cancel. */
  prompt(title: string, text: string, ok: string, danger = false): Promise<string | null> {
    return new Promise((resolve) => {
      this.confirm = { title, text, ok, danger, input: "", resolve };
    });
  }

  openAsset(id: number): void {
    this.formAssetId = null;
    this.openAssetId = id;
    this.view = "register";
  }

  newAsset(tag: string | null = null, preset: { locationId?: number | null; then?: (asset: Asset) => void } = {}): void {
    if (!this.status?.open) return;
    this.formPresetTag = tag;
    this.formPresetLocation = preset.locationId ?? null;
    this.onAssetCreated = preset.then ?? null;
    this.formAssetId = 0;
  }

  /** Ctrl+P: labels for the selected rows, else for the asset that is open. */
  printShortcut(): void {
    if (this.view !== "register" || this.modalOpen) return;
    if (this.selection.length > 0) this.printLabels(this.selection);
    else if (this.openAssetId !== null) this.printLabels([this.openAssetId]);
    else this.toast("Select assets (or open one) to print their labels", "error");
  }

  /** Opens the print-labels dialog for these assets. */
  printLabels(ids: number[]): void {
    if (ids.length === 0) return;
    this.printJob = { ids: [...ids], filter: emptyFilter() };
  }

  /** Opens Settings scrolled to one of its cards (e.g. "history", "backups"). */
  showSettings(card: string): void {
    this.view = "settings";
    this.openAssetId = null;
    // After Settings has rendered.
    requestAnimationFrame(() => document.querySelector(`[data-testid=${card}]`)?.scrollIntoView({ block: "start" }));
  }

  /** Opens a PDF report in the system's viewer. */
  async openReport(request: ReportRequest): Promise<void> {
    try {
      await commands.openReport(request);
    } catch (e) {
      this.fail(e);
    }
  }

  /** An asset changed in place (edit, retire): patch the register and the detail. */
  assetChanged(asset: Asset): void {
    this.changedAsset = asset;
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    if (theme === "system") localStorage.removeItem("theme");
    else localStorage.setItem("theme", theme);
  }

  clearFilters(): void {
    this.registerFilter = emptyFilter();
    this.search = "";
  }

  locationName(id: number | null): string {
    return this.reference.locations.find((l) => l.id === id)?.fullName ?? "";
  }

  // Escape closes the topmost thing that is open: each dialog or panel registers a
  // closer while it is shown, and the most recent one wins.
  private escapeStack: (() => void)[] = [];

  onEscape(close: () => void): () => void {
    this.escapeStack.push(close);
    return () => {
      const i = this.escapeStack.lastIndexOf(close);
      if (i >= 0) this.escapeStack.splice(i, 1);
    };
  }

  /** Runs the topmost closer; false when nothing was open. */
  escape(): boolean {
    const close = this.escapeStack[this.escapeStack.length - 1];
    if (!close) return false;
    close();
    return true;
  }
}

export const app = new AppState();
