// Switching database files through the native dialogs; shared by Settings and the
// "cannot open this database" screen.
import { open, save } from "@tauri-apps/plugin-dialog";
import { commands, toError } from "./api";
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
