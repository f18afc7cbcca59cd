import { ts, tsv } from './parse-source.js';
import { typeNameOf } from './type-names.js';

/** What a name in scope stands for. */
export type Binding =
  | { kind: 'import'; module: string; name: string }
  | { kind: 'value'; init: ts.Expression; declaredIn: string }
  | { kind: 'function'; scopeId: string; node?: ts.FunctionLikeDeclaration }
  | { kind: 'class'; name: string; node: ts.ClassLikeDeclaration }
  | { kind: 'param'; index: number; typeName?: string; scopeId?: string }
  /** A local interface or object type alias: the type name of each member (`interface Deps { broker: Broker }`). */
  | { kind: 'type'; members: Map<string, string> }
  | { kind: 'opaque' };

/** A lexical environment: a chain of frames from the innermost scope to the module. */
export class Environment {
  private readonly names = new Map<string, Binding>();
  constructor(readonly parent: Environment | null) {}

  set(name: string, binding: Binding): void {
    this.names.set(name, binding);
  }

  lookup(name: string): Binding | undefined {
    return this.names.get(name) ?? this.parent?.lookup(name);
  }

  child(): Environment {
    return new Environment(this);
  }
}

/** Adds the names a binding pattern declares; destructured imports from require() keep their module. */
export function bindPattern(env: Environment, name: ts.BindingName, init: ts.Expression | undefined, declaredIn: string): void {
  if (tsv.isIdentifier(name)) {
    if (init) {
      const required = requireOf(init);
      env.set(name.text, required ? { kind: 'import', module: required, name: 'default' } : { kind: 'value', init, declaredIn });
    } else env.set(name.text, { kind: 'opaque' });
    return;
  }
  const required = init ? requireOf(init) : null;
  for (const element of name.elements) {
    if (tsv.isOmittedExpression(element)) continue;
    const property = element.propertyName && tsv.isIdentifier(element.propertyName) ? element.propertyName.text : tsv.isIdentifier(element.name) ? element.name.text : undefined;
    if (required && property && tsv.isIdentifier(element.name)) env.set(element.name.text, { kind: 'import', module: required, name: property });
    else if (tsv.isIdentifier(element.name)) env.set(element.name.text, { kind: 'opaque' });
    else bindPattern(env, element.name, undefined, declaredIn);
  }
}

/** `require('x')` (also `await import('x')`) → 'x'. */
export function requireOf(expr: ts.Expression): string | null {
  let e = expr;
  if (tsv.isAwaitExpression(e)) e = e.expression;
  if (!tsv.isCallExpression(e)) return null;
  const arg = e.arguments[0];
  if (!arg || !tsv.isStringLiteralLike(arg)) return null;
  if (tsv.isIdentifier(e.expression) && e.expression.text === 'require') return arg.text;
  if (e.expression.kind === tsv.SyntaxKind.ImportKeyword) return arg.text;
  return null;
}

/** Type names of the properties of an interface or type literal. */
function memberTypes(members: ts.NodeArray<ts.TypeElement>): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of members) {
    if (!tsv.isPropertySignature(m) || !tsv.isIdentifier(m.name) || !m.type) continue;
    const name = typeNameOf(m.type);
    if (name) out.set(m.name.text, name);
  }
  return out;
}

/** Registers the module's imports and top-level declarations (hoisted, as at run time). */
export function moduleEnvironment(sf: ts.SourceFile, moduleScope: string, functionId: (name: string) => string): { env: Environment; imports: string[] } {
  const env = new Environment(null);
  const imports = new Set<string>();
  for (const stmt of sf.statements) {
    if (tsv.isImportDeclaration(stmt) && tsv.isStringLiteral(stmt.moduleSpecifier)) {
      const module = stmt.moduleSpecifier.text;
      imports.add(module);
      const clause = stmt.importClause;
      if (!clause) continue;
      if (clause.name) env.set(clause.name.text, { kind: 'import', module, name: 'default' });
      const bindings = clause.namedBindings;
      if (bindings && tsv.isNamespaceImport(bindings)) env.set(bindings.name.text, { kind: 'import', module, name: '*' });
      if (bindings && tsv.isNamedImports(bindings)) {
        for (const el of bindings.elements) env.set(el.name.text, { kind: 'import', module, name: (el.propertyName ?? el.name).text });
      }
    } else if (tsv.isImportEqualsDeclaration(stmt) && tsv.isExternalModuleReference(stmt.moduleReference) && tsv.isStringLiteral(stmt.moduleReference.expression)) {
      imports.add(stmt.moduleReference.expression.text);
      env.set(stmt.name.text, { kind: 'import', module: stmt.moduleReference.expression.text, name: 'default' });
    } else if (tsv.isExportDeclaration(stmt) && stmt.moduleSpecifier && tsv.isStringLiteral(stmt.moduleSpecifier)) {
      imports.add(stmt.moduleSpecifier.text);
    } else if (tsv.isFunctionDeclaration(stmt) && stmt.name) {
      env.set(stmt.name.text, { kind: 'function', scopeId: functionId(stmt.name.text), node: stmt });
    } else if (tsv.isClassDeclaration(stmt) && stmt.name) {
      env.set(stmt.name.text, { kind: 'class', name: stmt.name.text, node: stmt });
    } else if (tsv.isVariableStatement(stmt)) {
      for (const decl of stmt.declarationList.declarations) {
        const init = decl.initializer;
        if (tsv.isIdentifier(decl.name) && init && (tsv.isArrowFunction(init) || tsv.isFunctionExpression(init))) {
          env.set(decl.name.text, { kind: 'function', scopeId: functionId(decl.name.text), node: init });
        } else bindPattern(env, decl.name, init, moduleScope);
        const required = init ? requireOf(init) : null;
        if (required) imports.add(required);
      }
    } else if (tsv.isInterfaceDeclaration(stmt) || (tsv.isTypeAliasDeclaration(stmt) && tsv.isTypeLiteralNode(stmt.type))) {
      env.set(stmt.name.text, { kind: 'type', members: memberTypes(tsv.isInterfaceDeclaration(stmt) ? stmt.members : (stmt.type as ts.TypeLiteralNode).members) });
    } else if (tsv.isEnumDeclaration(stmt)) {
      env.set(stmt.name.text, { kind: 'opaque' });
    }
  }
  return { env, imports: [...imports] };
}
