// Preloaded into a child process the memory bench starts (node --import): when the process exits, it writes its own
// peak resident set size (getrusage's ru_maxrss, in KB: what /usr/bin/time -v reports as "Maximum resident set size")
// to the file named by GD_LAB_PEAK_RSS_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.GD_LAB_PEAK_RSS_FILE;
if (file) {
  process.on('exit', () => {
    writeFileSync(file, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
  });
}
