// Loads every facts pack: each subfolder of facts/ whose index module default-exports a pack.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { folderOf, importDefault, moduleExtension } from "../util/module-discovery.js";
import type { FactsPack } from "./define.js";

let cached: Promise<FactsPack[]> | null = null;

export function loadFactsPacks(): Promise<FactsPack[]> {
  cached ??= discover();
  return cached;
}

async function discover(): Promise<FactsPack[]> {
  const folder = folderOf(import.meta.url);
  const extension = moduleExtension(import.meta.url);
  const packs: FactsPack[] = [];
  for (const name of readdirSync(folder).sort()) {
    const index = join(folder, name, `index${extension}`);
    if (!statSync(join(folder, name)).isDirectory() || !existsSync(index)) continue;
    packs.push(await importDefault<FactsPack>(index));
  }
  return packs;
}
