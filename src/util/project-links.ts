// Where the tool's home page and rule documentation live: read once from package.json (`homepage`), so a fork
// or a release under another name changes one field, and SARIF's informationUri and helpUri follow it.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const packageRoot = new URL("../../", import.meta.url);
const FALLBACK_HOMEPAGE = "https://github.com/codeaudit/codeaudit";

let homepage: string | null = null;

/** The project's home page (package.json `homepage`). */
export function toolHomepage(): string {
  if (homepage !== null) return homepage;
  try {
    const pkg = JSON.parse(readFileSync(new URL("package.json", packageRoot), "utf8")) as {
      homepage?: string;
    };
    homepage = (pkg.homepage ?? FALLBACK_HOMEPAGE).replace(/#.*$/, "").replace(/\/$/, "");
  } catch {
    homepage = FALLBACK_HOMEPAGE;
  }
  return homepage;
}

/** The URL of a built-in rule's documentation page (docs/rules/<id>.md), or undefined when it has none (custom rules). */
export function ruleDocsUri(ruleId: string): string | undefined {
  if (!/^[a-z0-9-]+\/[a-z0-9-]+$/.test(ruleId)) return undefined;
  const page = new URL(`docs/rules/${ruleId}.md`, packageRoot);
  if (!existsSync(fileURLToPath(page))) return undefined;
  return `${toolHomepage()}/blob/main/docs/rules/${ruleId}.md`;
}
