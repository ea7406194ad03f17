/**
 * A problem of the machine the compiler runs on, not of the catalog or of the compiler: a file that
 * cannot be read or written, a full disk, a lock held by another run. The command line prints it as
 * one message (what happened, which path, what to do) and exits with `EXIT_ENVIRONMENT`.
 */
export class EnvironmentError extends Error {
  constructor(
    public readonly what: string,
    public readonly where: string,
    public readonly todo: string,
    options?: { cause?: unknown },
  ) {
    super(`${what}: ${where}\n  fix: ${todo}`, options);
    this.name = 'EnvironmentError';
  }

  /** The same error for an `errno` failure (`EACCES`, `ENOSPC`, …) while `doing` something with `where`. */
  static fromErrno(error: NodeJS.ErrnoException, doing: string, where: string = error.path ?? ''): EnvironmentError {
    const fault = describeErrno(error);
    return new EnvironmentError(`cannot ${doing} (${fault.what}, ${error.code})`, where, fault.todo, { cause: error });
  }
}

/** Whether `error` is a failed system call (it has an errno code), i.e. a fault of the environment. */
export function isErrnoError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  // Not `instanceof Error`: errors of Node's own modules may come from another realm (vm contexts, jest).
  if (typeof error !== 'object' || error === null) return false;
  const { code, syscall } = error as NodeJS.ErrnoException;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) && typeof syscall === 'string';
}

const FAULTS: Readonly<Record<string, { what: string; todo: string }>> = {
  EACCES: { what: 'permission denied', todo: 'give your user read and write access to it (ls -l shows the owner), or pass another folder' },
  EPERM: {
    what: 'operation not permitted',
    todo: 'the file or folder belongs to another user or is protected; change its owner or pass another folder',
  },
  ENOSPC: { what: 'no space left on the device', todo: 'free some space on that file system (df -h shows it) and run again' },
  EDQUOT: { what: 'disk quota exceeded', todo: 'free some space within your quota and run again' },
  EROFS: { what: 'read-only file system', todo: 'pass a folder on a writable file system' },
  ENAMETOOLONG: { what: 'file name too long', todo: 'use a shorter folder path' },
  ELOOP: { what: 'too many levels of symbolic links (a symlink loop)', todo: 'remove or repair the symbolic link' },
  EIO: { what: 'input/output error', todo: 'the disk or network file system failed; check it (dmesg) and run again' },
  EMFILE: { what: 'too many open files', todo: 'raise the open-file limit (ulimit -n) and run again' },
  ENFILE: { what: 'too many open files in the system', todo: 'close other programs or raise the system limit and run again' },
  EXDEV: { what: 'not on the same file system', todo: 'keep the output folder and its parent on one file system' },
  ENOTDIR: { what: 'a part of the path is a file, not a folder', todo: 'check the path; a file stands where a folder is expected' },
  EISDIR: { what: 'a folder stands where a file is expected', todo: 'remove or rename the folder' },
  ENOENT: { what: 'no such file or folder', todo: 'check the path (it may have been removed while the command ran)' },
  EEXIST: { what: 'the file already exists', todo: 'remove it, or wait for the other run that created it' },
  ENOTEMPTY: { what: 'the folder is not empty', todo: 'remove it and run again' },
  EBUSY: { what: 'the file or folder is busy (in use or a mount point)', todo: 'close what uses it, or pass a folder that is not a mount point' },
  EMLINK: { what: 'too many links', todo: 'pass a folder on another file system' },
  ETXTBSY: { what: 'the file is busy', todo: 'close what uses it and run again' },
};

/** What an errno fault means and what to do about it, in words. */
export function describeErrno(error: NodeJS.ErrnoException): { what: string; todo: string } {
  return FAULTS[error.code ?? ''] ?? { what: firstLine(error.message), todo: 'check the file system at that path and run again' };
}

function firstLine(text: string): string {
  const line = text.split('\n')[0];
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
