// Entry point: mounts the app into index.html's #app. Kept to this so App.svelte can be
// mounted elsewhere (tests, previews) without side effects. The first import asks the shell
// for the first document before the rest of the page's script is even evaluated.
import "./lib/app/startEarly";
import { mount } from "svelte";
import App from "./App.svelte";
import "./app.css";
import "./lib/settings/form.css";
import { desktop } from "./lib/app/platform";
import { loadCatalogFor } from "./lib/i18n/i18n.svelte";

// Before anything with text is drawn: app.css picks this desktop's font stacks by it.
document.documentElement.dataset.desktop = desktop;

performance.mark("duizhao:script");
// The interface is first drawn in the system's language (the stored preference follows; the
// first document waits for its catalog): a Chinese catalog is a chunk of its own.
const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");
void loadCatalogFor("system").then(() => mount(App, { target }));
