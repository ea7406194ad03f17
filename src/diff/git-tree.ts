import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../pipeline';
import type { DiffBase } from './markdown';
import { compareStrings } from '../shared';

/** Output of a git command run in `cwd`; undefined when git fails. Reads only, never writes. */
function git(cwd: string, args: readonly string[], input?: string): Buffer | undefined {
  try {
    return execFileSync('git', args, { cwd, input, stdio: ['pipe', 'pipe', 'ignore'], maxBuffer: 1 << 30 });
  } catch {
    return undefined;
  }
}

/** `dir` resolved through symbolic links, though it (or its parents) may not exist yet. */
function realPath(dir: string): string {
  let existing = path.resolve(dir);
  const missing: string[] = [];
  while (!fs.existsSync(existing)) {
    missing.unshift(path.basename(existing));
    existing = path.dirname(existing);
  }
  return path.join(fs.realpathSync(existing), ...missing);
}

/** The repository holding `dir` (which need not exist yet): its top folder, and `dir` relative to it. */
export function locateInRepository(dir: string): { root: string; relative: string } {
  const real = realPath(dir);
  let existing = real;
  while (!fs.existsSync(existing)) existing = path.dirname(existing);
  const top = git(existing, ['rev-parse', '--show-toplevel'])?.toString().trim();
  if (!top) throw new UsageError(`${dir} is not inside a git repository; diff compares it with a commit`);
  const root = fs.realpathSync(top);
  const relative = path.relative(root, real).split(path.sep).join('/');
  if (relative === '' || relative.startsWith('..')) throw new UsageError(`${dir} must be a folder inside the repository ${root}`);
  return { root, relative };
}

/** The commit to compare with: `base` as given, or the merge base of HEAD and `main` (then `origin/main`). */
export function resolveBase(root: string, base: string | undefined): DiffBase {
  if (base !== undefined) {
    const commit = git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${base}^{commit}`])
      ?.toString()
      .trim();
    if (!commit) throw new UsageError(`--base ${base}: no such commit, branch or tag in ${root}`);
    return { ref: base, commit, mergeBase: false };
  }
  for (const ref of ['main', 'origin/main']) {
    const commit = git(root, ['merge-base', 'HEAD', ref])?.toString().trim();
    if (commit) return { ref, commit, mergeBase: true };
  }
  throw new UsageError('no base to compare with: neither main nor origin/main shares history with HEAD; pass --base <git-ref>');
}

/** Every file under `folder` at `commit` (path relative to `folder` → content), without a checkout. */
export function readGitTree(root: string, commit: string, folder: string): Map<string, string> {
  const listing = git(root, ['ls-tree', '-r', '-z', '--full-tree', commit, '--', `${folder}/`]);
  if (!listing) throw new UsageError(`cannot list ${folder}/ at ${commit}`);
  const blobs: { sha: string; file: string }[] = [];
  for (const entry of listing.toString('utf8').split('\0')) {
    const match = /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(entry);
    if (match) blobs.push({ sha: match[1], file: match[2].slice(folder.length + 1) });
  }
  const files = new Map<string, string>();
  if (blobs.length === 0) return files;
  // One git process for every blob: `<sha> blob <size>\n<content>\n` each, in request order.
  const batch = git(root, ['cat-file', '--batch'], blobs.map((b) => b.sha).join('\n') + '\n');
  if (!batch) throw new UsageError(`cannot read ${folder}/ at ${commit}`);
  let offset = 0;
  for (const { file } of blobs) {
    const newline = batch.indexOf(0x0a, offset);
    const size = Number(batch.toString('utf8', offset, newline).split(' ')[2]);
    files.set(file, batch.toString('utf8', newline + 1, newline + 1 + size));
    offset = newline + 1 + size + 1;
  }
  return new Map([...files].sort(([a], [b]) => compareStrings(a, b)));
}
