import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig, loadEnv } from "vite";

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
    plugins: [react(), tailwindcss()],
    server: { port: Number(env.CLIENT_PORT) || 5173, strictPort: true, proxy },
    preview: { port: 4173, proxy },
    build: { target: "es2022", sourcemap: true },
  };
});
