// The detached recorder an audit starts (record-audit.ts `queueAudit`): opens the embedded store at argv[2], which
// records its pending runs (open-store.ts), and closes it. Its output goes nowhere; a run it cannot record stays in
// `pending/` as `<name>.failed` with the reason beside it, and `codeaudit history` reports it.
import { openStore } from "./open-store.js";

const storeDir = process.argv[2];
if (storeDir) {
  // Another audit's recorder may hold the store: the pending runs are safe on disk, so waiting long costs nothing.
  const store = await openStore({ kind: "embedded", dir: storeDir }, { lockWaitMs: 10 * 60_000 }).catch(
    () => null,
  );
  await store?.close();
}
