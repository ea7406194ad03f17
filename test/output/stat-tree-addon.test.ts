import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NATIVE_STAT_TREE, statTuple } from '../../src/output';
import { STAT_TREE_ADDON, STAT_TREE_API, statTreeAddon } from '../../src/output/_stat-tree-addon';
import { tempDir } from '../support/fixtures';

/** native/stat-tree.c `writeFiles`: the changed files of a write, created on a thread of libuv's pool. */
describe('the stat-tree addon: writeFiles', () => {
  // The addon is built wherever the atomic exchange is (test/output/tree-scan.test.ts); one built is never without writeFiles.
  const writeFiles = statTreeAddon?.writeFiles;
  test('is there whenever the addon is built', () => {
    expect(writeFiles !== undefined).toBe(NATIVE_STAT_TREE);
  });

  (NATIVE_STAT_TREE ? test : test.skip)('the built addon has the shape this code calls it with', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect((require(STAT_TREE_ADDON) as { apiVersion?: number }).apiVersion).toBe(STAT_TREE_API);
  });

  /** A root with a folder `a` and the empty folder `.incoming` the files are created in. */
  function root(): string {
    const dir = tempDir('ocp-image-catalog-write-files-');
    fs.mkdirSync(path.join(dir, 'a'));
    fs.mkdirSync(path.join(dir, '.incoming'));
    return dir;
  }

  (writeFiles ? test : test.skip)(
    'writes strings as UTF-8 and chunks in order, past the chunks one writev takes, and gives each file its stat tuple',
    async () => {
      // GIVEN a string with characters beyond ASCII, two chunks, no chunk at all, and 3,000 chunks (IOV_MAX is 1,024)
      const dir = root();
      const many = Array.from({ length: 3000 }, (_, i) => Buffer.from(`${i}\n`));
      const contents = ['é ✓ 𝄞\n', [Buffer.from('ab'), Buffer.from('cd\n')], [], many];
      const targets = ['a/text.yaml', 'a/chunks.md', 'empty', 'a/many.md'];
      // WHEN written
      const tuples = (await writeFiles!(dir, '.incoming', targets.map((t) => `${t}\0`).join(''), contents)).split('\0', targets.length);
      // THEN each file holds its content, nothing is left in the incoming folder, and the tuples are the files' lstat
      expect(fs.readFileSync(path.join(dir, 'a/text.yaml'), 'utf8')).toBe('é ✓ 𝄞\n');
      expect(fs.readFileSync(path.join(dir, 'a/chunks.md'), 'utf8')).toBe('abcd\n');
      expect(fs.readFileSync(path.join(dir, 'empty'), 'utf8')).toBe('');
      expect(fs.readFileSync(path.join(dir, 'a/many.md'))).toStrictEqual(Buffer.concat(many));
      expect(fs.readdirSync(path.join(dir, '.incoming'))).toStrictEqual([]);
      expect(tuples).toStrictEqual(targets.map((t) => statTuple(fs.lstatSync(path.join(dir, t), { bigint: true }))));
    },
  );

  (writeFiles ? test : test.skip)('fails at the first file it cannot place, as fs fails: code, call and path', async () => {
    // GIVEN a second file whose folder does not exist
    const dir = root();
    // WHEN written THEN it rejects naming the rename of that file, after the first was written
    await expect(writeFiles!(dir, '.incoming', 'a/one\0missing/two\0a/three\0', ['1', '2', '3'])).rejects.toMatchObject({
      code: 'ENOENT',
      syscall: 'rename',
      path: `${dir}/missing/two`,
      message: expect.stringMatching(/^ENOENT: cannot create .*missing\/two$/) as unknown,
    });
    expect(fs.readFileSync(path.join(dir, 'a/one'), 'utf8')).toBe('1');
    expect(fs.existsSync(path.join(dir, 'a/three'))).toBe(false);
  });

  (writeFiles ? test : test.skip)('refuses contents that are not one string or Buffer array per target', () => {
    const dir = root();
    expect(() => writeFiles!(dir, '.incoming', 'a/one\0a/two\0', ['1'])).toThrow(/one per target/);
    expect(() => writeFiles!(dir, '.incoming', 'a/one\0', [['not a buffer'] as unknown as Buffer[]])).toThrow(/Buffer arrays/);
    expect(() => writeFiles!(dir, '.incoming', 'a/one\0a/two\0', ['1', '2'], 'r/0\0')).toThrow(/one NUL-terminated path per target/);
  });

  (writeFiles ? test : test.skip)(
    "writes over a file to reuse only where no one else can see it: a regular file of one link with a new file's mode",
    async () => {
      // GIVEN files to reuse: a longer one, one linked elsewhere too, one of another mode, a symbolic link, a FIFO
      const dir = root();
      const reuse = path.join(dir, '.reuse');
      fs.mkdirSync(reuse);
      fs.writeFileSync(path.join(reuse, 'fresh'), '');
      const newFileMode = fs.statSync(path.join(reuse, 'fresh')).mode & 0o7777;
      fs.writeFileSync(path.join(reuse, '0'), 'a much longer old content\n'.repeat(100));
      fs.writeFileSync(path.join(dir, 'elsewhere'), 'linked elsewhere\n');
      fs.linkSync(path.join(dir, 'elsewhere'), path.join(reuse, '1'));
      fs.writeFileSync(path.join(reuse, '2'), 'other mode\n');
      fs.chmodSync(path.join(reuse, '2'), newFileMode ^ 0o100);
      fs.writeFileSync(path.join(dir, 'victim'), 'behind a link\n');
      fs.symlinkSync(path.join(dir, 'victim'), path.join(reuse, '3'));
      const fifo = spawnSync('mkfifo', [path.join(reuse, '4')]).status === 0;
      const inode = (file: string) => fs.lstatSync(path.join(dir, file)).ino;
      const reused = inode('.reuse/0');
      // AND targets, the first three where links to other files are now (as in the spare's mirror)
      for (const target of ['a/zero', 'a/one', 'a/two']) fs.linkSync(path.join(dir, 'elsewhere'), path.join(dir, target));
      const targets = ['a/zero', 'a/one', 'a/two', 'a/three', 'a/four', 'a/five'];
      const contents = ['zero\n', 'one\n', 'two\n', [Buffer.from('thr'), Buffer.from('ee\n')], 'four\n', 'five\n'];
      // WHEN written, each but the last reusing its file
      const tuples = (
        await writeFiles!(dir, '.incoming', targets.map((t) => `${t}\0`).join(''), contents, '.reuse/0\0.reuse/1\0.reuse/2\0.reuse/3\0.reuse/4\0\0')
      ).split('\0', targets.length);
      // THEN every target holds exactly its content, with its stat tuple, a new file's mode and one link
      targets.forEach((target, i) => {
        const expected = typeof contents[i] === 'string' ? contents[i] : Buffer.concat(contents[i] as Buffer[]).toString();
        expect(fs.readFileSync(path.join(dir, target), 'utf8')).toBe(expected);
        expect(tuples[i]).toBe(statTuple(fs.lstatSync(path.join(dir, target), { bigint: true })));
        expect(fs.lstatSync(path.join(dir, target)).mode & 0o7777).toBe(newFileMode);
        expect(fs.lstatSync(path.join(dir, target)).nlink).toBe(1);
      });
      // AND only the lone file was written over (moved into place, cut to its new length); the others are where they were, unchanged
      expect(inode('a/zero')).toBe(reused);
      expect(fs.readdirSync(reuse).sort()).toStrictEqual(['1', '2', '3', ...(fifo ? ['4'] : []), 'fresh']);
      expect(fs.readFileSync(path.join(dir, 'elsewhere'), 'utf8')).toBe('linked elsewhere\n');
      expect(fs.readFileSync(path.join(reuse, '2'), 'utf8')).toBe('other mode\n');
      expect(fs.readFileSync(path.join(dir, 'victim'), 'utf8')).toBe('behind a link\n');
      expect(fs.readdirSync(path.join(dir, '.incoming'))).toStrictEqual([]);
    },
  );
});

/** native/stat-tree.c `linkFiles`: the spare's mirror, each link checked against the scan's tuple. */
describe('the stat-tree addon: linkFiles', () => {
  const addon = statTreeAddon;
  (addon ? test : test.skip)('marks a link whose file changed since its tuple was taken in more than ctime, and only that one', () => {
    // GIVEN three files and their stat tuples as a scan takes them
    const from = tempDir('ocp-image-catalog-link-from-');
    const to = tempDir('ocp-image-catalog-link-to-');
    for (const name of ['same', 'grown', 'touched']) fs.writeFileSync(path.join(from, name), `${name}\n`);
    const tuple = (name: string) => statTuple(fs.lstatSync(path.join(from, name), { bigint: true }));
    const scanned = ['same', 'grown', 'touched'].map(tuple);
    // WHEN two of them are edited (one grows, one only gets another modification time) and all are linked against the tuples
    fs.appendFileSync(path.join(from, 'grown'), 'more\n');
    fs.utimesSync(path.join(from, 'touched'), new Date(2020, 0, 1), new Date(2020, 0, 1));
    const linked = addon!
      .linkFiles(from, to, 'same\0grown\0touched\0', scanned.map((t) => `${t}\0`).join(''))
      .split('\0')
      .slice(0, 3);
    // THEN the edited two come marked, each with its link's own tuple; the other's differs from the scan's only in ctime
    expect(linked.map((t) => t.startsWith('!'))).toStrictEqual([false, true, true]);
    expect(linked.map((t) => t.replace(/^!/, ''))).toStrictEqual(
      ['same', 'grown', 'touched'].map((name) => statTuple(fs.lstatSync(path.join(to, name), { bigint: true }))),
    );
    expect(linked[0].slice(0, linked[0].lastIndexOf(':'))).toBe(scanned[0].slice(0, scanned[0].lastIndexOf(':')));
    // AND without the tuples nothing is marked
    const again = tempDir('ocp-image-catalog-link-again-');
    expect(
      addon!
        .linkFiles(from, again, 'same\0grown\0')
        .split('\0')
        .slice(0, 2)
        .some((t) => t.startsWith('!')),
    ).toBe(false);
  });
});
