// One native search per syntax tree for the node kinds a file's analyzers and rules declare, bucketed by kind.
//
// Every crossing of ast-grep's native boundary costs: on 300 Go files, thirteen `findAll({ rule: { kind } })`
// took 3.2× the time of one `findAll` over the same kinds joined with `any` (each search walks the whole tree
// natively). The engine therefore gathers the kinds declared for a file, searches once, and hands out each
// kind's nodes; a kind nobody declared is still answered (its own search, remembered), only slower.
import type { SgNode } from "@ast-grep/napi";
import type { Language } from "../model/language.js";

/** A file's nodes of one kind, in document order (what `root.findAll({ rule: { kind } })` returns). */
export type NodesOfKind = (kind: string) => readonly SgNode[];

/** Node kinds an analyzer or rule reads from the whole tree, per language (a kind is a grammar's). */
export type KindsByLanguage = Partial<Record<Language, readonly string[]>>;

const NONE: readonly SgNode[] = Object.freeze([]);

/** Kinds each language's grammar knows (ast-grep rejects a whole rule naming one kind its grammar lacks). */
const knownKinds = new Map<Language, Map<string, boolean>>();

function grammarKnows(root: SgNode, language: Language, kind: string): boolean {
  let known = knownKinds.get(language);
  if (!known) knownKinds.set(language, (known = new Map()));
  let answer = known.get(kind);
  if (answer === undefined) {
    try {
      root.find({ rule: { kind } });
      answer = true;
    } catch {
      answer = false;
    }
    known.set(kind, answer);
  }
  return answer;
}

export class KindIndex {
  private readonly buckets = new Map<string, SgNode[]>();
  private searched = false;
  private readonly declared: string[];

  /** `kinds`: the kinds searched together on first use; kinds the grammar does not know are left out. */
  constructor(
    private readonly root: SgNode,
    private readonly language: Language,
    kinds: Iterable<string>,
  ) {
    this.declared = [...new Set(kinds)].filter((kind) => grammarKnows(root, language, kind));
  }

  /** The tree's nodes of one kind, in document order; shared between callers, so never mutated. */
  nodesOfKind(kind: string): readonly SgNode[] {
    if (!this.searched) this.searchDeclared();
    const bucket = this.buckets.get(kind);
    if (bucket) return bucket;
    if (!grammarKnows(this.root, this.language, kind)) return NONE;
    // Not declared: searched on its own, once (a missing declaration costs time, never a wrong answer).
    const nodes = this.root.findAll({ rule: { kind } });
    this.buckets.set(kind, nodes);
    return nodes;
  }

  private searchDeclared(): void {
    this.searched = true;
    if (this.declared.length === 0) return;
    for (const kind of this.declared) this.buckets.set(kind, []);
    const matches =
      this.declared.length === 1
        ? this.root.findAll({ rule: { kind: this.declared[0] as string } })
        : this.root.findAll({ rule: { any: this.declared.map((kind) => ({ kind })) } });
    for (const node of matches) this.buckets.get(String(node.kind()))?.push(node);
  }
}

/** Nodes of a kind under a root searched directly, for callers given no index (tests, one-off analyses). */
export function searchKind(root: SgNode): NodesOfKind {
  const found = new Map<string, SgNode[]>();
  return (kind) => {
    let nodes = found.get(kind);
    if (!nodes) found.set(kind, (nodes = root.findAll({ rule: { kind } })));
    return nodes;
  };
}

/**
 * The index the engine built for a file's root, so that shared helpers handed only the root (the Go syntax
 * helpers' `findKind(tree, kind)`, called by the Go facts and many Go rules) answer from it instead of searching
 * again. Keyed by the root node object the engine hands to every analyzer and rule of the file.
 */
const indexOfRoot = new WeakMap<SgNode, KindIndex>();

export function registerKindIndex(root: SgNode, index: KindIndex): void {
  indexOfRoot.set(root, index);
}

/** The engine's index when `node` is the root it was built for, else undefined (a subtree, a tree parsed apart). */
export function kindIndexOf(node: SgNode): KindIndex | undefined {
  return indexOfRoot.get(node);
}
