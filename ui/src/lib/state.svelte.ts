// App-wide state: the current view, reference data, settings, toasts and dialogs.
import type { ReferenceData, Settings, DatabaseStatus, AssetFilter } from "../bindings";
import { commands, toError } from "./api";

export type View = "register" | "reference" | "import" | "settings";

type Toast = { id: number; text: string; kind: "ok" | "error" };
type Confirm = { title: string; text: string; ok: string; input?: string; resolve: (v: string | null) => void };

const emptyReference: ReferenceData = { locations: [], categories: [], manufacturers: [], models: [], suppliers: [], people: [] };

class AppState {
  view = $state<View>("register");
  status = $state<DatabaseStatus | null>(null);
  reference = $state<ReferenceData>(emptyReference);
  settings = $state<Settings | null>(null);
  /** The asset shown in the detail panel. */
  openAssetId = $state<number | null>(null);
  /** The asset form: null closed, 0 new, else the asset id being edited. */
  formAssetId = $state<number | null>(null);
  formPresetTag = $state<string | null>(null);
  toasts = $state<Toast[]>([]);
  confirm = $state<Confirm | null>(null);
  scanUnknown = $state<string | null>(null);
  /** Bumped whenever assets change, so the register reloads. */
  revision = $state(0);
  registerFilter = $state<AssetFilter>({ categoryId: null, locationId: null, status: null, assignedTo: null, text: null });
  search = $state("");
  theme = $state<"light" | "dark" | "system">((localStorage.getItem("theme") as "light" | "dark" | null) ?? "system");

  async load(): Promise<void> {
    this.status = await commands.databaseStatus();
    if (!this.status.open) return;
    await this.reloadData();
  }

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

  toast(text: string, kind: "ok" | "error" = "ok"): void {
    const id = Date.now() + Math.random();
    this.toasts.push({ id, text, kind });
    setTimeout(() => (this.toasts = this.toasts.filter((t) => t.id !== id)), kind === "error" ? 8000 : 4000);
  }

  fail(e: unknown): void {
    this.toast(toError(e).message, "error");
  }

  /** Asks the user; resolves true on OK. */
  ask(title: string, text: string, ok = "OK"): Promise<boolean> {
    return new Promise((resolve) => {
      this.confirm = { title, text, ok, resolve: (v) => resolve(v !== null) };
    });
  }

  /** Asks for a line of text (e.g. a reason); resolves null on cancel. */
  prompt(title: string, text: string, ok: string): Promise<string | null> {
    return new Promise((resolve) => {
      this.confirm = { title, text, ok, input: "", resolve };
    });
  }

  openAsset(id: number): void {
    this.formAssetId = null;
    this.openAssetId = id;
    this.view = "register";
  }

  newAsset(tag: string | null = null): void {
    this.formPresetTag = tag;
    this.formAssetId = 0;
  }

  setTheme(theme: "light" | "dark" | "system"): void {
    this.theme = theme;
    if (theme === "system") localStorage.removeItem("theme");
    else localStorage.setItem("theme", theme);
  }

  locationName(id: number | null): string {
    return this.reference.locations.find((l) => l.id === id)?.fullName ?? "";
  }
}

export const app = new AppState();
