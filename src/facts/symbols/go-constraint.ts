// Go build constraints (`//go:build` expressions): whether a file can be part of a build by the standard
// toolchain at all. Files for gccgo only are compiled against gccgo's own runtime, which the repository does
// not hold, so what they reference is unknowable here.

type Expr =
  | { kind: "tag"; name: string }
  | { kind: "not"; operand: Expr }
  | { kind: "and" | "or"; left: Expr; right: Expr };

/** Tags with a fixed value under the standard toolchain. */
const STANDARD_TOOLCHAIN: ReadonlyMap<string, boolean> = new Map([
  ["gc", true],
  ["gccgo", false],
]);

/**
 * Whether some choice of the free tags (OS, architecture, custom tags) satisfies the constraint under the
 * standard toolchain. Unparsable expressions count as satisfiable: the index then treats the file like any other.
 */
export function buildableByStandardToolchain(constraint: string | null): boolean {
  if (constraint === null) return true;
  const expr = parseConstraint(constraint);
  if (!expr) return true;
  const free = [...tagsOf(expr)].filter((tag) => !STANDARD_TOOLCHAIN.has(tag));
  if (free.length > 12) return true;
  for (let mask = 0; mask < 1 << free.length; mask++) {
    const values = new Map(STANDARD_TOOLCHAIN);
    free.forEach((tag, i) => values.set(tag, (mask & (1 << i)) !== 0));
    if (evaluate(expr, values)) return true;
  }
  return false;
}

function tagsOf(expr: Expr, out = new Set<string>()): Set<string> {
  if (expr.kind === "tag") out.add(expr.name);
  else if (expr.kind === "not") tagsOf(expr.operand, out);
  else {
    tagsOf(expr.left, out);
    tagsOf(expr.right, out);
  }
  return out;
}

function evaluate(expr: Expr, values: ReadonlyMap<string, boolean>): boolean {
  switch (expr.kind) {
    case "tag":
      return values.get(expr.name) ?? false;
    case "not":
      return !evaluate(expr.operand, values);
    case "and":
      return evaluate(expr.left, values) && evaluate(expr.right, values);
    case "or":
      return evaluate(expr.left, values) || evaluate(expr.right, values);
  }
}

/** Parses `a && (b || !c)`; null when the text is not a build expression. */
export function parseConstraint(text: string): Expr | null {
  const tokens = text.match(/&&|\|\||!|\(|\)|[\p{L}\p{N}_.]+/gu) ?? [];
  let position = 0;
  const peek = (): string | undefined => tokens[position];
  const parseOr = (): Expr | null => {
    let left = parseAnd();
    while (left && peek() === "||") {
      position++;
      const right = parseAnd();
      left = right ? { kind: "or", left, right } : null;
    }
    return left;
  };
  const parseAnd = (): Expr | null => {
    let left = parseUnary();
    while (left && peek() === "&&") {
      position++;
      const right = parseUnary();
      left = right ? { kind: "and", left, right } : null;
    }
    return left;
  };
  const parseUnary = (): Expr | null => {
    const token = peek();
    if (token === "!") {
      position++;
      const operand = parseUnary();
      return operand ? { kind: "not", operand } : null;
    }
    if (token === "(") {
      position++;
      const inner = parseOr();
      if (peek() !== ")") return null;
      position++;
      return inner;
    }
    if (token === undefined || token === ")" || token === "&&" || token === "||") return null;
    position++;
    return { kind: "tag", name: token };
  };
  const expr = parseOr();
  return expr && position === tokens.length ? expr : null;
}
