import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The window is WebKitGTK; build for what it runs, and keep paths relative so the
// bundled assets load from the app's own origin.
export default defineConfig({
  plugins: [svelte()],
  base: "./",
  clearScreen: false,
  build: { outDir: "dist", target: "safari15", emptyOutDir: true },
  test: { include: ["src/**/*.test.ts"] },
});
