import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { parse } from 'yaml';
import { HEALTH_CHECKS_FOLDER, readTree } from '../../src/output';

// The ImageStream health check runs in a real Lua 5.1 interpreter: Argo CD runs health checks with
// gopher-lua (Lua 5.1), opening only the base and table libraries plus a safe `os` unless
// `useOpenLibs` is set (argo-cd util/lua/lua.go `runLuaWithResourceActionParameters`), with the
// resource as the global `obj`. The harness gives the script exactly that environment.
const LUA = 'lua5.1';
const dist = readTree(path.resolve(__dirname, '../../dist'));
const script = dist.get(`${HEALTH_CHECKS_FOLDER}/image.openshift.io_ImageStream.lua`) ?? '';
const scriptPath = path.resolve(__dirname, '../../dist', HEALTH_CHECKS_FOLDER, 'image.openshift.io_ImageStream.lua');

interface Health {
  readonly status: string;
  readonly message: string;
}

/** A JSON value as a Lua table constructor; JSON null is an absent field, as Argo CD decodes it. */
function luaValue(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `{${value.map(luaValue).join(', ')}}`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `[${JSON.stringify(k)}] = ${luaValue(v)}`)
    .join(', ')}}`;
}

function runLua(file: string, object: unknown): Health {
  const harness =
    `
local f = assert(io.open(arg[1], "r"))
local source = f:read("*a")
f:close()
local ` +
    `env = { obj = ${luaValue(object)}, table = table, os = { time ` +
    `= os.time, date = os.date, clock = os.clock } }
for _, name ` +
    `in ipairs({ "assert", "error", "getmetatable", "ipairs", "next", ` +
    `"pairs", "pcall", "print", "rawequal", "rawget", "rawset", "select", ` +
    `"setmetatable", "tonumber", "tostring", "type", "unpack", "xpcall", ` +
    `"_VERSION" }) do
  env[name] = _G[name]
end
env._G = env
getmetatable("").__index ` +
    `= nil -- no string library: gopher-lua sets the string metatable ` +
    `only when it opens it
local chunk = assert(loadstring(source, ` +
    `"health.lua"))
setfenv(chunk, env)
local hs = chunk()
io.write(tostring(hs.status), ` +
    `"\\n", tostring(hs.message))
`;
  const run = spawnSync(LUA, ['-', file], { input: harness, encoding: 'utf8' });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`${LUA} failed: ${run.stderr}`);
  const [status, ...message] = run.stdout.split('\n');
  return { status, message: message.join('\n') };
}

/** A committed ImageStream of a consumer and of the build cluster, as the API server would return them. */
function committedStream(file: string): { spec: { tags: Array<{ name: string }> } } {
  const content = dist.get(file);
  if (!content) throw new Error(`${file} is not in the committed dist/`);
  return parse(content) as { spec: { tags: Array<{ name: string }> } };
}

const imported = (tag: string) => ({
  tag,
  items: [
    {
      created: '2026-01-01T00:00:00Z',
      dockerImageReference: `image-registry/x@sha256:${'a'.repeat(64)}`,
      image: `sha256:${'a'.repeat(64)}`,
      generation: 2,
    },
  ],
});
const failed = (tag: string, message: string) => ({
  tag,
  items: null,
  conditions: [
    { type: 'ImportSuccess', status: 'False', reason: 'Unauthorized', message, generation: 2, lastTransitionTime: '2026-01-01T00:00:00Z' },
  ],
});

// Every distinct committed ImageStream (most are the same on every consumer).
const streams = [
  ...new Map([...dist].filter(([f]) => /^[^/]+\/[^/]+\/imagestream\.image\.openshift\.io_[^/]+\.yaml$/.test(f)).map(([f, c]) => [c, f])).values(),
].sort();

describe('Argo CD health check for ImageStream (dist/argocd/_health-checks)', () => {
  beforeAll(() => {
    const probe = spawnSync(LUA, ['-v'], { encoding: 'utf8' });
    if (probe.error)
      throw new Error(
        `${LUA} is not installed: the health check is tested in a real ` +
          `Lua 5.1 interpreter. Install it (apt-get install -y lua5.1; ` +
          `.ci/run does).`,
      );
  });

  test('the committed output holds the check and ImageStreams to run it on', () => {
    expect(script).toContain('ImportSuccess');
    expect(streams.length).toBeGreaterThan(0);
  });

  test('the harness denies what Argo CD does not open (string library)', () => {
    expect(() => runLua(path.resolve(__dirname, '../fixtures/argocd-health/uses-string-library.lua'), {})).toThrow(/string/);
  });

  test.each(streams)('%s: every spec tag imported → Healthy', (file) => {
    const stream = committedStream(file);
    const health = runLua(scriptPath, { ...stream, status: { tags: stream.spec.tags.map((t) => imported(t.name)) } });
    expect(health).toStrictEqual({ status: 'Healthy', message: 'every tag is imported' });
  });

  test.each(streams)('%s: nothing imported yet → Progressing', (file) => {
    const stream = committedStream(file);
    const health = runLua(scriptPath, stream);
    expect(health.status).toBe('Progressing');
    expect(health.message).toBe(`waiting for tags to import: ${stream.spec.tags.map((t) => t.name).join(', ')}`);
  });

  test.each(streams)('%s: one tag failed to import, the others imported → Degraded, naming the tag and the message', (file) => {
    const stream = committedStream(file);
    const [first, ...rest] = stream.spec.tags;
    const message = 'you may not have access to the container image "artifacts.example.com/x:1"';
    const health = runLua(scriptPath, { ...stream, status: { tags: [failed(first.name, message), ...rest.map((t) => imported(t.name))] } });
    expect(health).toStrictEqual({ status: 'Degraded', message: `tag ${first.name}: ${message}` });
  });

  test('a failed re-import of a tag that has an older image is Degraded; several failures are all named', () => {
    const stream = committedStream(streams[0]);
    const [a, b, ...rest] = stream.spec.tags;
    const health = runLua(scriptPath, {
      ...stream,
      status: {
        tags: [{ ...imported(a.name), conditions: failed(a.name, 'not found').conditions }, failed(b.name, ''), ...rest.map((t) => imported(t.name))],
      },
    });
    expect(health).toStrictEqual({ status: 'Degraded', message: `tag ${a.name}: not found; tag ${b.name}: Unauthorized` });
  });

  test('some tags imported, none failed → Progressing, naming the tags still waiting', () => {
    const stream = committedStream(streams[0]);
    const [first, ...rest] = stream.spec.tags;
    const health = runLua(scriptPath, { ...stream, status: { tags: [imported(first.name)] } });
    expect(health).toStrictEqual({ status: 'Progressing', message: `waiting for tags to import: ${rest.map((t) => t.name).join(', ')}` });
  });

  test('the argocd-cm and ArgoCD patches install exactly the committed script under the key and group/kind Argo CD looks up', () => {
    const cm = parse(dist.get(`${HEALTH_CHECKS_FOLDER}/argocd-cm.patch`) ?? '') as unknown;
    const cr = parse(dist.get(`${HEALTH_CHECKS_FOLDER}/argocd-cr.patch`) ?? '') as unknown;
    // argo-cd util/settings/settings.go convertToOverrideKey reads "<group>_<kind>" after the prefix; argocd-operator
    // writes each spec.resourceHealthChecks item to that key.
    expect(cm).toStrictEqual({ data: { 'resource.customizations.health.image.openshift.io_ImageStream': script } });
    expect(cr).toStrictEqual({ spec: { resourceHealthChecks: [{ group: 'image.openshift.io', kind: 'ImageStream', check: script }] } });
  });

  test('no file of the folder is one Argo CD or kubectl apply would read as a manifest', () => {
    const files = [...dist.keys()].filter((f) => f.startsWith(`${HEALTH_CHECKS_FOLDER}/`));
    expect(files.length).toBe(3);
    // argo-cd reposerver/repository/repository.go: var manifestFile = `^.*\.(yaml|yml|json|jsonnet)$`
    for (const file of files) expect(path.basename(file)).not.toMatch(/^.*\.(yaml|yml|json|jsonnet)$/);
  });
});
