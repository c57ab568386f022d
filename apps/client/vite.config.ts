import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig, loadEnv } from "vite";
import { VitePWA } from "vite-plugin-pwa";

// The dev server proxies the API so the refresh cookie stays first-party (SameSite=Strict).
export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, import.meta.dirname, "");
  const apiTarget = env.VITE_API_PROXY_TARGET || "http://127.0.0.1:8000";
  const proxy = {
    "/api": { target: apiTarget, changeOrigin: false },
    // Only the queue dashboard: /admin itself is an SPA page.
    "/admin/queues": { target: apiTarget, changeOrigin: false },
  };
  return {
    plugins: [
      react(),
      tailwindcss(),
      // Installable (manifest + icons) and a service worker that precaches the built shell, so the app opens
      // with no connection. API answers are never cached by the worker: they are private and live in memory.
      VitePWA({
        registerType: "autoUpdate",
        injectRegister: "script-defer",
        includeAssets: ["favicon.svg", "apple-touch-icon.png"],
        manifest: {
          name: "KAVI: finance co-pilot",
          short_name: "KAVI",
          description: "Bookkeeping, invoices and M-Pesa for Kenyan small businesses.",
          lang: "en",
          start_url: "/",
          scope: "/",
          display: "standalone",
          orientation: "portrait",
          background_color: "#ffffff",
          theme_color: "#0b6e63",
          icons: [
            { src: "/pwa-192.png", sizes: "192x192", type: "image/png" },
            { src: "/pwa-512.png", sizes: "512x512", type: "image/png" },
            { src: "/pwa-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
          ],
        },
        workbox: {
          globPatterns: ["**/*.{js,css,html,svg,png,woff2}"],
          navigateFallback: "/index.html",
          navigateFallbackDenylist: [/^\/api\//, /^\/admin\/queues/, /^\/metrics/],
          cleanupOutdatedCaches: true,
        },
      }),
    ],
    server: { port: Number(env.CLIENT_PORT) || 5173, strictPort: true, proxy },
    preview: { port: 4173, proxy },
    build: {
      target: "es2022",
      sourcemap: true,
      rollupOptions: {
        output: {
          // A catalogue's chunk says which it is (locale-sw-invoices-….js): the bundle test finds them by name.
          chunkFileNames: (chunk) => {
            const catalogue = /locales\/(\w+)\/(\w+)\.json$/.exec(chunk.facadeModuleId ?? "");
            return catalogue
              ? `assets/locale-${catalogue[1]}-${catalogue[2]}-[hash].js`
              : "assets/[name]-[hash].js";
          },
        },
      },
    },
  };
});
