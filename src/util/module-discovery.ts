// Finds and imports the modules of a folder tree at run time, so packs and rules register by existing.
import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** ".ts" when running from sources (tests, tsx), ".js" when running from the build. */
export function moduleExtension(moduleUrl: string): ".ts" | ".js" {
  return moduleUrl.endsWith(".ts") ? ".ts" : ".js";
}

export function folderOf(moduleUrl: string): string {
  return dirname(fileURLToPath(moduleUrl));
}

/** Every module file under a folder (recursively), sorted, excluding tests and declaration files. */
export function listModules(
  folder: string,
  extension: string,
  accept: (relativePath: string) => boolean,
): string[] {
  const found: string[] = [];
  const visit = (dir: string, prefix: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      if (statSync(full).isDirectory()) visit(full, rel);
      else if (
        name.endsWith(extension) &&
        !name.endsWith(`.test${extension}`) &&
        !name.endsWith(`.d${extension}`)
      ) {
        if (accept(rel)) found.push(full);
      }
    }
  };
  visit(folder, "");
  return found;
}

export async function importDefault<T>(file: string): Promise<T> {
  const module = (await import(pathToFileURL(file).href)) as { default?: T };
  if (module.default === undefined) throw new Error(`${file} has no default export`);
  return module.default;
}
