// TS/JS classes in the symbol index: `extends` and `implements` resolved to the repository's classes and
// interfaces through the file's imports (the index's own module resolution, following re-exports), and the
// implementations of each in-repo contract with the in-repo base classes each builds on.
import { oneOffKind } from "../one-off-code.js";
import { bySite, compareText, type ContractFamily } from "./model.js";
import type { NodeClassFact, NodeHeritage, NodeSymbolFile } from "./node-file.js";

/** Where a specifier written in a file leads: a file of the repository, or null (a package, or unknown). */
export type FileResolver = (specifier: string, importer: string) => string | null;

interface ClassFile {
  path: string;
  isTest: boolean;
  facts: NodeSymbolFile;
}

interface ClassNode {
  id: string;
  path: string;
  isTest: boolean;
  fact: NodeClassFact;
  /** The in-repo class it extends (classes) — resolved lazily. */
  base: ClassNode | null;
  /** In-repo interfaces/classes it implements, and an interface's in-repo base interfaces. */
  contracts: ClassNode[];
}

/**
 * The implementations of each in-repo contract: an interface (or class used as one) that classes `implement`,
 * directly or through a base class, and an in-repo root class that classes extend through a chain. Members are
 * concrete classes no in-repo class extends (an abstract or intermediate base is no implementation: its
 * subclasses are); what each builds on is its in-repo base classes below the contract. Tests and one-off code are
 * left out. A base the repository does not define (a framework's `Component`, `Error`) is never shared.
 */
export function nodeClassFamilies(files: ClassFile[], resolve: FileResolver): ContractFamily[] {
  const byPath = new Map(files.map((file) => [file.path, file]));
  const nodes = new Map<string, ClassNode>();
  for (const file of files)
    for (const fact of file.facts.classes ?? []) {
      const id = `${file.path}#${fact.name}`;
      if (!nodes.has(id))
        nodes.set(id, { id, path: file.path, isTest: file.isTest, fact, base: null, contracts: [] });
    }
  if (nodes.size === 0) return [];

  /** The class or interface a module exports by `name`, following `export { } from` and `export *`. */
  const exported = (path: string, name: string, seen: Set<string>): ClassNode | null => {
    if (seen.has(path)) return null;
    seen.add(path);
    const file = byPath.get(path);
    if (!file) return null;
    const own = file.facts.classes?.find((fact) => fact.exportedAs === name);
    if (own) return nodes.get(`${path}#${own.name}`) ?? null;
    for (const reexport of file.facts.reexports) {
      const pair = reexport.names?.find(([, as]) => as === name);
      if (reexport.names && !pair) continue;
      const target = resolve(reexport.specifier, path);
      const found = target ? exported(target, pair ? pair[0] : name, seen) : null;
      if (found) return found;
    }
    return null;
  };
  const lookup = (heritage: NodeHeritage, from: ClassFile): ClassNode | null => {
    if (heritage.specifier === undefined) {
      const local = from.facts.classes?.find((fact) => fact.name === heritage.written);
      return local ? (nodes.get(`${from.path}#${local.name}`) ?? null) : null;
    }
    const target = resolve(heritage.specifier, from.path);
    return target ? exported(target, heritage.imported ?? heritage.written, new Set()) : null;
  };
  for (const node of nodes.values()) {
    const from = byPath.get(node.path);
    if (!from) continue;
    if (node.fact.kind === "class") {
      const written = node.fact.extends[0];
      const base = written ? lookup(written, from) : null;
      node.base = base && base !== node && base.fact.kind === "class" ? base : null;
      node.contracts = node.fact.implements.flatMap((h) => lookup(h, from) ?? []);
    } else node.contracts = node.fact.extends.flatMap((h) => lookup(h, from) ?? []);
  }

  const chain = (node: ClassNode): ClassNode[] => {
    const out: ClassNode[] = [];
    for (let at = node.base; at && !out.includes(at) && at !== node; at = at.base) out.push(at);
    return out;
  };
  const contractsOf = (node: ClassNode): Set<ClassNode> => {
    const out = new Set<ClassNode>();
    const queue = [node, ...chain(node)].flatMap((n) => n.contracts);
    while (queue.length > 0) {
      const next = queue.pop();
      if (!next || out.has(next)) continue;
      out.add(next);
      queue.push(...next.contracts);
    }
    return out;
  };
  const extended = new Set<ClassNode>();
  for (const node of nodes.values()) if (node.base) extended.add(node.base);

  const byContract = new Map<ClassNode, ContractFamily["members"]>();
  const provides = new Map<ClassNode, Record<string, string[]>>();
  const add = (contract: ClassNode, member: ClassNode, shared: ClassNode[]): void => {
    const members = byContract.get(contract) ?? [];
    members.push({
      path: member.path,
      line: member.fact.line,
      name: member.fact.name,
      shared: [...new Set(shared.map((base) => base.fact.name))].sort(compareText),
      methods: [...new Set(member.fact.methods.map((method) => method.name))].sort(compareText),
    });
    byContract.set(contract, members);
    const provided = provides.get(contract) ?? {};
    for (const base of shared)
      provided[base.fact.name] ??= [
        ...new Set(base.fact.methods.filter((method) => !method.abstract).map((method) => method.name)),
      ].sort(compareText);
    provides.set(contract, provided);
  };
  for (const node of nodes.values()) {
    if (node.fact.kind !== "class" || node.fact.abstract || extended.has(node)) continue;
    if (node.isTest || oneOffKind(node.path) !== null) continue;
    const bases = chain(node);
    // The root class of an in-repo chain is a contract; the classes between it and the member are what it shares.
    const root = bases[bases.length - 1];
    if (root) add(root, node, bases.slice(0, -1));
    for (const contract of contractsOf(node)) {
      if (contract === root || bases.includes(contract)) continue;
      // The bases below the class that brings the contract in (all of them when the member implements it itself).
      const bringer = bases.findIndex((base) => contractsOf(base).has(contract));
      add(contract, node, bringer < 0 ? bases : bases.slice(0, bringer + 1).filter((b) => b !== contract));
    }
  }
  const out: ContractFamily[] = [];
  for (const [contract, members] of byContract)
    out.push({
      contract: contract.fact.name,
      definedAt: { path: contract.path, line: contract.fact.line },
      members: members.sort(bySite),
      provides: provides.get(contract) ?? {},
    });
  return out.sort(
    (a, b) => compareText(a.contract, b.contract) || compareText(a.definedAt.path, b.definedAt.path),
  );
}
