// The native file dialogs, with one seam for automated tests: the end-to-end tests set
// `window.__TAGLEDGER_SAVE_PATH__` / `__TAGLEDGER_OPEN_PATH__` because WebDriver cannot
// drive a GTK file chooser.
import { open, save } from "@tauri-apps/plugin-dialog";
import { safeFileName } from "./format";

export async function chooseSavePath(title: string, defaultPath: string, filter: { name: string; extensions: string[] }): Promise<string | null> {
  const preset = (window as unknown as { __TAGLEDGER_SAVE_PATH__?: unknown }).__TAGLEDGER_SAVE_PATH__;
  if (typeof preset === "string") return preset;
  // Suggested names can come from data (supplier names, order numbers): sanitise them.
  return await save({ title, defaultPath: safeFileName(defaultPath), filters: [filter] });
}

/** The native open dialog for one file, with the same test seam (`__TAGLEDGER_OPEN_PATH__`). */
export async function chooseOpenPath(title: string, filter: { name: string; extensions: string[] }): Promise<string | null> {
  const preset = (window as unknown as { __TAGLEDGER_OPEN_PATH__?: unknown }).__TAGLEDGER_OPEN_PATH__;
  if (typeof preset === "string") return preset;
  const path = await open({ title, multiple: false, directory: false, filters: [filter] });
  return typeof path === "string" ? path : null;
}
