import * as path from 'node:path';
import type { Finding, Rule } from './finding';

/**
 * A curated or tracked image lives in a file named after it (`catalogs/images/<name>.ts`), so that
 * the folder listing is the list of streams; a file whose name differs misleads whoever looks for the
 * image (or, copied, defines it twice). A warning: the output does not depend on the file name.
 */
export const fileNameMismatch: Rule = ({ catalog }) =>
  [...catalog.images, ...catalog.builderImages].flatMap(({ file, name }): Finding[] => {
    const base = path.posix.basename(file, '.ts');
    if (base === name) return [];
    return [
      {
        severity: 'warning',
        rule: 'images/file-name-mismatch',
        file,
        field: 'name',
        message: `${file} defines the image ${JSON.stringify(name)}; the file name says ${JSON.stringify(base)}`,
        fix:
          `rename the file to ${path.posix.join(path.posix.dirname(file), `${name}.ts`)}, ` +
          `or set name: ${JSON.stringify(base)} if the file name is right`,
      },
    ];
  });
