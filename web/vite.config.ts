import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const pages = ['index', 'join', 'participant', 'stakeholder', 'projector', 'facilitator'];

export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  build: {
    outDir: resolve(root, '../src/StakeholderHub/wwwroot'),
    emptyOutDir: true,
    target: 'es2022',
    // Small pages: keep every asset a real file (no data: URLs), never fetched from another host.
    assetsInlineLimit: 0,
    rolldownOptions: {
      input: Object.fromEntries(pages.map((p) => [p, resolve(root, `${p}.html`)])),
    },
  },
  server: {
    host: '127.0.0.1',
    // `npm run dev` against a local server: the API and the hub live on the ASP.NET Core side.
    proxy: {
      '/api': 'http://127.0.0.1:5099',
      '/health': 'http://127.0.0.1:5099',
      '/hubs': { target: 'http://127.0.0.1:5099', ws: true },
    },
  },
});
