// The native save dialog, with one seam for automated tests: the end-to-end tests set
// `window.__TAGLEDGER_SAVE_PATH__` because WebDriver cannot drive a GTK file chooser.
import { save } from "@tauri-apps/plugin-dialog";

export async function chooseSavePath(title: string, defaultPath: string, filter: { name: string; extensions: string[] }): Promise<string | null> {
  const preset = (window as unknown as { __TAGLEDGER_SAVE_PATH__?: unknown }).__TAGLEDGER_SAVE_PATH__;
  if (typeof preset === "string") return preset;
  return await save({ title, defaultPath, filters: [filter] });
}
