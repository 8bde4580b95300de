import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const pages = ['index', 'join', 'participant', 'stakeholder', 'projector', 'facilitator', 'moderator', 'my-data', 'my-session', 'organiser', 'report'];

export default defineConfig({
  root,
  base: '/',
  appType: 'mpa',
  plugins: [
    {
      // The hub serves /join as join.html (HubSetup.MapPages); the dev server does the same.
      name: 'clean-page-paths',
      configureServer(server) {
        server.middlewares.use((request, _response, next) => {
          const path = (request.url ?? '').split(/[?#]/)[0];
          if (pages.includes(path.slice(1))) request.url = request.url!.replace(path, `${path}.html`);
          next();
        });
      },
    },
  ],
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
      '/api': 'http://localhost:5080',
      '/health': 'http://localhost:5080',
      '/hubs': { target: 'http://localhost:5080', ws: true },
    },
  },
});
