import { highestTag, imageTags, newerTags } from '../model';
import type { Finding, Rule } from './finding';

/** `latest` should follow the highest version; otherwise its users silently stay behind. */
export const latestNotHighest: Rule = ({ catalog }) =>
  catalog.images.flatMap((image): Finding[] => {
    const tags = imageTags(image);
    const latest = tags.find((t) => t.tag === image.tracking.latest);
    if (!latest) return [];
    const newer = newerTags(latest, tags);
    if (newer.length === 0) return [];
    const highest = highestTag(newer)?.tag ?? newer[0].tag;
    return [
      {
        severity: 'warning',
        rule: 'images/latest-not-highest',
        file: image.file,
        field: 'tracking.latest',
        message: `tag latest of image ${image.name} follows ${latest.tag}, but ${highest} is newer; users of latest do not get it`,
        fix: `point latest at ${JSON.stringify(highest)}, or remove \`tracking.latest\` so that it follows the highest version`,
      },
    ];
  });

/** `stable` should not send its users to a version that is on its way out. */
export const stableDeprecated: Rule = ({ catalog }) =>
  catalog.images.flatMap((image): Finding[] => {
    const tags = imageTags(image);
    const stable = tags.find((t) => t.tag === image.tracking.stable);
    if (!stable?.deprecated) return [];
    const supported = tags.filter((t) => !t.deprecated).map((t) => JSON.stringify(t.tag));
    return [
      {
        severity: 'warning',
        rule: 'images/stable-deprecated',
        file: image.file,
        field: 'tracking.stable',
        message: `tag stable of image ${image.name} follows ${stable.tag}, which is deprecated (versions[${String(stable.path[1])}].deprecated)`,
        fix: supported.length > 0 ? `point stable at a supported version: ${supported.join(', ')}` : 'add a supported version and point stable at it',
      },
    ];
  });
