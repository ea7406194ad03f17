import { COMMANDS, commandUsage, parseCommandLine, toolUsage } from '../../src/command-line/args';

/** The parse of `argv` outside npm (no npm_* variables). */
const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseCommandLine(argv, env);

describe('parseCommandLine: nothing silently ignored', () => {
  test.each([
    [['synth', 'gold'], /synth takes no argument "gold" \(for a cluster: --cluster gold\)/],
    [['synth', '--', 'gold'], /synth takes no argument "gold"/],
    [['synth', 'help'], /synth takes no argument "help" \(for help: synth --help\)/],
    [['synth', 'check'], /one command at a time/],
    [['diff', '--jsn'], /unknown option --jsn/],
    [['check', '--json'], /check does not take --json \(diff does\)/],
    [['synth', '--base', 'x'], /synth does not take --base \(diff does\)/],
    [['synth', '--exit-code'], /synth does not take --exit-code \(diff does\)/],
    [['diff', '--cluster'], /--cluster <value>' argument missing/],
    [['diff', '--json=yes'], /--json' does not take an argument/],
    [['synth', '--version'], /unknown option --version/],
  ])('fails on %j with the command usage', (argv, message) => {
    // GIVEN a mistake on the command line WHEN parsed THEN a usage error naming it, with that command's usage
    expect(() => parse(argv)).toThrow(message);
    try {
      parse(argv);
    } catch (error) {
      expect((error as { usage: string }).usage).toBe(commandUsage(argv[0] as keyof typeof COMMANDS));
    }
  });

  test.each([
    [[], /missing command/],
    [['--cluster', 'gold'], /missing command \(options go after it: ocp-image-catalog <command> --cluster gold\)/],
    [['snyth'], /unknown command "snyth"/],
    [['help', 'nope'], /help takes one command, one of synth, check, diff, report/],
  ])('fails on %j with the tool usage', (argv, message) => {
    expect(() => parse(argv)).toThrow(message);
    try {
      parse(argv);
    } catch (error) {
      expect((error as { usage: string }).usage).toBe(toolUsage());
    }
  });

  test('takes options before or after the command, repeated --cluster in order', () => {
    expect(parse(['--cluster', 'a', 'synth', '--cluster=b', '--dist', 'out'])).toEqual({
      kind: 'run',
      command: 'synth',
      args: { catalog: 'catalogs', dist: 'out', cluster: ['a', 'b'], base: undefined, json: false, 'fail-on': undefined, 'exit-code': false },
    });
    expect(parse(['diff', '--cluster', 'gold', '--exit-code', '--json'])).toMatchObject({
      command: 'diff',
      args: { cluster: ['gold'], json: true, 'exit-code': true },
    });
  });
});

describe('parseCommandLine: options npm swallowed', () => {
  // npm 11 `npm run synth --cluster gold`: npm_config_cluster=true and the script gets only "gold"
  // (checked with npm 11.19.1: an unknown `--x v` becomes npm_config_x=true, `--x=v` npm_config_x=v).
  test('fails on `npm run synth --cluster gold` and shows the -- form', () => {
    const env = { npm_lifecycle_event: 'synth', npm_config_cluster: 'true' };
    expect(() => parse(['synth', 'gold'], env)).toThrow(/npm took --cluster as its own option .*\n  npm run synth -- --cluster gold$/);
  });

  test('fails on `npm run diff --json --base=main` with both flags in the -- form', () => {
    const env = { npm_lifecycle_event: 'diff', npm_config_json: 'true', npm_config_base: 'main' };
    expect(() => parse(['diff'], env)).toThrow(/npm took --base, --json as its own option.*\n  npm run diff -- --base main --json$/);
  });

  test('leaves other lifecycle events alone (npm test running the CLI in process)', () => {
    const env = { npm_lifecycle_event: 'test', npm_config_json: 'true' };
    expect(parse(['check'], env)).toMatchObject({ kind: 'run', command: 'check' });
  });
});

describe('help and version', () => {
  test.each([[['--help']], [['-h']], [['help']]])('%j prints the tool help, naming every command', (argv) => {
    const parsed = parse(argv);
    expect(parsed).toEqual({ kind: 'help', text: toolUsage() });
    for (const command of Object.keys(COMMANDS)) expect(toolUsage()).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  test.each([[['synth', '--help']], [['synth', '-h']], [['help', 'synth']]])('%j prints the command help with exactly its options', (argv) => {
    expect(parse(argv)).toEqual({ kind: 'help', text: commandUsage('synth') });
    const listed = [...commandUsage('synth').matchAll(/^ {2}(?:-h, | {4})--([a-z-]+)/gm)].map((m) => m[1]);
    expect(listed).toEqual(['catalog', 'dist', 'cluster', 'help']);
  });

  test('diff help lists --exit-code, --fail-on and --cluster', () => {
    expect(commandUsage('diff')).toMatch(/--exit-code +exit 1 when the output changes/);
    expect(commandUsage('diff')).toMatch(/--fail-on <list>/);
    expect(commandUsage('diff')).toMatch(/--cluster <name>/);
  });

  test('--version alone is the version request', () => {
    expect(parse(['--version'])).toEqual({ kind: 'version' });
  });
});
