import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** `npm run dev` proxies the API to a running office server (TALON_SERVER, default http://localhost:8080). */
const server = process.env.TALON_SERVER ?? 'http://localhost:8080';

export default defineConfig({
  base: '/rating/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: {
      '/api': server,
      '/socket.io': { target: server, ws: true },
    },
  },
});
