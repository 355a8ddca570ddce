// Switching database files through the native dialogs; shared by Settings and the
// "cannot open this database" screen.
import { open, save } from "@tauri-apps/plugin-dialog";
import type { BackupInfo, DatabaseStatus } from "../bindings";
import { commands, toError } from "./api";
import { chooseOpenPath } from "./files";
import { formatCount, formatTimestamp, plural } from "./format";
import { app } from "./state.svelte";

const FILTERS = [{ name: "Tagledger database", extensions: ["db", "sqlite", "tagledger"] }];

/**
 * Asks for a file (an existing one, or where to create one), switches to it and reloads
 * everything. Returns the path, or null if the user cancelled. Throws the backend's
 * error when the file cannot be used; the current database then stays open.
 */
export async function chooseDatabase(create: boolean): Promise<string | null> {
  const path = create
    ? await save({ title: "Create a new Tagledger database", defaultPath: "tagledger.db", filters: FILTERS })
    : await open({ title: "Open a Tagledger database", multiple: false, directory: false, filters: FILTERS });
  if (typeof path !== "string") return null;
  const status = create ? await commands.createDatabase(path) : await commands.openDatabase(path);
  app.status = status;
  if (!status.open) throw status.error ?? toError(`${path} could not be opened`);
  app.openAssetId = null;
  app.formAssetId = null;
  app.clearFilters();
  await app.reloadData();
  return path;
}

export const BACKUP_FILTER = { name: "Tagledger backup", extensions: ["db", "sqlite", "tagledger"] };

/** "20 assets, 145 recorded changes, saved 25 Nov 2026, 07:49". */
export function describeBackup(info: BackupInfo): string {
  const when = info.modified ? formatTimestamp(info.modified) : "at an unknown time";
  return `${plural(info.assetCount, "asset")}, ${formatCount(info.eventCount)} recorded changes, saved ${when}`;
}

/**
 * Restores a backup once the user has seen what it holds and agreed: asks for the file
 * unless `path` is given, then says what the backup holds followed by `replaced` (what
 * happens to the register in use). Returns the restored backup and the new database
 * status, or null when the user backed out. Throws the backend's error.
 */
export async function restoreBackup(
  path: string | null,
  replaced: string,
  danger: boolean,
): Promise<{ info: BackupInfo; status: DatabaseStatus } | null> {
  path ??= await chooseOpenPath("Restore from a backup", BACKUP_FILTER);
  if (!path) return null;
  const info = await commands.inspectBackup(path);
  const ok = await app.ask("Restore this backup?", `The backup holds ${describeBackup(info)}. ${replaced}`, "Restore backup", danger);
  if (!ok) return null;
  return { info, status: await commands.restoreBackup(path) };
}
