import * as os from 'node:os';
import * as path from 'node:path';
import type { HeldContent } from './encoded-files';

/**
 * native/stat-tree.c: `statTree` lists and stats a tree; `linkFiles` hard-links paths and stats the
 * links; `writeFiles` creates files on a thread of libuv's pool.
 */
export interface StatTreeAddon {
  /** Every file, its stat tuple (or inode number) at the same index, and every folder under a root: three texts, each item NUL-terminated. */
  readonly statTree: (root: string, inodes?: boolean) => [files: string, tuples: string, folders: string];
  /**
   * Links each NUL-terminated path from one root to the other: the links' stat tuples, NUL-terminated
   * ("" where refused). With `expected` (each file's tuple, NUL-terminated), a link whose tuple differs
   * from it in more than ctime (the file was edited since) has "!" before its tuple.
   */
  readonly linkFiles: (fromRoot: string, toRoot: string, paths: string, expected?: string) => string;
  /**
   * Creates each NUL-terminated path of `targets` under `root` (its folder existing) holding the
   * content at its index, through `<root>/<incoming>/<index>` renamed into place, while this thread
   * goes on: the new files' stat tuples, NUL-terminated. Fails as `fs` does (code, syscall, path).
   * Absent from an addon built before it existed (the writer then writes in this thread). With
   * `reuse` (one NUL-terminated path under `root` per target, "" for none), a target is written over
   * that file instead where only this user's new file could be it: a regular file with one link and a
   * new file's mode.
   */
  readonly writeFiles?: (root: string, incoming: string, targets: string, contents: readonly HeldContent[], reuse?: string) => Promise<string>;
}

export const STAT_TREE_ADDON = path.resolve(__dirname, '../../native/build/stat_tree.node');

/**
 * The shape of the calls below, as native/stat-tree.c says it is (its `apiVersion`). An addon built
 * from other sources (a checkout that changed without `npm install`, whose postinstall builds it) is
 * not used: the `fs` path is slower, never wrong.
 */
export const STAT_TREE_API = 2;

/** The compiled addon, or undefined where it could not be built. */
export const statTreeAddon: StatTreeAddon | undefined = (() => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const addon = require(STAT_TREE_ADDON) as StatTreeAddon & { readonly apiVersion?: number };
    if (addon.apiVersion !== STAT_TREE_API) return undefined;
    // The addon throws the errno number: named as Node names it, so that the error reads like fs's.
    const errnoName = (error: unknown) => {
      const errno = Number((error as { code?: string }).code);
      return Object.entries(os.constants.errno).find(([, n]) => n === errno)?.[0] ?? `errno ${errno}`;
    };
    const named =
      <A extends unknown[], R>(call: (...args: A) => R, what: (...args: A) => string) =>
      (...args: A): R => {
        try {
          return call(...args);
        } catch (error) {
          const name = errnoName(error);
          throw Object.assign(new Error(`${name}: ${what(...args)}`), { code: name });
        }
      };
    return {
      statTree: named(addon.statTree, (root: string) => `cannot list ${root}`),
      linkFiles: named(addon.linkFiles, (from, to) => `cannot link from ${from} to ${to}`),
      writeFiles: typeof addon.writeFiles === 'function' ? writeFilesNamed(addon.writeFiles.bind(addon), errnoName) : undefined,
    };
  } catch {
    return undefined;
  }
})();

/** Whether this build lists and stats `dist/` in native code. */
export const NATIVE_STAT_TREE = statTreeAddon !== undefined;

/** `writeFiles`, failing as `fs` does: the errno named, the call and the file that failed. */
function writeFilesNamed(
  writeFiles: NonNullable<StatTreeAddon['writeFiles']>,
  errnoName: (error: unknown) => string,
): NonNullable<StatTreeAddon['writeFiles']> {
  return (root, incoming, targets, contents, reuse) =>
    writeFiles(root, incoming, targets, contents, reuse).catch((error: { index?: number; syscall?: string }) => {
      const name = errnoName(error);
      const target = `${root}/${targets.split('\0')[error.index ?? 0]}`;
      throw Object.assign(new Error(`${name}: cannot create ${target}`), { code: name, syscall: error.syscall ?? 'open', path: target });
    });
}
