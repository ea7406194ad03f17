import { parseArgs, styleText } from 'node:util';
import { CatalogError } from './model';
import { diff, renderJson, renderMarkdown, triggeredGates } from './diff';
import { type Gate, GATES } from './forecast';
import { check, synth, UsageError } from './pipeline';
import { type Finding, formatFinding, mergeAcrossClusters } from './policy';
import { EnvironmentError, isErrnoError } from './shared/environment-error';

const USAGE = `usage: ocp-image-catalog <command> [options]

commands:
  synth   compile catalogs/ into dist/ (atomic; unchanged files untouched)
  check   exit 1 and list the files that differ when dist/ is not what catalogs/ produces
  diff    summarize, per cluster and production first, how the catalog's output differs from
          dist/ at a git commit (markdown; --json for machines)
  report  write only the cluster reports, dist/reports/<cluster>.md

options:
  --catalog <dir>   catalog folder (default: catalogs)
  --dist <dir>      output folder (default: dist)
  --cluster <name>  only this cluster's folder (repeatable; synth and report)
  --base <git-ref>  diff: the commit to compare with (default: the merge base of HEAD and main)
  --json            diff: print JSON instead of markdown
  --fail-on <list>  diff: exit 1 when applying the change would do any of these (comma-separated):
                    ${GATES.join(', ')}
  --help            show this help

environment:
  OCP_IMAGE_CATALOG_LOCK_TIMEOUT  seconds to wait for another run's output lock (default: 60)

exit codes: 0 ok, 1 findings or stale output, 2 bad input or usage,
            3 a problem of the environment (file system, lock), 70 a bug in ocp-image-catalog`;

export const EXIT = { ok: 0, findings: 1, badInput: 2, environment: 3, internal: 70 } as const;

interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const stdio: Io = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

function paint(format: Parameters<typeof styleText>[0], text: string, stream: NodeJS.WriteStream): string {
  return stream.isTTY ? styleText(format, text) : text;
}

export async function main(argv: readonly string[], io: Io = stdio): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        catalog: { type: 'string', default: 'catalogs' },
        dist: { type: 'string', default: 'dist' },
        cluster: { type: 'string', multiple: true },
        base: { type: 'string' },
        json: { type: 'boolean', default: false },
        'fail-on': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return EXIT.badInput;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help) {
    io.out(USAGE);
    return EXIT.ok;
  }
  const options = { catalogDir: values.catalog, distDir: values.dist, clusters: values.cluster };
  try {
    switch (command) {
      case 'synth':
        return await runSynth(options, io);
      case 'check':
        if (options.clusters) throw new UsageError('check compares the whole output; --cluster is not supported');
        return await runCheck(options, io);
      case 'diff':
        if (options.clusters) throw new UsageError('diff summarizes every cluster; --cluster is not supported');
        return await runDiff({ ...options, base: values.base, json: values.json, failOn: parseGates(values['fail-on']) }, io);
      case 'report':
        return await runReport(options, io);
      default:
        io.err(`${command === undefined ? 'missing command' : `unknown command ${JSON.stringify(command)}`}\n\n${USAGE}`);
        return EXIT.badInput;
    }
  } catch (error) {
    if (error instanceof CatalogError) {
      io.err(paint('red', 'error', process.stderr) + ` ${error.message}`);
      io.err(`${options.distDir}/ was left unchanged.`);
      return EXIT.badInput;
    }
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${USAGE}`);
      return EXIT.badInput;
    }
    // A failed system call anywhere is a fault of the machine, not a bug: say what, where and what to do.
    const environment = error instanceof EnvironmentError ? error : isErrnoError(error) ? EnvironmentError.fromErrno(error, `${error.syscall ?? 'use'} a file`) : undefined;
    if (environment) {
      io.err(paint('red', 'error', process.stderr) + ` ${environment.message}`);
      io.err(`${options.distDir}/ was left unchanged.`);
      return EXIT.environment;
    }
    throw error;
  }
}

function reportFindings(all: readonly Finding[], io: Io): boolean {
  // Per cluster in the reports; once per mistake here, naming the clusters.
  const findings = mergeAcrossClusters(all);
  for (const f of findings) io.err(formatFinding(f));
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  if (findings.length > 0) io.err(`${errors} error(s), ${warnings} warning(s)`);
  return errors > 0;
}

async function runSynth(options: Parameters<typeof synth>[0], io: Io): Promise<number> {
  const { compilation, write } = await synth(options);
  if (reportFindings(compilation.findings, io) || !write) {
    io.err(`${options.distDir}/ was left unchanged.`);
    return EXIT.findings;
  }
  io.out(`${options.distDir}/: ${write.written.length} written, ${write.removed.length} removed, ${write.unchanged} unchanged`);
  return EXIT.ok;
}

async function runCheck(options: Parameters<typeof check>[0], io: Io): Promise<number> {
  const { compilation, stale } = await check(options);
  if (reportFindings(compilation.findings, io) || !stale) return EXIT.findings;
  const lines = [
    ...stale.written.map((f) => `  differs or missing: ${options.distDir}/${f}`),
    ...stale.removed.map((f) => `  no longer produced: ${options.distDir}/${f}`),
  ];
  if (lines.length === 0) {
    io.out(`${options.distDir}/ is up to date with the catalog.`);
    return EXIT.ok;
  }
  io.err(`${options.distDir}/ is not what the catalog produces (${lines.length} file(s)); run \`npm run synth\` and commit:`);
  for (const line of lines) io.err(line);
  return EXIT.findings;
}

/** `--fail-on drain,removal` → the gates, or a usage error naming the unknown one. */
function parseGates(list: string | undefined): Gate[] {
  if (list === undefined) return [];
  const gates = list.split(',').map((g) => g.trim()).filter((g) => g !== '');
  for (const gate of gates) {
    if (!(GATES as readonly string[]).includes(gate)) throw new UsageError(`--fail-on ${JSON.stringify(gate)}: not one of ${GATES.join(', ')}`);
  }
  return gates as Gate[];
}

async function runDiff(options: Parameters<typeof diff>[0] & { readonly json: boolean; readonly failOn: readonly Gate[] }, io: Io): Promise<number> {
  const { base, compilation, summary, forecast } = await diff(options);
  if (reportFindings(compilation.findings, io) || !summary) return EXIT.findings;
  io.out((options.json ? renderJson(summary, base, forecast) : renderMarkdown(summary, base, forecast)).trimEnd());
  const triggered = forecast ? triggeredGates(forecast, options.failOn) : [];
  if (triggered.length === 0) return EXIT.ok;
  io.err(`--fail-on: applying this change does ${triggered.map((t) => `${t.gate} (${t.clusters.join(', ')})`).join(', ')}; approve it explicitly`);
  return EXIT.findings;
}

async function runReport(options: Parameters<typeof synth>[0], io: Io): Promise<number> {
  const { compilation, write } = await synth({ ...options, reportsOnly: true });
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
