import * as fs from 'node:fs';
import ts from 'typescript';

/**
 * The doc comments of a zod schema's fields, read from its source file: `path` → comment text and
 * `@default`. The comments are the one place fields are described (they also give editor hovers in
 * the catalog files), so the reference is derived from them instead of repeating them in `.meta()`.
 *
 * Paths: `a.b` for object fields, `a[]` for array items, `a.*` for record values.
 */
export interface FieldDoc {
  readonly text: string;
  readonly default?: string;
}

export function fieldDocs(sourceFile: string, schemaName: string): Map<string, FieldDoc> {
  const source = ts.createSourceFile(sourceFile, fs.readFileSync(sourceFile, 'utf8'), ts.ScriptTarget.ES2022, true);
  const constants = new Map<string, ts.Expression>();
  source.forEachChild((node) => {
    if (!ts.isVariableStatement(node)) return;
    for (const d of node.declarationList.declarations) if (ts.isIdentifier(d.name) && d.initializer) constants.set(d.name.text, d.initializer);
  });
  const docs = new Map<string, FieldDoc>();
  const root = constants.get(schemaName);
  if (!root) throw new Error(`${sourceFile}: no schema ${schemaName}`);

  const visit = (expression: ts.Expression, path: string, seen: ReadonlySet<string>): void => {
    if (ts.isParenthesizedExpression(expression)) return visit(expression.expression, path, seen);
    if (ts.isIdentifier(expression)) {
      const target = constants.get(expression.text);
      if (target && !seen.has(expression.text)) visit(target, path, new Set([...seen, expression.text]));
      return;
    }
    if (ts.isPropertyAccessExpression(expression)) {
      const property = objectProperty(expression);
      if (property) visit(ts.isPropertyAssignment(property) ? property.initializer : property.name, path, seen);
      return;
    }
    if (!ts.isCallExpression(expression)) return;
    const callee = expression.expression;
    // `uniqueList(item, …)` (src/model/registries.ts) is an array of `item`.
    if (ts.isIdentifier(callee) && callee.text === 'uniqueList' && expression.arguments[0]) return visit(expression.arguments[0], `${path}[]`, seen);
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    const isZ = ts.isIdentifier(callee.expression) && callee.expression.text === 'z';
    if (
      isZ &&
      (method === 'strictObject' || method === 'object') &&
      expression.arguments[0] &&
      ts.isObjectLiteralExpression(expression.arguments[0])
    ) {
      for (const property of expression.arguments[0].properties) {
        if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) continue;
        const name = property.name.getText(source);
        const at = path ? `${path}.${name}` : name;
        const initializer = ts.isPropertyAssignment(property) ? property.initializer : property.name;
        const doc =
          jsDoc(property) ??
          (ts.isPropertyAccessExpression(initializer) || ts.isCallExpression(initializer) ? referencedDoc(initializer) : undefined);
        if (doc) docs.set(at, doc);
        visit(initializer, at, seen);
      }
      return;
    }
    if (isZ && method === 'array' && expression.arguments[0]) return visit(expression.arguments[0], `${path}[]`, seen);
    if (isZ && method === 'record' && expression.arguments[1]) return visit(expression.arguments[1], `${path}.*`, seen);
    if (isZ && method === 'union') {
      const options = expression.arguments[0];
      if (options && ts.isArrayLiteralExpression(options)) for (const option of options.elements) visit(option, path, seen);
      return;
    }
    // A method of a schema: `.optional()`, `.default()`, `.superRefine()`, …
    if (!isZ) visit(callee.expression, path, seen);
  };

  /** `policyFields.allowedRegistries` → the property `allowedRegistries` of the constant `policyFields`. */
  const objectProperty = (access: ts.PropertyAccessExpression): ts.PropertyAssignment | ts.ShorthandPropertyAssignment | undefined => {
    if (!ts.isIdentifier(access.expression)) return undefined;
    const target = constants.get(access.expression.text);
    if (!target || !ts.isObjectLiteralExpression(target)) return undefined;
    return target.properties.find(
      (p): p is ts.PropertyAssignment | ts.ShorthandPropertyAssignment =>
        (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && p.name.getText(source) === access.name.text,
    );
  };

  /** The comment of the field an initializer refers to, as in `allowedRegistries: policyFields.allowedRegistries.default([])`. */
  const referencedDoc = (expression: ts.Expression): FieldDoc | undefined => {
    let e: ts.Expression = expression;
    while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) e = e.expression.expression;
    if (!ts.isPropertyAccessExpression(e)) return undefined;
    const property = objectProperty(e);
    return property ? jsDoc(property) : undefined;
  };

  visit(root, '', new Set([schemaName]));
  return docs;
}

function jsDoc(node: ts.Node): FieldDoc | undefined {
  const blocks = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const block = blocks[blocks.length - 1];
  if (!block) return undefined;
  const text = (ts.getTextOfJSDocComment(block.comment) ?? '').replace(/\s+/g, ' ').trim();
  const tag = block.tags?.find((t) => t.tagName.text === 'default');
  const defaultText = tag ? (ts.getTextOfJSDocComment(tag.comment) ?? '').replace(/\s+/g, ' ').trim() : undefined;
  if (!text && defaultText === undefined) return undefined;
  return { text, ...(defaultText === undefined ? {} : { default: defaultText }) };
}
