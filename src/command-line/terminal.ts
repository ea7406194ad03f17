/**
 * What the command line writes only for a person at a terminal: colour and progress.
 * Conventions: FORCE_COLOR (any value but 0/false) forces colour, even into a pipe, and wins over
 * NO_COLOR (as Node's own tty.WriteStream.getColorDepth does); NO_COLOR (non-empty, no-color.org)
 * turns it off; otherwise colour only on a terminal that has colours (TERM=dumb has none).
 */
import { inspect } from 'node:util';

export interface Terminal {
  readonly isTTY?: boolean;
  hasColors?(): boolean;
  write(text: string): unknown;
}

export function colorEnabled(stream: Terminal, env: NodeJS.ProcessEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true && (stream.hasColors?.() ?? false);
}

export type Color = 'red' | 'yellow' | 'green' | 'dim';

/** `text` in `color` when `enabled` (ANSI escapes, as node:util styleText writes them). */
export function paint(color: Color, text: string, enabled: boolean): string {
  if (!enabled) return text;
  const [open, close] = inspect.colors[color] ?? [0, 0];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}

/** A finding as formatFinding prints it, with its leading severity word coloured (error red, warning yellow). */
export function paintSeverity(line: string, enabled: boolean): string {
  return line.replace(/^(error|warning)\b/, (word) => paint(word === 'error' ? 'red' : 'yellow', word, enabled));
}

export interface Progress {
  /** Shows what the run is doing now (replaces the previous step on the same line). */
  step(label: string): void;
  /** Clears the line; call before printing the result. */
  done(): void;
}

const SILENT: Progress = { step: () => undefined, done: () => undefined };

/** Progress on one self-overwriting line of `stream`, only when it is a terminal: logs and pipes get nothing. */
export function progress(stream: Terminal, now: () => number = Date.now): Progress {
  if (stream.isTTY !== true) return SILENT;
  const started = now();
  let shown = false;
  return {
    step(label) {
      stream.write(`\r\u001b[K${label} (${((now() - started) / 1000).toFixed(1)} s)`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\u001b[K');
      shown = false;
    },
  };
}
