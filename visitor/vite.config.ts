import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** `npm run dev` proxies the API to a running office server (TALON_SERVER, default http://localhost:8080). */
const server = process.env.TALON_SERVER ?? 'http://localhost:8080';

// The same build is served by the office (`/book`, `/take`) and by head office (`/o/<code>/book`): assets always under /book/.
export default defineConfig({
  base: '/book/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: {
      '/api': server,
    },
  },
});
