// Where the history store lives: a folder (embedded engine) or a postgres:// URL (server), and the per-user default.
import { homedir } from "node:os";
import { join, resolve } from "node:path";

export type StoreLocation = { kind: "embedded"; dir: string } | { kind: "postgres"; url: string };

/**
 * The per-user data folder: CODEAUDIT_DATA_HOME, else the platform's (XDG_DATA_HOME or ~/.local/share on Linux,
 * Application Support on macOS, LOCALAPPDATA on Windows), each with a `codeaudit` folder.
 */
export function userDataFolder(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.CODEAUDIT_DATA_HOME) return resolve(env.CODEAUDIT_DATA_HOME);
  if (platform === "win32") return join(env.LOCALAPPDATA ?? join(homedir(), "AppData", "Local"), "codeaudit");
  if (platform === "darwin") return join(homedir(), "Library", "Application Support", "codeaudit");
  return join(env.XDG_DATA_HOME || join(homedir(), ".local", "share"), "codeaudit");
}

/** The default store: one per user, holding every repository audited, so nothing is written into audited trees. */
export function defaultStoreLocation(env: NodeJS.ProcessEnv = process.env): StoreLocation {
  return { kind: "embedded", dir: join(userDataFolder(env), "store") };
}

/** `--store` or the config value: a postgres:// or postgresql:// URL is a server, anything else a folder. */
export function parseStoreLocation(value: string, baseDir: string): StoreLocation {
  if (/^postgres(ql)?:\/\//i.test(value)) return { kind: "postgres", url: value };
  return { kind: "embedded", dir: resolve(baseDir, value) };
}

/** The location as it may be printed: a URL's password is replaced by ***. */
export function describeStoreLocation(location: StoreLocation): string {
  if (location.kind === "embedded") return location.dir;
  return redactUrlPassword(location.url);
}

export function redactUrlPassword(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*:)[^@]*@/i, "$1***@");
}
