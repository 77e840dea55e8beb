// Read by vite-plugin-svelte and by svelte-check: TypeScript in <script lang="ts"> blocks.
import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";

export default {
  preprocess: vitePreprocess(),
};
