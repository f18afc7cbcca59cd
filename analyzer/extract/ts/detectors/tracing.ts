import type { TracingFact } from '../../../types/quality-facts.js';
import type { Detector, VisitContext } from '../detector.js';
import { requireOf } from '../environment.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap } from '../references.js';
import { callPath, endsWith, type PackagePath } from './package-refs.js';

/** Modules whose import alone starts tracing (and instruments http and frameworks). */
export const SELF_STARTING: Record<string, string> = {
  '@opentelemetry/auto-instrumentations-node/register': '@opentelemetry/auto-instrumentations-node',
  'dd-trace/init': 'dd-trace',
  'elastic-apm-node/start': 'elastic-apm-node',
  newrelic: 'newrelic',
  '@splunk/otel/instrument': '@splunk/otel',
};
const AGENTS = new Set(['dd-trace', 'elastic-apm-node', '@sentry/node']);
const CANDIDATE_NAMES = /^(NodeSDK|start|register|registerOTel|getNodeAutoInstrumentations|registerInstrumentations|setGlobalTracerProvider|getTracer|startActiveSpan|startSpan|inject|extract|init|trace)$|Instrumentation$|TracerProvider$/;

function emit(ctx: VisitContext, node: ts.Node, library: string, what: TracingFact['what'], auto?: boolean): void {
  ctx.emit({ kind: 'tracing', file: ctx.file, line: ctx.line(node), library, scope: ctx.scope.id, what, ...(auto !== undefined ? { auto } : {}) });
}

function calleeName(node: ts.CallExpression | ts.NewExpression): string {
  const e = unwrap(node.expression);
  return tsv.isPropertyAccessExpression(e) ? e.name.text : tsv.isIdentifier(e) ? e.text : '';
}

/** What an OpenTelemetry call does, by its package and member path. */
function otel(p: PackagePath, node: ts.CallExpression | ts.NewExpression): TracingFact['what'] | null {
  const { module, path } = p;
  if (module === '@opentelemetry/sdk-node') {
    if (path.length === 2 && path[0] === 'NodeSDK' && tsv.isNewExpression(node)) return 'sdk';
    if (endsWith(path, 'start', '()') && path[0] === 'NodeSDK') return 'start';
  }
  if (/^@opentelemetry\/sdk-trace-(node|base|web)$/.test(module) && /TracerProvider$/.test(path[0] ?? '') && endsWith(path, 'register', '()')) return 'start';
  if (module === '@opentelemetry/auto-instrumentations-node' && path[0] === 'getNodeAutoInstrumentations') return 'instrumentation';
  if (module === '@opentelemetry/instrumentation' && path[0] === 'registerInstrumentations') return 'instrumentation';
  if (module.startsWith('@opentelemetry/instrumentation-') && tsv.isNewExpression(node)) return 'instrumentation';
  if (module === '@vercel/otel' && path[0] === 'registerOTel') return 'start';
  if (module === '@opentelemetry/api') {
    if (endsWith(path, 'setGlobalTracerProvider', '()')) return 'start';
    if (endsWith(path, 'getTracer', '()')) return 'tracer';
    if (endsWith(path, 'startActiveSpan', '()') || endsWith(path, 'startSpan', '()')) return 'span';
    if (endsWith(path, 'propagation', 'inject', '()')) return 'inject';
    if (endsWith(path, 'propagation', 'extract', '()')) return 'extract';
  }
  return null;
}

/**
 * Tracing in code: the OpenTelemetry SDK (`new NodeSDK(...)`, `.start()`, tracer providers,
 * `registerOTel`), instrumentations, the API (tracers, hand-made spans, context propagation),
 * and APM agents (dd-trace, elastic-apm-node, newrelic, Sentry with tracing). Imports that
 * start tracing by themselves count, and so do side-effect imports of local modules
 * (`import './tracing.js'`), recorded for the link stage to follow.
 */
export const tracingDetector: Detector = {
  id: 'tracing',
  modules: [],
  always: true,
  visitFile(ctx) {
    let first = true;
    for (const stmt of ctx.sf.statements) {
      let module: string | null = null;
      let bare = false;
      if (tsv.isImportDeclaration(stmt) && tsv.isStringLiteral(stmt.moduleSpecifier)) {
        module = stmt.moduleSpecifier.text;
        bare = !stmt.importClause;
      } else if (tsv.isExpressionStatement(stmt)) {
        module = requireOf(stmt.expression);
        bare = module !== null;
      } else if (tsv.isVariableStatement(stmt)) {
        module = stmt.declarationList.declarations.map((d) => (d.initializer ? requireOf(d.initializer) : null)).find((m) => m) ?? null;
      }
      if (module === null) continue;
      const starting = SELF_STARTING[module];
      const typeOnly = tsv.isImportDeclaration(stmt) && !!stmt.importClause?.isTypeOnly;
      if (starting && !typeOnly) {
        emit(ctx, stmt, starting, 'start');
        if (starting !== 'newrelic') emit(ctx, stmt, starting, 'instrumentation');
      } else if (bare && ctx.isLocalModule(module)) {
        ctx.emit({ kind: 'side-effect-import', file: ctx.file, line: ctx.line(stmt), library: 'code', module, first });
      }
      first = false;
    }
  },
  visitCall(node, ctx) {
    const name = calleeName(node);
    if (!CANDIDATE_NAMES.test(name)) return;
    // Spans on a tracer imported from this repository: `startActiveSpan` is OpenTelemetry's own name.
    const p = callPath(node, ctx);
    if (!p) {
      if (name === 'startActiveSpan') emit(ctx, node, '@opentelemetry/api', 'span');
      return;
    }
    if (p.module.startsWith('@opentelemetry/') || p.module === '@vercel/otel') {
      const what = otel(p, node);
      if (!what) return;
      const auto = what === 'sdk' ? ctx.props(node.arguments?.[0]).has('instrumentations') : undefined;
      emit(ctx, node, p.module, what, auto);
      if (p.module === '@vercel/otel') emit(ctx, node, p.module, 'instrumentation');
      return;
    }
    if (!AGENTS.has(p.module)) return;
    if (p.module === '@sentry/node') {
      // Sentry traces only when a sample rate (or sampler) is set.
      const options = ctx.props((node as ts.CallExpression).arguments?.[0]);
      if (endsWith(p.path, 'init', '()') && (options.has('tracesSampleRate') || options.has('tracesSampler'))) {
        emit(ctx, node, p.module, 'start');
        emit(ctx, node, p.module, 'instrumentation');
      }
      return;
    }
    if (endsWith(p.path, 'init', '()') || endsWith(p.path, 'start', '()')) {
      if (p.path.length !== 2) return;
      emit(ctx, node, p.module, 'start');
      emit(ctx, node, p.module, 'instrumentation');
    } else if (p.module === 'dd-trace' && (endsWith(p.path, 'trace', '()') || endsWith(p.path, 'startSpan', '()'))) emit(ctx, node, p.module, 'span');
  },
};
