/**
 * The command line's grammar: commands, the options each takes, their help, and a strict parse
 * (node:util parseArgs) that refuses what it does not understand instead of ignoring it.
 */
import { parseArgs } from 'node:util';
import { GATES } from '../forecast';
import { UsageError } from '../pipeline';

export const TOOL = 'ocp-image-catalog';

interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  readonly value?: string;
  readonly help: string;
}

const OPTIONS = {
  catalog: { type: 'string', value: '<dir>', help: 'catalog folder (default: catalogs)' },
  dist: { type: 'string', value: '<dir>', help: 'output folder (default: dist)' },
  cluster: { type: 'string', multiple: true, value: '<name>', help: "only this cluster's folder (repeatable)" },
  base: { type: 'string', value: '<git-ref>', help: 'the commit to compare with (default: the merge base of HEAD and main)' },
  json: { type: 'boolean', help: 'print JSON instead of markdown' },
  'fail-on': {
    type: 'string',
    value: '<list>',
    help: `exit 1 when applying the change would do any of these (comma-separated): ${GATES.join(', ')}`,
  },
  'exit-code': { type: 'boolean', help: 'exit 1 when the output changes, as `git diff --exit-code` does' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
} as const satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTIONS;

interface CommandSpec {
  readonly summary: string;
  readonly options: readonly OptionName[];
}

export const COMMANDS = {
  synth: {
    summary: 'compile catalogs/ into dist/ (atomic; unchanged files untouched)',
    options: ['catalog', 'dist', 'cluster', 'help'],
  },
  check: {
    summary: 'exit 1 and list the files that differ when dist/ is not what catalogs/ produces',
    options: ['catalog', 'dist', 'cluster', 'help'],
  },
  diff: {
    summary: 'summarize, per cluster and production first, how the output differs from dist/ at a git commit',
    options: ['catalog', 'dist', 'cluster', 'base', 'json', 'fail-on', 'exit-code', 'help'],
  },
  report: {
    summary: 'write only the cluster reports, dist/reports/<cluster>.md',
    options: ['catalog', 'dist', 'cluster', 'help'],
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

const EXIT_CODES = `exit codes: 0 ok, 1 findings, stale output or (diff --exit-code) changes, 2 bad input or usage,
            3 a problem of the environment (file system, lock), 70 a bug in ocp-image-catalog`;

const ENVIRONMENT = [
  'environment:',
  "  OCP_IMAGE_CATALOG_LOCK_TIMEOUT  seconds to wait for another run's output lock (default: 60)",
  '  NO_COLOR, FORCE_COLOR           colour off, or on even in a pipe (default: on a colour terminal)',
];

function isCommand(name: string | undefined): name is CommandName {
  return name !== undefined && Object.hasOwn(COMMANDS, name);
}

function optionLines(names: readonly OptionName[]): string[] {
  const left = (name: OptionName) => {
    const spec: OptionSpec = OPTIONS[name];
    return `${'short' in spec ? `-${spec.short}, ` : '    '}--${name}${spec.value ? ` ${spec.value}` : ''}`;
  };
  const width = Math.max(...names.map((n) => left(n).length)) + 2;
  return names.map((n) => `  ${left(n).padEnd(width)}${OPTIONS[n].help}`);
}

/** The tool's help: every command, the options they share, how npm passes options, exit codes. */
export function toolUsage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length)) + 2;
  return [
    `usage: ${TOOL} <command> [options]       (in this repository: npm run <command> -- [options])`,
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, spec]) => `  ${name.padEnd(width)}${spec.summary}`),
    '',
    'options:',
    `  -h, --help     show help (\`${TOOL} <command> --help\` for a command's options)`,
    '      --version  print the version',
    '',
    ...ENVIRONMENT,
    '',
    EXIT_CODES,
  ].join('\n');
}

/** One command's help: what it does and exactly the options it takes. */
export function commandUsage(command: CommandName): string {
  return [
    `usage: ${TOOL} ${command} [options]       (in this repository: npm run ${command} -- [options])`,
    '',
    COMMANDS[command].summary,
    '',
    'options:',
    ...optionLines(COMMANDS[command].options),
    '',
    ...ENVIRONMENT,
    '',
    EXIT_CODES,
  ].join('\n');
}

export interface CommandArgs {
  readonly catalog: string;
  readonly dist: string;
  readonly cluster?: string[];
  readonly base?: string;
  readonly json: boolean;
  readonly 'fail-on'?: string;
  readonly 'exit-code': boolean;
}

export type Parsed =
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'version' }
  | { readonly kind: 'run'; readonly command: CommandName; readonly args: CommandArgs };

/** A usage error that prints this usage text after its message. */
export class CommandLineError extends UsageError {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
    this.name = 'CommandLineError';
  }
}

const ALL_OPTIONS = Object.fromEntries(Object.entries(OPTIONS).map(([name, spec]) => [name, parseOption(spec)]));

function parseOption(spec: OptionSpec): { type: 'string' | 'boolean'; short?: string; multiple?: boolean } {
  return { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
}

/**
 * Options npm took as its own config: `npm run synth --cluster gold` sets `npm_config_cluster=true`
 * and passes only `gold`. Only checked when npm runs the script of this very command.
 */
function swallowedByNpm(command: CommandName, positionals: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  if (env.npm_lifecycle_event !== command) return undefined;
  const names = COMMANDS[command].options.filter((name) => env[`npm_config_${name.replace(/-/g, '_')}`] !== undefined);
  if (names.length === 0) return undefined;
  const stray = [...positionals];
  const flags = names.map((name) => {
    const value = env[`npm_config_${name.replace(/-/g, '_')}`];
    if (OPTIONS[name].type === 'boolean') return `--${name}`;
    const given = value === 'true' ? stray.shift() : value;
    return given === undefined ? `--${name} ${OPTIONS[name].value}` : `--${name} ${given}`;
  });
  const took = names.map((n) => `--${n}`).join(', ');
  const variable = `npm_config_${names[0].replace(/-/g, '_')}`;
  return (
    `npm took ${took} as its own option (${variable} is set), so ${command} never saw it; ` +
    `put the command's options after \`--\`:\n  npm run ${command} -- ${[...flags, ...stray].join(' ')}`
  );
}

/** Parses `argv` (without node and script) strictly; every mistake is a CommandLineError with the usage to show. */
export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Parsed {
  // A first, lenient pass finds the command wherever it is, knowing which options take a value.
  const { tokens } = parseArgs({ args: [...argv], options: ALL_OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const first = tokens.find((t) => t.kind === 'positional');
  const optionNames = tokens.flatMap((t) => (t.kind === 'option' ? [t.name] : []));
  if (!first) {
    if (optionNames.includes('version') && optionNames.length === 1) return { kind: 'version' };
    if (optionNames.length === 0) throw new CommandLineError('missing command', toolUsage());
    if (optionNames.every((n) => n === 'help')) return { kind: 'help', text: toolUsage() };
    throw new CommandLineError(`missing command (options go after it: ${TOOL} <command> ${argv.join(' ')})`, toolUsage());
  }
  const name = first.value;
  const rest = [...argv.slice(0, first.index), ...argv.slice(first.index + 1)];
  if (name === 'help') return helpFor(rest);
  if (!isCommand(name)) throw new CommandLineError(`unknown command ${JSON.stringify(name)}`, toolUsage());
  const command = name;
  const usage = commandUsage(command);
  const takes = new Set<string>(COMMANDS[command].options);
  const loose = parseArgs({ args: rest, options: ALL_OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const swallowed = swallowedByNpm(command, loose.positionals, env);
  if (swallowed) throw new CommandLineError(swallowed, usage);
  for (const token of loose.tokens) {
    if (token.kind !== 'option' || takes.has(token.name)) continue;
    const others = Object.entries(COMMANDS)
      .filter(([, spec]) => (spec.options as readonly string[]).includes(token.name))
      .map(([c]) => c);
    throw new CommandLineError(
      others.length > 0 ? `${command} does not take ${token.rawName} (${others.join(', ')} does)` : `unknown option ${token.rawName}`,
      usage,
    );
  }
  if (loose.positionals.length > 0) {
    const stray = loose.positionals[0];
    const hint =
      stray === 'help' ? ` (for help: ${command} --help)` : isCommand(stray) ? ' (one command at a time)' : ` (for a cluster: --cluster ${stray})`;
    throw new CommandLineError(`${command} takes no argument ${JSON.stringify(stray)}${hint}; its input is given by options`, usage);
  }
  const options = Object.fromEntries(COMMANDS[command].options.map((o) => [o, parseOption(OPTIONS[o])]));
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: rest, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // Left for the strict pass: a value missing or given to a flag; node's message names the option.
    throw new CommandLineError((error as Error).message, usage);
  }
  if (values.help) return { kind: 'help', text: usage };
  return {
    kind: 'run',
    command,
    args: {
      catalog: (values.catalog as string | undefined) ?? 'catalogs',
      dist: (values.dist as string | undefined) ?? 'dist',
      cluster: values.cluster as string[] | undefined,
      base: values.base as string | undefined,
      json: values.json === true,
      'fail-on': values['fail-on'] as string | undefined,
      'exit-code': values['exit-code'] === true,
    },
  };
}

/** `help` or `help <command>`, git-style. */
function helpFor(rest: readonly string[]): Parsed {
  if (rest.length === 0) return { kind: 'help', text: toolUsage() };
  const [topic, ...extra] = rest;
  if (extra.length > 0 || !isCommand(topic))
    throw new CommandLineError(`help takes one command, one of ${Object.keys(COMMANDS).join(', ')}`, toolUsage());
  return { kind: 'help', text: commandUsage(topic) };
}
