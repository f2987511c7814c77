// Copies the non-TypeScript assets the built CLI reads at run time (ast-grep YAML rules) from src/ to dist/.
import { cpSync, existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";

const src = "src";
const dist = "dist";
function visit(dir) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) visit(full);
    else if (/\.(ya?ml|json)$/.test(name)) {
      const target = join(dist, relative(src, full));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(full, target);
    }
  }
}
if (existsSync(src)) visit(src);
