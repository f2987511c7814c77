// Files whose name alone says they hold credentials: private SSH keys, git/netrc/pgpass credential stores,
// cloud and cluster credential files, key stores. Pure: a path in, a kind (or null) out.

export type CredentialFileKind =
  | "ssh-private-key"
  | "git-credentials"
  | "netrc"
  | "pgpass"
  | "aws-credentials"
  | "kube-config"
  | "docker-config"
  | "key-store"
  | "package-registry-token";

const BY_NAME: Record<string, CredentialFileKind> = {
  id_rsa: "ssh-private-key",
  id_dsa: "ssh-private-key",
  id_ecdsa: "ssh-private-key",
  id_ed25519: "ssh-private-key",
  id_ecdsa_sk: "ssh-private-key",
  id_ed25519_sk: "ssh-private-key",
  ".git-credentials": "git-credentials",
  ".netrc": "netrc",
  _netrc: "netrc",
  ".pgpass": "pgpass",
  kubeconfig: "kube-config",
};

const BY_SUFFIX: Array<[RegExp, CredentialFileKind]> = [
  [/(^|\/)\.aws\/credentials$/, "aws-credentials"],
  [/(^|\/)\.kube\/config$/, "kube-config"],
  [/(^|\/)\.docker\/config\.json$/, "docker-config"],
  [/\.(p12|pfx|jks|keystore)$/i, "key-store"],
];

/** The kind of credential file a path names, or null. */
export function credentialFileKind(path: string): CredentialFileKind | null {
  const base = path.slice(path.lastIndexOf("/") + 1);
  const named = BY_NAME[base];
  if (named !== undefined && Object.prototype.hasOwnProperty.call(BY_NAME, base)) return named;
  for (const [pattern, kind] of BY_SUFFIX) if (pattern.test(path)) return kind;
  return null;
}

/** Registry client files (.npmrc, .pypirc, .gem/credentials) that hold a literal token or password, not a ${VAR}. */
const REGISTRY_FILE = /(^|\/)(\.npmrc|\.pypirc|\.yarnrc(\.yml)?)$|(^|\/)\.gem\/credentials$/;
const REGISTRY_SECRET =
  /^\s*[^#;\s][^=\n]*?(?:_authToken|_auth|_password|npmAuthToken|password|:rubygems_api_key)\s*[=:]\s*["']?(?!\$\{|\$[A-Z_]|<)[^\s"'$]{6,}/im;

/** True when a registry client file holds a literal credential. */
export function registryFileHoldsCredential(path: string, text: string): boolean {
  return REGISTRY_FILE.test(path) && REGISTRY_SECRET.test(text);
}

export function isRegistryClientFile(path: string): boolean {
  return REGISTRY_FILE.test(path);
}
