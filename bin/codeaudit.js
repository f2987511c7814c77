#!/usr/bin/env node
// Entry point: runs the built CLI (dist/), building it first when a fresh checkout has not been built yet.
import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const entry = join(root, "dist", "cli", "main.js");
if (!existsSync(entry)) {
  if (!existsSync(join(root, "node_modules", "typescript"))) {
    process.stderr.write(
      "codeaudit: dist/ is not built and the TypeScript compiler is not installed (dev dependencies omitted).\n" +
        "  Run `npm ci` in this folder (with dev dependencies), or install the published package.\n",
    );
    process.exit(2);
  }
  process.stderr.write("codeaudit: first run, building (npm run build)…\n");
  execFileSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
}
const { main } = await import(pathToFileURL(entry).href);
const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
process.exitCode = code;
