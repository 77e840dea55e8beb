// Vite serves the UI to Tauri's webview in development (`npm run dev`, which `tauri dev` starts
// through tauri.conf.json's beforeDevCommand) and bundles it into ui/dist for release builds.
// Vitest reads the same file, so the Svelte plugin compiles components and `.svelte.ts`
// modules identically in tests and in the app.
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { svelteTesting } from "@testing-library/svelte/vite";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // svelteTesting: under Vitest only, resolves Svelte's browser build (component tests mount
  // into jsdom; files opt in with `// @vitest-environment jsdom`) and cleans up after each test.
  plugins: [svelte(), svelteTesting()],
  // Keep the Rust compiler's output visible when `tauri dev` runs both side by side.
  clearScreen: false,
  server: {
    port: 1420,
    // Tauri loads a fixed devUrl: a silently chosen other port would show a blank window.
    strictPort: true,
    host: "127.0.0.1",
    watch: { ignored: ["**/src-tauri/**", "**/target/**"] },
  },
  envPrefix: ["VITE_", "TAURI_"],
  build: {
    // WebKitGTK on Debian 12 and the macOS 12+ WKWebView both handle Safari 15 output.
    target: "safari15",
    outDir: "dist",
    emptyOutDir: true,
    // Everything is bundled; no asset may be fetched from elsewhere (the CSP forbids it).
    assetsInlineLimit: 0,
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
    setupFiles: ["src/lib/testing/catalogs.ts"],
  },
});
