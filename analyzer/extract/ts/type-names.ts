import { ts, tsv } from './parse-source.js';

/**
 * Name of the type a parameter or field is declared with: `UsersClient`, `pg.Pool` → `pg`,
 * `Channel | null` → `Channel` (a union with null or undefined is the one type it allows).
 */
export function typeNameOf(type: ts.TypeNode | undefined): string | undefined {
  if (!type) return undefined;
  if (tsv.isParenthesizedTypeNode(type)) return typeNameOf(type.type);
  if (tsv.isUnionTypeNode(type)) {
    const real = type.types.filter((t) => !(tsv.isLiteralTypeNode(t) && t.literal.kind === tsv.SyntaxKind.NullKeyword) && t.kind !== tsv.SyntaxKind.UndefinedKeyword);
    return real.length === 1 ? typeNameOf(real[0]) : undefined;
  }
  if (!tsv.isTypeReferenceNode(type)) return undefined;
  const name = type.typeName;
  if (tsv.isIdentifier(name)) return name.text;
  let left: ts.EntityName = name;
  while (tsv.isQualifiedName(left)) left = left.left;
  return left.text;
}
