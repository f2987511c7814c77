// The interface class a method belongs to: its default bodies are meant to be overridden by the plugins that implement it.

/** Base classes that declare an interface or an abstract base: `Interface` (zope, CKAN plugins), `Protocol`, `ABC`. */
const INTERFACE_BASE = /\(\s*(?:[\w.]*\.)?(?:Interface|Protocol|ABC)\s*(?:[,)]|$)/;

/**
 * The name of the class whose body holds the line, when that class derives from an interface or abstract base
 * (`class IDataPusher(Interface):`, `class Store(Protocol):`, `class Base(abc.ABC):`); null otherwise. Read by
 * indentation, as Python nests bodies.
 */
export function interfaceClassOf(lines: readonly string[], line: number): string | null {
  const indent = (text: string): number => /^\s*/.exec(text)?.[0].length ?? 0;
  let own = indent(lines[line - 1] ?? "");
  for (let index = line - 2; index >= 0; index--) {
    const text = lines[index] ?? "";
    if (text.trim() === "" || indent(text) >= own) continue;
    const owner = /^\s*class\s+(\w+)\s*(\(.*)?:\s*(#.*)?$/.exec(text);
    if (owner) return owner[2] && INTERFACE_BASE.test(owner[2]) ? (owner[1] ?? null) : null;
    own = indent(text);
  }
  return null;
}
