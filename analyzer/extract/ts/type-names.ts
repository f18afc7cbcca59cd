import { ts } from './parse-source.js';

/**
 * Name of the type a parameter or field is declared with: `UsersClient`, `pg.Pool` → `pg`,
 * `Channel | null` → `Channel` (a union with null or undefined is the one type it allows).
 */
export function typeNameOf(type: ts.TypeNode | undefined): string | undefined {
  if (!type) return undefined;
  if (ts.isParenthesizedTypeNode(type)) return typeNameOf(type.type);
  if (ts.isUnionTypeNode(type)) {
    const real = type.types.filter((t) => !(ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword) && t.kind !== ts.SyntaxKind.UndefinedKeyword);
    return real.length === 1 ? typeNameOf(real[0]) : undefined;
  }
  if (!ts.isTypeReferenceNode(type)) return undefined;
  const name = type.typeName;
  if (ts.isIdentifier(name)) return name.text;
  let left: ts.EntityName = name;
  while (ts.isQualifiedName(left)) left = left.left;
  return left.text;
}
