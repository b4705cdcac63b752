import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { precompress } from './scripts/precompress-plugin.ts';
import { workerChunks } from './scripts/worker-chunk-plugin.ts';

export default defineConfig({
  plugins: [
    preact(),
    workerChunks(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'sw',
      filename: 'sw.ts',
      // Registered by src/pwa/register.ts through workbox-window, for the update prompt.
      injectRegister: false,
      manifest: {
        name: '网格通 Gridwork',
        short_name: '网格通',
        description: '社区网格走访、问题上报与党员名册，离线可用',
        lang: 'zh-CN',
        display: 'standalone',
        start_url: '/',
        scope: '/',
        theme_color: '#b71c1c',
        background_color: '#fafafa',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        // The desk pages (tables, charts) are online pages for supervisors: a grid worker's phone
        // never downloads them, not even into the precache.
        globIgnores: ['**/desk-*', '**/charts-*'],
        rollupFormat: 'iife',
      },
    }),
    // Last: brotli and gzip copies of everything built, the service worker included.
    precompress(),
  ],
  // No preload helper: a lazily loaded screen comes from the service worker's precache, where its
  // chunk's own imports cost no round trip worth saving, and the desk needs nothing preloaded.
  build: { target: 'es2022', sourcemap: false, modulePreload: false },
  worker: { format: 'es' },
  server: { proxy: { '/api': 'http://127.0.0.1:8787' } },
});
