// Modules a package imports that no package.json has to declare, because something else puts them in place:
// a framework that ships and aliases them (Nuxt, Docusaurus, Next.js), a bundler plugin's virtual module,
// a bundler alias, or Phoenix's esbuild resolving Hex dependencies from deps/.

/** A module name (`vue`) or prefix (`@theme/*`) resolved without a declaration, and what provides it. */
export interface ProvidedModule {
  pattern: string;
  by: string;
}

/**
 * Framework packages and the modules they make importable. Nuxt: its `typescript.hoist` list (the packages
 * Nuxt aliases for the app and the server, documented in nuxt/schema) plus what Nuxt 2 bundled (vuex, vue-meta).
 * Docusaurus: its client API and theme aliases (`@docusaurus/Link`, `@theme/*`, `@site/*`, `@generated/*`).
 * Next.js: the modules it compiles in (`server-only`, `client-only`, `styled-jsx`).
 * Vite plugins: their virtual modules that have no `virtual:` prefix.
 */
const FRAMEWORK_MODULES: Array<{ declared: RegExp; by: string; modules: string[] }> = [
  {
    declared: /^nuxt$/,
    by: "Nuxt",
    modules: [
      "nitropack",
      "defu",
      "h3",
      "consola",
      "ofetch",
      "crossws",
      "@unhead/vue",
      "@nuxt/devtools",
      "vue",
      "@vue/runtime-core",
      "@vue/compiler-sfc",
      "vue-router",
      "unplugin-vue-router",
      "@nuxt/schema",
      "vuex",
      "vue-meta",
    ],
  },
  {
    declared: /^@docusaurus\/(core|preset-classic)$/,
    by: "Docusaurus",
    modules: ["@docusaurus/*", "@theme/*", "@theme-original/*", "@theme-init/*", "@site/*", "@generated/*"],
  },
  { declared: /^next$/, by: "Next.js", modules: ["server-only", "client-only", "styled-jsx"] },
  { declared: /^unplugin-fonts$/, by: "unplugin-fonts (virtual module)", modules: ["unfonts.css"] },
  {
    declared: /^(unocss|@unocss\/(vite|nuxt|webpack|astro))$/,
    by: "UnoCSS (virtual module)",
    modules: ["uno.css"],
  },
];

/** Modules the frameworks and plugins among `declaredNames` provide. */
export function frameworkModules(declaredNames: Iterable<string>): ProvidedModule[] {
  const names = [...declaredNames];
  const out: ProvidedModule[] = [];
  for (const framework of FRAMEWORK_MODULES) {
    if (!names.some((name) => framework.declared.test(name))) continue;
    for (const pattern of framework.modules) out.push({ pattern, by: framework.by });
  }
  return out;
}

/**
 * Hex dependencies of the Elixir app a package's folder belongs to: Phoenix's esbuild runs with
 * `NODE_PATH=deps`, so `import "phoenix"` resolves to deps/phoenix. The `tailwind` Hex package runs the
 * standalone Tailwind CLI, which bundles tailwindcss and its first-party plugins.
 */
export function hexProvidedModules(hexNames: Iterable<string>): ProvidedModule[] {
  const out: ProvidedModule[] = [];
  for (const name of hexNames) {
    out.push({ pattern: name, by: "a Hex dependency in deps/ (esbuild NODE_PATH)" });
    if (name === "tailwind")
      out.push(
        { pattern: "tailwindcss", by: "the standalone Tailwind CLI (Hex package tailwind)" },
        { pattern: "@tailwindcss/*", by: "the standalone Tailwind CLI (Hex package tailwind)" },
      );
  }
  return out;
}

/**
 * Keys of `alias` maps in a bundler config (vite, webpack, nuxt, svelte, an esbuild alias plugin's `alias({…})`,
 * Storybook's `config.resolve.alias = {…}`): `alias: { react: "preact/compat" }`
 * and `alias: [{ find: "react", replacement: … }]`. Read from the text: configs are code, and only the literal
 * keys matter here.
 */
export function bundlerAliases(rawText: string): string[] {
  const out = new Set<string>();
  const configText = withoutComments(rawText);
  // `alias: {…}` in a config object, `alias({…})` of an esbuild alias plugin, `config.resolve.alias = {…}` in a hook.
  const start = /\balias(?:es)?\s*(?::|\(|=(?!=))\s*([{[])/g;
  for (let match = start.exec(configText); match; match = start.exec(configText)) {
    const open = match.index + match[0].length - 1;
    const body = balancedBody(configText, open);
    if (body === null) continue;
    if (match[1] === "[") {
      for (const find of body.matchAll(/\bfind\s*:\s*["'`]([^"'`]+)["'`]/g)) if (find[1]) out.add(find[1]);
      continue;
    }
    // webpack's `key$` matches the exact module name only: `modernizr$` aliases `import "modernizr"`.
    for (const key of topLevelKeys(body)) out.add(key.replace(/(.)\$$/, "$1"));
  }
  return [...out].sort();
}

/**
 * Module names a webpack config declares as `externals`: `externals: { jquery: "jQuery" }`,
 * `externals: ["react", { "react-dom": "ReactDOM" }]`. The bundle takes them from the page (a global, an AMD or
 * SystemJS module) at run time, so no package.json installs them. Functions and regular expressions are not read.
 */
export function bundlerExternals(configText: string): string[] {
  const text = withoutComments(configText);
  const out = new Set<string>();
  const start = /\bexternals\s*:\s*([{[])/g;
  for (let match = start.exec(text); match; match = start.exec(text)) {
    const body = balancedBody(text, match.index + match[0].length - 1);
    if (body === null) continue;
    if (match[1] === "{") {
      for (const key of topLevelKeys(body)) out.add(key);
      continue;
    }
    for (const element of topLevelElements(body)) {
      const trimmed = element.trim();
      const literal = /^["'`]([^"'`]+)["'`]$/.exec(trimmed);
      if (literal?.[1]) out.add(literal[1]);
      else if (trimmed.startsWith("{")) {
        const inner = balancedBody(trimmed, 0);
        if (inner !== null) for (const key of topLevelKeys(inner)) out.add(key);
      }
    }
  }
  return [...out].sort();
}

/**
 * Bare specifiers a browser import map resolves: the keys of `imports` (and of each scope in `scopes`) in a
 * `<script type="importmap">` block of an HTML page or server template, or in an import-map JSON file
 * (`importmap.json`, `import_map.json`). The page loads those modules from the URLs the map gives (often the project's
 * own copies in its static tree), so no package.json installs them. A key ending in `/` maps every module under
 * that prefix (`"ol/": "/static/vendors/ol/"` answers `import "ol/Map.js"`). Template tags in the URLs
 * (`{% static '…' %}`) are left as they are: only the keys are read.
 */
export function importMapSpecifiers(text: string, isJsonFile = false): string[] {
  const bodies: string[] = [];
  if (isJsonFile) bodies.push(text);
  else
    for (const match of text.matchAll(
      /<script\b[^>]*\btype\s*=\s*["']?importmap["']?[^>]*>([\s\S]*?)<\/script\s*>/gi,
    ))
      bodies.push(match[1] ?? "");
  const out = new Set<string>();
  for (const body of bodies) {
    const open = body.indexOf("{");
    const root = open < 0 ? null : balancedBody(body, open);
    if (root === null) continue;
    const objects: string[] = [];
    const section = (name: string): string | null => {
      const at = new RegExp(`["']${name}["']\\s*:\\s*\\{`).exec(root);
      return at ? balancedBody(root, at.index + at[0].length - 1) : null;
    };
    const imports = section("imports");
    if (imports !== null) objects.push(imports);
    const scopes = section("scopes");
    if (scopes !== null)
      for (const scope of scopes.matchAll(/["'][^"']*["']\s*:\s*\{/g)) {
        const inner = balancedBody(scopes, (scope.index ?? 0) + scope[0].length - 1);
        if (inner !== null) objects.push(inner);
      }
    for (const object of objects)
      for (const key of topLevelKeys(object)) {
        // Relative and absolute URL keys remap URLs, not bare specifiers.
        if (/^(\.{0,2}\/|[a-z][a-z0-9+.-]*:)/i.test(key)) continue;
        out.add(key);
      }
  }
  return [...out].sort();
}

/** The text with its `//` and `/* *\/` comments blanked; strings (and the `//` of URLs in them) are kept. */
function withoutComments(text: string): string {
  let out = "";
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? "";
    if (quote) {
      out += ch;
      if (ch === "\\") out += text[++i] ?? "";
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
      continue;
    }
    if (ch === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 1;
      out += " ";
      continue;
    }
    if (ch === '"' || ch === "'" || ch === "`") quote = ch;
    out += ch;
  }
  return out;
}

/**
 * Folders that webpack's `resolve.modules` searches besides node_modules, relative to the config's folder:
 * `modules: ["node_modules", __dirname + "/app"]`, `path.resolve(__dirname, "src")`, `"src"`. A bare import
 * whose first segment names an entry of such a folder (`views/episodeView`) is the project's own file.
 */
export function bundlerModuleFolders(configText: string): string[] {
  const out = new Set<string>();
  const start = /\bmodules\s*:\s*\[/g;
  for (let match = start.exec(configText); match; match = start.exec(configText)) {
    const body = balancedBody(configText, match.index + match[0].length - 1);
    if (body === null) continue;
    // One array element at a time: its string literals joined are the folder (`__dirname + "/app"`).
    for (const element of topLevelElements(body)) {
      const literals = [...element.matchAll(/["'`]([^"'`]*)["'`]/g)].map((m) => m[1] ?? "");
      const fromConfigDir = /__dirname|import\.meta\.dirname/.test(element);
      // A plain string is a name searched like node_modules (`"src"`); an absolute path is outside the repository.
      const plain = /^\s*["'`][^"'`]*["'`]\s*$/.test(element);
      if (
        literals.length === 0 ||
        (!fromConfigDir && !plain) ||
        (plain && /^(\/|[a-z]+:)/i.test(literals[0] ?? ""))
      )
        continue;
      const folder = literals
        .join("/")
        .replace(/\/+/g, "/")
        .replace(/^\.?\//, "")
        .replace(/\/$/, "");
      if (folder !== "" && folder !== "node_modules") out.add(folder);
    }
  }
  return [...out].sort();
}

/** The comma-separated elements of an array body, commas inside calls and strings left alone. */
function topLevelElements(body: string): string[] {
  const elements: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let from = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'" || ch === "`") quote = ch;
    else if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") depth--;
    else if (ch === "," && depth === 0) {
      elements.push(body.slice(from, i));
      from = i + 1;
    }
  }
  elements.push(body.slice(from));
  return elements;
}

/** Text between the bracket at `open` and its match, or null when unbalanced. Strings are skipped. */
function balancedBody(text: string, open: number): string | null {
  const close = text[open] === "{" ? "}" : "]";
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === "`") quote = ch;
    else if (ch === "{" || ch === "[" || ch === "(") depth++;
    else if (ch === "}" || ch === "]" || ch === ")") {
      depth--;
      if (depth === 0) return ch === close ? text.slice(open + 1, i) : null;
    }
  }
  return null;
}

/** Property keys at nesting depth 0 of an object body: `react: …`, `"@": …`, `'react-dom': …`. */
function topLevelKeys(body: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let atEntryStart = true;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] ?? "";
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (depth === 0 && atEntryStart && !/\s/.test(ch)) {
      atEntryStart = false;
      const key = /^(?:["'`]([^"'`]+)["'`]|([A-Za-z_$][\w$-]*))\s*:/.exec(body.slice(i));
      if (key) {
        keys.push(key[1] ?? key[2] ?? "");
        i += key[0].length - 1;
        continue;
      }
    }
    if (ch === '"' || ch === "'" || ch === "`") quote = ch;
    else if (ch === "{" || ch === "[" || ch === "(") depth++;
    else if (ch === "}" || ch === "]" || ch === ")") depth--;
    else if (ch === "," && depth === 0) atEntryStart = true;
  }
  return keys.filter((key) => key !== "");
}

/** Whether a package name matches a provided module (`@theme/Layout` matches `@theme/*`). */
export function isProvided(name: string, provided: readonly ProvidedModule[]): ProvidedModule | undefined {
  return provided.find((p) =>
    p.pattern.endsWith("/*") ? name.startsWith(p.pattern.slice(0, -1)) : name === p.pattern,
  );
}
