import { readFileSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * The built page may only load from its own origin: nothing leaves the browser, and a stray CDN
 * URL fails loudly instead of silently phoning out. Monaco injects inline styles, hence
 * 'unsafe-inline' for styles only. Dev mode skips this (Vite's client needs its websocket).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace(
        '<meta charset="UTF-8" />',
        `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`,
      ),
  };
}

/** What the header shows of package.json: the version, and where the source lives if it says. */
function buildInfo(): { version: string; source: string } {
  const pkg: unknown = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
  const field = (value: unknown, key: string): unknown =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  const repository = field(pkg, 'repository');
  const url = field(pkg, 'homepage') ?? (typeof repository === 'string' ? repository : field(repository, 'url'));
  const version = field(pkg, 'version');
  // Only a web address becomes a link: `github:owner/name` shorthands and the like are left out.
  const source = typeof url === 'string' ? url.replace(/^git\+/, '').replace(/\.git$/, '') : '';
  return { version: typeof version === 'string' ? version : '', source: /^https:\/\//.test(source) ? source : '' };
}

const BUILD_INFO = buildInfo();

export default defineConfig({
  define: {
    __APP_VERSION__: JSON.stringify(BUILD_INFO.version),
    __APP_SOURCE__: JSON.stringify(BUILD_INFO.source),
  },
  // Relative asset URLs: the page works from any path (GitHub Pages, a file server, a subfolder).
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  build: {
    // The page has its own folder: `vite build` empties its output folder, and dist/cli (the
    // command, built by scripts/build-cli.mjs) must survive it.
    outDir: 'dist/web',
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      treeshake: {
        // The `yaml` package declares no `sideEffects`, yet has none: this lets the page's first
        // chunk leave it out (only the worker parses YAML), while the form still uses the core's
        // option validation.
        moduleSideEffects: (id: string) => !/[\\/]node_modules[\\/]yaml[\\/]/.test(id),
      },
    },
  },
  worker: {
    format: 'es',
  },
  preview: {
    strictPort: true,
  },
});
