// The facts a change touches (issue #7): for each changed file, the project facts it adds, removes or rewrites
// (compared between the base and head fact sites of that file), the changed files related through a shared
// fact (an env var read in two places, a migration and a schema on one table), and the bounded view of both
// that the change map draws.
import { AREA_IDS, type AreaId } from "../model/areas.js";
import { factSites, groupBy, isSharedKind, type FactSite, type FactSource } from "./fact-sites.js";
import type { AddedLines, ChangedFile, FactLink, FactTouch } from "./types.js";
import { compareCodeUnits } from "../util/compare-code-units.js";

export type { FactSource } from "./fact-sites.js";

/** The changed files and lines of a range. */
export interface ChangeSet {
  files: readonly ChangedFile[];
  /** Lines gained at head, by head path. */
  addedLines: AddedLines;
  /** Lines lost at base, by base path. */
  removedLines: AddedLines;
}

const AREA_ORDER = new Map<AreaId, number>(AREA_IDS.map((id, i) => [id, i]));

function byArea(a: AreaId, b: AreaId): number {
  return (AREA_ORDER.get(a) ?? 0) - (AREA_ORDER.get(b) ?? 0);
}

const factKey = (fact: { area: AreaId; label: string }): string => `${fact.area}\0${fact.label}`;

/** The first line of the site that lies in the ranges (the site's first line for a whole file), or undefined. */
function firstChangedLine(
  site: FactSite,
  ranges: Array<[number, number]> | undefined,
): number | null | undefined {
  if (site.line === null) return (ranges ?? []).length > 0 ? null : undefined;
  let first: number | undefined;
  for (const [start, end] of ranges ?? [])
    if (start <= site.endLine && end >= site.line)
      first = Math.min(first ?? Infinity, Math.max(start, site.line));
  return first;
}

/**
 * The facts each changed file touches and the links between changed files through shared facts. A fact (area and
 * label) present in the file at head only is added, at base only removed; present at both ends it is changed
 * when one of its sites spans a line the range added (head) or removed (base), and left out otherwise.
 */
export function factTouches(
  change: ChangeSet,
  head: FactSource,
  base: FactSource,
): { touches: FactTouch[]; links: FactLink[] } {
  const headPaths = new Set(change.files.filter((f) => f.status !== "deleted").map((f) => f.path));
  // A copy (status added with an old path) is new at head: its origin is not its past.
  const basePathOf = (file: ChangedFile): string | null =>
    file.status === "added" ? null : (file.oldPath ?? file.path);
  const basePaths = new Set(change.files.map(basePathOf).filter((p): p is string => p !== null));
  const headSites = groupBy(
    factSites(head, (path) => headPaths.has(path)),
    (site) => site.path,
  );
  const baseSites = groupBy(
    factSites(base, (path) => basePaths.has(path)),
    (site) => site.path,
  );

  const touches: FactTouch[] = [];
  /** Changed files holding each shared fact at their own end (head, or base when deleted). */
  const holders = new Map<string, Set<string>>();
  /** Facts that may link files (an env var, a table …), by key. */
  const shared = new Map<string, FactSite>();
  for (const file of change.files) {
    const basePath = basePathOf(file);
    const atHead = file.status === "deleted" ? [] : (headSites.get(file.path) ?? []);
    const atBase = basePath === null ? [] : (baseSites.get(basePath) ?? []);
    for (const site of [...atHead, ...atBase]) if (isSharedKind(site.kind)) shared.set(factKey(site), site);
    for (const site of file.status === "deleted" ? atBase : atHead) {
      if (!isSharedKind(site.kind)) continue;
      const key = factKey(site);
      holders.set(key, (holders.get(key) ?? new Set()).add(file.path));
    }
    const headByKey = groupBy(atHead, factKey);
    const baseByKey = groupBy(atBase, factKey);
    const touch = (site: FactSite, how: FactTouch["change"], line: number | null): void => {
      touches.push({
        path: file.path,
        area: site.area,
        label: site.label,
        kind: site.kind,
        change: how,
        line,
      });
    };
    for (const [key, sites] of headByKey) {
      const first = sites[0] as FactSite;
      const before = baseByKey.get(key);
      if (!before) {
        touch(first, "added", first.line);
        continue;
      }
      const added = change.addedLines.get(file.path);
      const removed = basePath === null ? undefined : change.removedLines.get(basePath);
      // The evidence is the first added line inside the fact (a route added to a router, not the router's head).
      const rewritten = sites
        .map((site) => ({ site, line: firstChangedLine(site, added) }))
        .find((hit) => hit.line !== undefined);
      if (rewritten) touch(rewritten.site, "changed", rewritten.line ?? null);
      else if (before.some((site) => firstChangedLine(site, removed) !== undefined))
        touch(first, "changed", first.line);
    }
    for (const [key, sites] of baseByKey) {
      if (headByKey.has(key)) continue;
      const first = sites[0] as FactSite;
      touch(first, "removed", first.line);
    }
  }
  touches.sort(
    (a, b) =>
      byArea(a.area, b.area) ||
      compareCodeUnits(a.label, b.label) ||
      compareCodeUnits(a.path, b.path) ||
      (a.line ?? 0) - (b.line ?? 0),
  );

  const links: FactLink[] = [];
  for (const [key, touching] of groupBy(touches, factKey)) {
    const site = shared.get(key);
    if (!site) continue;
    const paths = new Set([...touching.map((t) => t.path), ...(holders.get(key) ?? [])]);
    if (paths.size < 2) continue;
    links.push({ area: site.area, label: site.label, paths: [...paths].sort(compareCodeUnits) });
  }
  links.sort((a, b) => byArea(a.area, b.area) || compareCodeUnits(a.label, b.label));
  return { touches, links };
}

/** Most module groups the change map draws before it groups by top folder only. */
export const MAX_MAP_FOLDERS = 30;

function folderAt(path: string, depth: number): string {
  const parts = path.split("/");
  if (parts.length <= 1) return "(root)";
  return parts.slice(0, Math.min(depth, parts.length - 1)).join("/");
}

/**
 * The change map's module of a path: its first two folders ("(root)" for files at the top), or its first folder
 * when two levels would give more than MAX_MAP_FOLDERS modules for these paths (a wide range stays readable).
 */
export function mapFolders(paths: readonly string[]): (path: string) => string {
  const depth = new Set(paths.map((path) => folderAt(path, 2))).size > MAX_MAP_FOLDERS ? 1 : 2;
  return (path) => folderAt(path, depth);
}

/** Most file→area edges drawn per area; the rest are counted on the area node. */
export const MAX_FILES_PER_AREA = 8;
/** Fact labels written on one edge; the rest are counted ("+N more"). */
export const MAX_LABELS_PER_EDGE = 3;
/** Characters of one fact label on an edge (the table writes it whole). */
export const MAX_EDGE_LABEL_CHARS = 40;

function edgeLabels(labels: readonly string[]): { labels: string[]; more: number } {
  return {
    labels: labels
      .slice(0, MAX_LABELS_PER_EDGE)
      .map((label) =>
        label.length > MAX_EDGE_LABEL_CHARS ? `${label.slice(0, MAX_EDGE_LABEL_CHARS - 1)}…` : label,
      ),
    more: Math.max(0, labels.length - MAX_LABELS_PER_EDGE),
  };
}
/** Most dotted file↔file edges drawn for shared facts. */
export const MAX_LINK_EDGES = 12;
/** Rows of the "Facts touched" table per area, and files listed per row. */
export const MAX_ROWS_PER_AREA = 6;
export const MAX_FILES_PER_ROW = 6;

export interface FactMapEdge {
  /** A changed file's path, or a folder in the folder view. */
  from: string;
  area: AreaId;
  labels: string[];
  /** Labels not written on the edge. */
  more: number;
}

export interface FactMapView {
  /** Distinct facts touched (area and label). */
  facts: number;
  /** Areas the change touches, in report order: how many changed files touch each and how many have no edge. */
  areas: Array<{ area: AreaId; files: number; hiddenFiles: number }>;
  /** File → area edges for the files the map draws, at most MAX_FILES_PER_AREA per area. */
  fileEdges: FactMapEdge[];
  /** Folder → area edges for the map that groups files by folder. */
  folderEdges: FactMapEdge[];
  /** Dotted edges to drawn files that share a fact without showing it on an edge of their own, labelled by the facts. */
  linkEdges: Array<{ from: string; to: string; labels: string[]; more: number }>;
  /** Pairs of files sharing a fact that were not drawn. */
  linkEdgesLeft: number;
  /** The "Facts touched" table, in area order: one row per fact, its touching files first, then the related files. */
  rows: Array<{
    area: AreaId;
    label: string;
    files: Array<{ path: string; line: number | null; change: FactTouch["change"] | "related" }>;
    more: number;
  }>;
  /** Areas whose facts did not all get a row, with how many were left out. */
  areasLeft: Array<{ area: AreaId; facts: number }>;
}

/**
 * What the change map draws of the touches and links, bounded so a range of hundreds of files still renders:
 * per area the files with the most linked and the most facts first, per edge the linked facts first.
 */
export function factMapView(
  changeMap: { touches: readonly FactTouch[]; links: readonly FactLink[] },
  drawn: ReadonlySet<string>,
  folderOf: (path: string) => string = mapFolders(changeMap.touches.map((t) => t.path)),
): FactMapView {
  const { touches, links } = changeMap;
  const linked = new Set(links.map(factKey));
  const rank = (a: FactTouch, b: FactTouch): number =>
    Number(linked.has(factKey(b))) - Number(linked.has(factKey(a))) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    compareCodeUnits(a.label, b.label);
  /** File, area and label of every fact written on a file edge. */
  const shown = new Set<string>();
  const labelsOf = (
    path: string,
    area: AreaId,
    group: readonly FactTouch[],
  ): { labels: string[]; more: number } => {
    const labels = [...new Set([...group].sort(rank).map((t) => t.label))];
    for (const label of labels.slice(0, MAX_LABELS_PER_EDGE)) shown.add(`${path}\0${area}\0${label}`);
    return edgeLabels(labels);
  };

  const areas: FactMapView["areas"] = [];
  const fileEdges: FactMapEdge[] = [];
  const folderEdges: FactMapEdge[] = [];
  const byAreaGroups = [...groupBy(touches, (t) => t.area)].sort(([a], [b]) =>
    byArea(a as AreaId, b as AreaId),
  );
  for (const [areaKey, inArea] of byAreaGroups) {
    const area = areaKey as AreaId;
    const byFile = groupBy(inArea, (t) => t.path);
    const candidates = [...byFile]
      .filter(([path]) => drawn.has(path))
      .map(([path, group]) => ({ path, group, linked: group.filter((t) => linked.has(factKey(t))).length }))
      .sort(
        (a, b) => b.linked - a.linked || b.group.length - a.group.length || compareCodeUnits(a.path, b.path),
      )
      .slice(0, MAX_FILES_PER_AREA)
      .sort((a, b) => compareCodeUnits(a.path, b.path));
    for (const { path, group } of candidates)
      fileEdges.push({ from: path, area, ...labelsOf(path, area, group) });
    areas.push({ area, files: byFile.size, hiddenFiles: byFile.size - candidates.length });
    for (const [folder, group] of [...groupBy(inArea, (t) => folderOf(t.path))].sort(([a], [b]) =>
      compareCodeUnits(a, b),
    )) {
      // Folder edges name the facts most files of the folder touch.
      const counts = new Map<string, number>();
      for (const t of group) counts.set(t.label, (counts.get(t.label) ?? 0) + 1);
      const labels = [...counts]
        .sort((a, b) => b[1] - a[1] || compareCodeUnits(a[0], b[0]))
        .map(([label]) => label);
      folderEdges.push({ from: folder, area, ...edgeLabels(labels) });
    }
  }

  // A dotted link only where the fact is not already written on both files' edges to its area: from a file
  // that shows it (or the first drawn one) to each drawn file that holds it without showing it.
  const pairs = new Map<string, { from: string; to: string; labels: string[] }>();
  for (const link of links) {
    const ends = link.paths.filter((path) => drawn.has(path));
    const visible = (path: string): boolean => shown.has(`${path}\0${link.area}\0${link.label}`);
    const hub = ends.find(visible) ?? ends[0];
    for (const other of ends) {
      if (hub === undefined || other === hub || visible(other)) continue;
      const [from, to] = hub < other ? [hub, other] : [other, hub];
      const pair = pairs.get(`${from}\0${to}`) ?? { from, to, labels: [] };
      pair.labels.push(link.label);
      pairs.set(`${from}\0${to}`, pair);
    }
  }
  const allPairs = [...pairs.values()];
  const linkEdges = allPairs
    .slice(0, MAX_LINK_EDGES)
    .map((pair) => ({ from: pair.from, to: pair.to, ...edgeLabels(pair.labels) }));

  // The table keeps every area in view: per area the facts most changed files touch first, the rest counted.
  const linkPaths = new Map(links.map((link) => [factKey(link), link.paths]));
  // A local fact (a route, a CI job) is one fact per file: two routers' "GET /" are two rows.
  const rowKey = (t: FactTouch): string => (isSharedKind(t.kind) ? factKey(t) : `${factKey(t)}\0${t.path}`);
  const facts = [...groupBy(touches, rowKey)].map(([key, group]) => {
    const touching = new Set(group.map((t) => t.path));
    const related = (linkPaths.get(key) ?? []).filter((path) => !touching.has(path));
    return { group, touching: touching.size, related };
  });
  const rows: FactMapView["rows"] = [];
  const areasLeft: FactMapView["areasLeft"] = [];
  for (const [, inArea] of groupBy(facts, (fact) => (fact.group[0] as FactTouch).area)) {
    const ranked = [...inArea].sort(
      (a, b) =>
        b.touching - a.touching ||
        b.related.length - a.related.length ||
        compareCodeUnits((a.group[0] as FactTouch).label, (b.group[0] as FactTouch).label),
    );
    const kept = ranked.slice(0, MAX_ROWS_PER_AREA);
    if (ranked.length > kept.length)
      areasLeft.push({ area: (inArea[0]?.group[0] as FactTouch).area, facts: ranked.length - kept.length });
    for (const { group, related } of kept) {
      const first = group[0] as FactTouch;
      const files: FactMapView["rows"][number]["files"] = [
        ...group.map((t) => ({ path: t.path, line: t.line, change: t.change })),
        ...related.map((path) => ({ path, line: null, change: "related" as const })),
      ];
      rows.push({
        area: first.area,
        label: first.label,
        files: files.slice(0, MAX_FILES_PER_ROW),
        more: Math.max(0, files.length - MAX_FILES_PER_ROW),
      });
    }
  }
  return {
    facts: facts.length,
    areas,
    fileEdges,
    folderEdges,
    linkEdges,
    linkEdgesLeft: allPairs.length - linkEdges.length,
    rows,
    areasLeft,
  };
}
