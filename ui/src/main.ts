import { mount } from "svelte";
import App from "./App.svelte";
import { app, resolveTheme } from "./lib/state.svelte";
import "./app.css";

// Theme before the first paint, so a dark desktop never flashes a white window.
document.documentElement.dataset.theme = resolveTheme(app.theme);

mount(App, { target: document.getElementById("app")! });
