// Bundles the command-line tool into one file with no runtime dependencies.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: ['src/cli/bin.ts'],
  outfile: 'dist/cli/sa-token-hardener.cjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: false,
  legalComments: 'none',
  define: { PACKAGE_VERSION: JSON.stringify(version) },
  logLevel: 'warning',
});
