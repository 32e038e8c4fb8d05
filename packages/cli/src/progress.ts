import { SingleBar } from 'cli-progress';

export type ProgressMode = 'bar' | 'lines' | 'quiet';

/**
 * How a command reports a run over many files: a progress bar (which file, n of m) on an
 * interactive terminal, one line per file when the output is not a terminal (CI logs), and
 * nothing with --quiet. Errors are always printed.
 */
export function progressMode(quiet: boolean | undefined, stream: NodeJS.WriteStream = process.stderr): ProgressMode {
  if (quiet) return 'quiet';
  return stream.isTTY ? 'bar' : 'lines';
}

export class Progress {
  private bar: SingleBar | undefined;
  private total = 0;
  private index = 0;
  private startedAt = 0;

  constructor(
    private readonly mode: ProgressMode,
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {}

  start(total: number, label: string): void {
    this.total = total;
    this.index = 0;
    if (this.mode === 'bar' && total > 1) {
      this.bar = new SingleBar({
        format: `${label} [{bar}] {value}/{total} {file}`,
        hideCursor: true,
        clearOnComplete: true,
        stream: process.stderr,
      });
      this.bar.start(total, 0, { file: '' });
    }
  }

  file(name: string): void {
    this.index += 1;
    this.startedAt = Date.now();
    this.bar?.update(this.index - 1, { file: name });
    if (this.mode === 'lines' || (this.mode === 'bar' && !this.bar))
      this.write(`== ${name} (${this.index}/${this.total})`);
  }

  fileDone(name: string): void {
    this.bar?.update(this.index, { file: name });
    if (this.mode === 'quiet') return;
    if (this.bar) return;
    this.write(`   done in ${((Date.now() - this.startedAt) / 1000).toFixed(3)}s`);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }

  /** A summary or notice line (suppressed in quiet mode). */
  say(line: string): void {
    if (this.mode !== 'quiet') this.write(line);
  }
}
