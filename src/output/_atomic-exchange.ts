import * as os from 'node:os';
import * as path from 'node:path';

type Exchange = (a: string, b: string) => void;

/** The compiled addon (see native/rename-exchange.c), or undefined where it could not be built. */
function loadExchange(): Exchange | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const addon = require(path.resolve(__dirname, '../../native/build/rename_exchange.node')) as { exchange: Exchange };
    return (a, b) => {
      try {
        addon.exchange(a, b);
      } catch (error) {
        const errno = Number((error as { code?: string }).code);
        const name = Object.entries(os.constants.errno).find(([, n]) => n === errno)?.[0] ?? `errno ${errno}`;
        throw Object.assign(new Error(`${name}: cannot exchange ${a} and ${b}`), { code: name });
      }
    };
  } catch {
    return undefined;
  }
}

/** Atomically swaps two existing paths, or undefined when this platform/build cannot. */
export const atomicExchange: Exchange | undefined = loadExchange();
