import type { KindSummary } from './_kind';
import { keyedChanges, listAt } from './_values';

interface Parameter {
  readonly name: string;
  readonly value?: string;
  readonly generate?: string;
  readonly from?: string;
  readonly required?: boolean;
}

interface TemplateObject {
  readonly kind?: string;
  readonly metadata?: { readonly name?: string };
}

function describeParameter(p: Parameter): string | undefined {
  const parts = [
    p.value !== undefined ? `value ${p.value}` : undefined,
    p.generate ? `generate ${p.generate}${p.from ? ` from ${p.from}` : ''}` : undefined,
    p.required ? 'required' : undefined,
  ].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** Template: parameters and objects added, removed and changed. */
export const templateSummary: KindSummary = {
  label: 'Template',
  fields: ['parameters', 'objects'],
  details: (before, after) => [
    ...keyedChanges(listAt<Parameter>(before, 'parameters'), listAt<Parameter>(after, 'parameters'), {
      field: 'parameter',
      key: (p) => p.name,
      describe: describeParameter,
      ignore: ['name'],
    }),
    ...keyedChanges(listAt<TemplateObject>(before, 'objects'), listAt<TemplateObject>(after, 'objects'), {
      field: 'object',
      key: (o) => `${o.kind ?? '?'} ${o.metadata?.name ?? '?'}`,
    }),
  ],
};
