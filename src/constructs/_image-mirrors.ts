import type { ImageMirrors } from './image-digest-mirror-set';

/** The spec entry: an empty `mirrors` is left out, as the Go API's `omitempty` leaves it out. */
export function mirrorEntry<P extends string>(rule: ImageMirrors): { source: string; mirrors?: string[]; mirrorSourcePolicy?: P } {
  return {
    source: rule.source,
    ...(rule.mirrors && rule.mirrors.length > 0 ? { mirrors: [...rule.mirrors] } : {}),
    ...(rule.mirrorSourcePolicy ? { mirrorSourcePolicy: rule.mirrorSourcePolicy as P } : {}),
  };
}
