import { CatalogError } from './model';
import { diff, type DiffOptions, type DiffSummary, failedChecksMarkdown, renderJson, renderMarkdown, triggeredGates } from './diff';
import { type Gate, GATES } from './forecast';
import { ARGOCD_FOLDER } from './output';
import { check, synth, UsageError } from './pipeline';
import { type Finding, formatFinding, mergeAcrossClusters } from './policy';
import { EnvironmentError, isErrnoError } from './shared/environment-error';
import { CommandLineError, commandUsage, parseCommandLine } from './command-line/args';
import { colorEnabled, paint, paintSeverity, progress, type Progress, type Terminal } from './command-line/terminal';
import { version } from '../package.json';

export const EXIT = { ok: 0, findings: 1, badInput: 2, environment: 3, internal: 70 } as const;

interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Colour on stderr (findings, errors); decided once from the stream and the environment. */
  readonly color?: boolean;
  /** Progress of long runs, on stderr; silent unless stderr is a terminal. */
  readonly progress?: Progress;
}

const stdio: Io = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

/** Runs one command line; returns the exit code. Reads the environment only for colour and npm's swallowed options. */
export async function main(argv: readonly string[], io: Io = stdio, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const color = io.color ?? colorEnabled(process.stderr as Terminal, env);
  const errorWord = paint('red', 'error', color);
  let parsed;
  try {
    parsed = parseCommandLine(argv, env);
  } catch (error) {
    if (!(error instanceof CommandLineError)) throw error;
    io.err(`${errorWord}: ${error.message}\n\n${error.usage}`);
    return EXIT.badInput;
  }
  if (parsed.kind === 'help') {
    io.out(parsed.text);
    return EXIT.ok;
  }
  if (parsed.kind === 'version') {
    io.out(version);
    return EXIT.ok;
  }
  const { command, args } = parsed;
  const options = { catalogDir: args.catalog, distDir: args.dist, clusters: args.cluster };
  const run: Run = { ...io, color, progress: io.progress ?? progress(process.stderr as Terminal) };
  try {
    switch (command) {
      case 'synth':
        return await runSynth(options, run);
      case 'check':
        return await runCheck(options, run);
      case 'diff':
        return await runDiff({ ...options, base: args.base, json: args.json, failOn: parseGates(args['fail-on']), exitCode: args['exit-code'] }, run);
      case 'report':
        return await runReport(options, run);
    }
  } catch (error) {
    run.progress.done();
    if (error instanceof CatalogError) {
      io.err(`${errorWord} ${error.message}`);
      io.err(`${options.distDir}/ was left unchanged.`);
      return EXIT.badInput;
    }
    if (error instanceof UsageError) {
      io.err(`${errorWord}: ${error.message}\n\n${commandUsage(command)}`);
      return EXIT.badInput;
    }
    // A failed system call anywhere is a fault of the machine, not a bug: say what, where and what to do.
    const environment =
      error instanceof EnvironmentError
        ? error
        : isErrnoError(error)
          ? EnvironmentError.fromErrno(error, `${error.syscall ?? 'use'} a file`)
          : undefined;
    if (environment) {
      io.err(`${errorWord} ${environment.message}`);
      io.err(`${options.distDir}/ was left unchanged.`);
      return EXIT.environment;
    }
    throw error;
  }
}

type Run = Io & { readonly color: boolean; readonly progress: Progress };

function reportFindings(all: readonly Finding[], io: Run): boolean {
  io.progress.done();
  // Per cluster in the reports; once per mistake here, naming the clusters.
  const findings = mergeAcrossClusters(all);
  for (const f of findings) io.err(paintSeverity(formatFinding(f), io.color));
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  if (findings.length > 0) io.err(`${errors} error(s), ${warnings} warning(s)`);
  return errors > 0;
}

function warn(io: Run, message: string): void {
  io.err(`${paint('yellow', 'warning', io.color)} ${message}`);
}

async function runSynth(options: Parameters<typeof synth>[0], io: Run): Promise<number> {
  const { compilation, write, leftStale } = await synth(options, { onPhase: (phase) => io.progress.step(phase) });
  if (reportFindings(compilation.findings, io) || !write) {
    io.err(`${options.distDir}/ was left unchanged.`);
    return EXIT.findings;
  }
  io.out(`${options.distDir}/: ${write.written.length} written, ${write.removed.length} removed, ${write.unchanged} unchanged`);
  // --cluster writes no ApplicationSet: a cluster new to it would never be deployed.
  const argocd = [...(leftStale?.written ?? []), ...(leftStale?.removed ?? [])].filter((f) => f.startsWith(`${ARGOCD_FOLDER}/`));
  if (argocd.length > 0) {
    warn(
      io,
      `${argocd.map((f) => `${options.distDir}/${f}`).join(', ')} ` +
        `is stale: the fleet's clusters changed and --cluster does not ` +
        `write it, so Argo CD will not deploy ${options.clusters?.join(', ')}; ` +
        `write it with a synth of the whole fleet: npm run synth`,
    );
  }
  return EXIT.ok;
}

async function runCheck(options: Parameters<typeof check>[0], io: Run): Promise<number> {
  const { compilation, stale } = await check(options, { onPhase: (phase) => io.progress.step(phase) });
  if (reportFindings(compilation.findings, io) || !stale) return EXIT.findings;
  const lines = [
    ...stale.written.map((f) => `  differs or missing: ${options.distDir}/${f}`),
    ...stale.removed.map((f) => `  no longer produced: ${options.distDir}/${f}`),
  ];
  const scope = options.clusters ? ` for ${options.clusters.join(', ')}` : '';
  if (lines.length === 0) {
    io.out(`${options.distDir}/ is up to date with the catalog${scope}.`);
    return EXIT.ok;
  }
  const synthCommand = options.clusters ? `npm run synth -- ${options.clusters.map((c) => `--cluster ${c}`).join(' ')}` : 'npm run synth';
  io.err(`${options.distDir}/ is not what the catalog produces${scope} (${lines.length} file(s)); run \`${synthCommand}\` and commit:`);
  for (const line of lines) io.err(line);
  return EXIT.findings;
}

/** `--fail-on drain,removal` → the gates, or a usage error naming the unknown one. */
function parseGates(list: string | undefined): Gate[] {
  if (list === undefined) return [];
  const gates = list
    .split(',')
    .map((g) => g.trim())
    .filter((g) => g !== '');
  for (const gate of gates) {
    if (!(GATES as readonly string[]).includes(gate)) throw new UsageError(`--fail-on ${JSON.stringify(gate)}: not one of ${GATES.join(', ')}`);
  }
  return gates as Gate[];
}

/** Whether anything Argo CD would see changes (objects, the ApplicationSet, or bytes), as `git diff --exit-code` counts it. */
export function outputChanges(summary: DiffSummary): boolean {
  return (
    summary.clusters.some((c) => c.status !== 'unchanged') ||
    summary.argocd.length > 0 ||
    summary.formattingOnly.length > 0 ||
    summary.otherFiles.length > 0
  );
}

interface DiffRun extends DiffOptions {
  readonly json: boolean;
  readonly failOn: readonly Gate[];
  readonly exitCode: boolean;
}

async function runDiff(options: DiffRun, io: Run): Promise<number> {
  io.progress.step(`comparing ${options.catalogDir}/ with ${options.distDir}/ at ${options.base ?? 'the merge base'}`);
  const { base, compilation, summary, forecast } = await diff(options);
  const failed = reportFindings(compilation.findings, io) || !summary;
  // The findings go to stdout too: the pull request summary keeps only stdout.
  const markdown = summary ? renderMarkdown(summary, base, forecast, compilation.findings) : failedChecksMarkdown(compilation.findings);
  io.out((options.json ? renderJson(summary, base, forecast, compilation.findings) : markdown).trimEnd());
  if (failed || !summary) return EXIT.findings;
  const triggered = forecast ? triggeredGates(forecast, options.failOn) : [];
  if (triggered.length > 0) {
    io.err(
      `--fail-on: applying this change does ${triggered.map((t) => `${t.gate} (${t.clusters.join(', ')})`).join(', ')}; ` + `approve it explicitly`,
    );
    return EXIT.findings;
  }
  return options.exitCode && outputChanges(summary) ? EXIT.findings : EXIT.ok;
}

async function runReport(options: Parameters<typeof synth>[0], io: Run): Promise<number> {
  const { compilation, write } = await synth({ ...options, reportsOnly: true }, { onPhase: (phase) => io.progress.step(phase) });
  if (reportFindings(compilation.findings, io) || !write) {
    io.err(`${options.distDir}/ was left unchanged.`);
    return EXIT.findings;
  }
  io.out(`${options.distDir}/reports/: ${write.written.length} written, ${write.removed.length} removed, ${write.unchanged} unchanged`);
  return EXIT.ok;
}

/** Runs the command line and sets the process exit code (`npm run` scripts call this through scripts/run.js). */
export function run(argv: readonly string[]): Promise<void> {
  return main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`internal error (a bug in ocp-image-catalog, not in your catalog): ${(error as Error).stack}\n`);
      process.exitCode = EXIT.internal;
    },
  );
}

if (require.main === module) void run(process.argv.slice(2));
