// Which application a path belongs to: the nearest folder holding a package manifest, and whether the path is part
// of the shipped application at all (examples, docs, benchmarks, browser tests and dev containers are not).

const MANIFESTS = [
  "package.json",
  "go.mod",
  "mix.exs",
  "pyproject.toml",
  "requirements.txt",
  "setup.py",
  "Cargo.toml",
  "Gemfile",
];

// Folders of code that is not the shipped application.
const NOT_APP =
  /(^|\/)(_?examples?|samples?|demos?|docs?|benchmarks?|bench|e2e|cypress|playwright|\.devcontainer|\.storybook|fixtures?|testdata)\//i;

/** Whether a path is outside the shipped application (examples, docs, benchmarks, browser tests, dev containers). */
export function outsideApplication(path: string): boolean {
  return NOT_APP.test(path);
}

/** The nearest folder at or above `dir` holding a package manifest; "" (the root) when none does. */
export function manifestFolderOf(dir: string, has: (path: string) => boolean): string {
  let here = dir === "." ? "" : dir;
  while (here !== "" && here !== ".") {
    if (MANIFESTS.some((m) => has(`${here}/${m}`))) return here;
    const slash = here.lastIndexOf("/");
    here = slash < 0 ? "" : here.slice(0, slash);
  }
  return "";
}
