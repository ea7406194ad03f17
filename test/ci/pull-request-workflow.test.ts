import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '../..');

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}

describe('pull request workflow', () => {
  const workflow = parse(fs.readFileSync(path.join(ROOT, '.github/workflows/pull-request.yml'), 'utf8')) as {
    on: object;
    jobs: Record<string, { steps: Step[] }>;
  };
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

  test('runs on pull requests: Lua 5.1, npm ci, npm test, npm run check, then the diff into the job summary', () => {
    expect(Object.keys(workflow.on)).toStrictEqual(['pull_request']);
    expect(steps.filter((s) => s.run).map((s) => s.run)).toStrictEqual([
      'sudo apt-get update -qq && sudo apt-get install -y -qq lua5.1',
      'npm ci',
      'npm test',
      'npm run check',
      'npm run -s diff -- --base "origin/$BASE_REF" >> "$GITHUB_STEP_SUMMARY"',
    ]);
  });

  test('checks out the whole history, so the base branch exists for the diff', () => {
    expect(steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with).toStrictEqual({ 'fetch-depth': 0 });
    expect(steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with).toStrictEqual({ 'node-version': 20, cache: 'npm' });
  });

  test('every npm script it runs exists', () => {
    const used = steps.flatMap((s) => [...(s.run ?? '').matchAll(/npm run (?:-s )?([\w:-]+)/g)].map((m) => m[1]));
    expect(used.filter((name) => !(name in scripts))).toStrictEqual([]);
  });
});
