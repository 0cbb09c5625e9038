import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** `npm run dev` proxies the API to a running head office (TALON_HQ, default http://localhost:8090). */
const server = process.env.TALON_HQ ?? 'http://localhost:8090';

// Head office serves this build at `/` (head-office/src/app.ts), its own paths (/offices/…) included.
export default defineConfig({
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: {
      '/api': server,
      '/socket.io': { target: server, ws: true },
    },
  },
});
