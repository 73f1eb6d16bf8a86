#!/usr/bin/env node
import { runCli } from './cli';
import { readChunks, readFileChunks, readFileText } from './read-limited';

declare const PACKAGE_VERSION: string;

const status = runCli(process.argv.slice(2), {
  // Read in chunks, so the size limit stops an endless stream while it is being read.
  readFile: (path) => readFileText(path) ?? readFileChunks(path),
  readStdin: () => readChunks(0),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  version: PACKAGE_VERSION,
  cwd: () => process.cwd(),
  // Rewrites one line of a terminal: a carriage return, the line, and the rest of the old one erased.
  progress: process.stderr.isTTY ? (line) => process.stderr.write(`\r${line}\x1b[K`) : undefined,
});
// A number at once, or, when audit logs are streamed, a promise of one.
void Promise.resolve(status).then((code) => (process.exitCode = code));
