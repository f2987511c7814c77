// Progress on stderr: a redrawn bar on a terminal, plain stage lines otherwise, nothing when quiet.

export interface Progress {
  stage(name: string): void;
  update(done: number, total: number): void;
  done(): void;
}

export function createProgress(stream: NodeJS.WriteStream, quiet: boolean): Progress {
  if (quiet) return { stage() {}, update() {}, done() {} };
  const started = Date.now();
  const tty = Boolean(stream.isTTY);
  let currentStage = "";
  let drawn = false;
  return {
    stage(name) {
      currentStage = name;
      if (!tty) stream.write(`codeaudit: ${name}\n`);
    },
    update(done, total) {
      // A bar only for work that lasts; short runs stay silent on a terminal.
      if (!tty || Date.now() - started < 1000) return;
      const width = 30;
      const filled = total === 0 ? width : Math.round((done / total) * width);
      stream.write(
        `\r${currentStage} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} files`,
      );
      drawn = true;
    },
    done() {
      if (drawn) stream.write("\r\x1b[K");
    },
  };
}
