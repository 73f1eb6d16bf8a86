// Bundles the command-line tool into one file with no runtime dependencies.
import { build } from 'esbuild';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const outfile = 'dist/cli/sa-token-hardener.cjs';

const { outputFiles } = await build({
  entryPoints: ['src/cli/bin.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: false,
  legalComments: 'none',
  // Dependencies shipped as ES modules (tinyglobby's fdir) read import.meta.url, which CommonJS lacks.
  define: { PACKAGE_VERSION: JSON.stringify(version), 'import.meta.url': '__import_meta_url' },
  banner: { js: "const __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
  write: false,
});

// Written aside and renamed into place, so a command started while another builds (the integrations
// build it on first use) never runs half a file.
mkdirSync('dist/cli', { recursive: true });
const partial = `${outfile}.${process.pid}.partial`;
writeFileSync(partial, outputFiles[0].contents);
chmodSync(partial, 0o755);
renameSync(partial, outfile);
