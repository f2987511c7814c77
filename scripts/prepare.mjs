// `npm install` / `npm ci` in a clone builds dist/. With `--omit=dev` the compiler is not installed, so instead of
// failing the install we say what to do; a tarball install never runs this (dist/ ships in the package).
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";

const require = createRequire(import.meta.url);
let compiler = null;
try {
  compiler = require.resolve("typescript");
} catch {
  compiler = null;
}
if (compiler === null) {
  process.stderr.write(
    "codeaudit: the TypeScript compiler is not installed (dev dependencies omitted), so dist/ was not built.\n" +
      "  To run from this clone: npm ci (with dev dependencies), or install the published package instead.\n",
  );
} else {
  execFileSync("npm", ["run", "build", "--silent"], { stdio: "inherit" });
}
