#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { runCli } from './cli';

declare const PACKAGE_VERSION: string;

process.exitCode = runCli(process.argv.slice(2), {
  readFile: (path) => readFileSync(path),
  readStdin: () => readFileSync(0),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  version: PACKAGE_VERSION,
  cwd: () => process.cwd(),
});
