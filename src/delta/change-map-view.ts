// What DELTA.md's change map draws, computed from the range and the change map so the renderer only prints:
// files (or, for wide ranges, folders) grouped by module, import counts between folders, the bounded fact view,
// and the per-module and per-kind counts.
import { factMapView, mapFolders, type FactMapView } from "./fact-touches.js";
import {
  CHANGE_KINDS,
  type ChangeKind,
  type ChangedFile,
  type ChangeMapEdge,
  type FactLink,
  type FactTouch,
  type RangeFacts,
} from "./types.js";
import { compareCodeUnits } from "../util/compare-code-units.js";

/** More files than this at head and the map draws folders instead of files. */
export const MAX_MAP_FILES = 60;

export interface KindCount {
  kind: ChangeKind;
  count: number;
}

export interface ChangeMapView {
  /** True when the map draws each changed file; false when the range is wide and it draws folders. */
  byFile: boolean;
  /** Changed files that exist at head, by module folder, folders sorted. */
  groups: Array<{ folder: string; files: ChangedFile[] }>;
  /** Imports between different folders, counted (the folder view's edges). */
  folderImports: Array<{ from: string; to: string; count: number }>;
  facts: FactMapView;
  /** Every changed file (deleted ones included) by module folder: how many, lines added and removed, kinds. */
  modules: Array<{
    folder: string;
    files: number;
    insertions: number;
    deletions: number;
    kinds: KindCount[];
  }>;
  /** Changed files of the whole range by kind. */
  kinds: KindCount[];
}

export function kindCounts(files: readonly ChangedFile[]): KindCount[] {
  return CHANGE_KINDS.map((kind) => ({ kind, count: files.filter((f) => f.kind === kind).length })).filter(
    (entry) => entry.count > 0,
  );
}

function groupBy(
  files: readonly ChangedFile[],
  folderOf: (path: string) => string,
): Map<string, ChangedFile[]> {
  const groups = new Map<string, ChangedFile[]>();
  for (const file of files)
    groups.set(folderOf(file.path), [...(groups.get(folderOf(file.path)) ?? []), file]);
  return new Map([...groups.entries()].sort(([a], [b]) => compareCodeUnits(a, b)));
}

export function changeMapView(
  range: RangeFacts,
  changeMap: { edges: readonly ChangeMapEdge[]; touches: readonly FactTouch[]; links: readonly FactLink[] },
): ChangeMapView {
  const atHead = range.files.filter((f) => f.status !== "deleted");
  const byFile = atHead.length <= MAX_MAP_FILES;
  const folderOf = mapFolders(range.files.map((f) => f.path));
  const folderImports = new Map<string, number>();
  for (const edge of changeMap.edges) {
    const from = folderOf(edge.from);
    const to = folderOf(edge.to);
    if (from !== to) folderImports.set(`${from}\0${to}`, (folderImports.get(`${from}\0${to}`) ?? 0) + 1);
  }
  return {
    byFile,
    groups: [...groupBy(atHead, folderOf)].map(([folder, files]) => ({ folder, files })),
    folderImports: [...folderImports.entries()].sort().map(([key, count]) => {
      const [from = "", to = ""] = key.split("\0");
      return { from, to, count };
    }),
    facts: factMapView(changeMap, new Set(byFile ? atHead.map((f) => f.path) : []), folderOf),
    modules: [...groupBy(range.files, folderOf)].map(([folder, files]) => ({
      folder,
      files: files.length,
      insertions: files.reduce((n, f) => n + (f.insertions ?? 0), 0),
      deletions: files.reduce((n, f) => n + (f.deletions ?? 0), 0),
      kinds: kindCounts(files),
    })),
    kinds: kindCounts(range.files),
  };
}
