// `npm run build:web` (scripts/web.ts): the console, built into web/dist and served by the API at /console/.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // one bundle of React and Ant Design (about 1.3 MB, 400 KB gzipped) is fine for an office intranet console
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      onwarn(warning, warn) {
        // antd marks its modules "use client" for React Server Components, which a browser bundle has no use for
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});
