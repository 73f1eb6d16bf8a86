// Preloaded (`node --import`) by the bench: prints the process's peak resident memory on exit,
// read by measure.mjs's maxRss. Kilobytes, as process.resourceUsage() gives it.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\nmax-rss-kb ${process.resourceUsage().maxRSS}\n`);
});
