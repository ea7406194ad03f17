/** Descriptors a schedule may be instead of five fields. */
const CRON_MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const CRON_FIELDS = [
  { name: 'minute', min: 0, max: 59, names: [] as string[], first: 0 },
  { name: 'hour', min: 0, max: 23, names: [], first: 0 },
  { name: 'day of month', min: 1, max: 31, names: [], first: 0 },
  { name: 'month', min: 1, max: 12, names: MONTHS, first: 1 },
  { name: 'day of week', min: 0, max: 7, names: WEEKDAYS, first: 0 },
];

/** What is wrong with a five-field cron expression (as CronJobs and CI schedulers read it), or undefined. */
export function cronProblem(expression: string): string | undefined {
  if (CRON_MACROS.includes(expression)) return undefined;
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return `${fields.length} field${fields.length === 1 ? '' : 's'} instead of 5`;
  for (const [index, field] of fields.entries()) {
    const spec = CRON_FIELDS[index];
    const value = (text: string): number | undefined => {
      const name = spec.names.indexOf(text.toLowerCase());
      const n = /^\d+$/.test(text) ? Number(text) : name === -1 ? undefined : name + spec.first;
      return n !== undefined && n >= spec.min && n <= spec.max ? n : undefined;
    };
    for (const part of field.split(',')) {
      const match = /^(?:\*|([a-z0-9]+)(?:-([a-z0-9]+))?)(?:\/(\d+))?$/i.exec(part);
      if (!match) return `${spec.name} ${JSON.stringify(part)} is not a value, range, list or step`;
      const [, from, to, step] = match;
      if (from !== undefined) {
        const start = value(from);
        const end = to === undefined ? start : value(to);
        if (start === undefined || end === undefined) return `${spec.name} ${JSON.stringify(part)} is outside ${spec.min}-${spec.max}`;
        if (start > end) return `${spec.name} range ${JSON.stringify(part)} runs backwards`;
      }
      if (step !== undefined && Number(step) < 1) return `${spec.name} step ${JSON.stringify(part)} must be at least 1`;
    }
  }
  return undefined;
}
