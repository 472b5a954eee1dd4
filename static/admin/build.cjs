// Copies a page's sources into its build/ folder (the manifest's resource path). The pages are plain
// HTML + one script file, so "building" is a checked copy; a bundler can replace this later.
const fs = require('fs');
const path = require('path');

function buildPage(dir) {
  const out = path.join(dir, 'build');
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  for (const file of ['index.html', 'page.js']) {
    const from = path.join(dir, file);
    if (!fs.existsSync(from)) throw new Error(`missing ${from}`);
    fs.copyFileSync(from, path.join(out, file));
  }
  console.log(`built ${path.relative(process.cwd(), out)}`);
}

module.exports = { buildPage };
if (require.main === module) buildPage(__dirname);
