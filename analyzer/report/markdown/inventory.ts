import type { Service } from '../../types/index.js';
import { compareStrings } from '../report-index.js';
import type { MdContext } from './context.js';
import { mdCode, mdLocation, mdText } from './escape.js';
import { capped, formatNumber, plural, someOf, table } from './table.js';

const ENDPOINTS_PER_SERVICE = 40;

/** Per service: language, size, endpoints, stores, channels and owners; then datastores and channels. */
export function inventorySection(ctx: MdContext): string {
  const { report } = ctx.index;
  const out: string[] = ['## Inventory', '', '### Services', ''];
  const services = report.services.filter((s) => s.kind !== 'external');
  if (!services.length) out.push('The manifests declare no services.');
  else {
    out.push(
      table(
        ['Service', 'Kind', 'Language', 'Lines of code', 'Endpoints', 'Datastores', 'Channels', 'Owners'],
        services.map((s) => [
          mdText(s.name),
          kindLabel(s),
          s.language ? mdText(s.language) : '\u2014',
          s.loc === null ? '\u2014' : formatNumber(s.loc),
          String(s.endpoints.length),
          someOf(storesOf(ctx, s.id).map(mdText), 4) || '\u2014',
          someOf(channelsOf(ctx, s.id).map(mdText), 4) || '\u2014',
          someOf(s.owners.map(mdText), 3) || 'unknown',
        ]),
        ['l', 'l', 'l', 'r', 'r', 'l', 'l', 'l'],
      ),
    );
    const unknownLoc = services.filter((s) => !s.thirdParty && s.kind === 'service' && (s.loc === null || s.loc === 0));
    if (unknownLoc.length)
      out.push('', `Lines of code are unknown or zero for ${someOf(unknownLoc.map((s) => mdText(s.name)), 8)}: the repository holds no source archreview could count for them.`);
    if (services.every((s) => !s.owners.length)) out.push('', 'No owners are known: the repository has no CODEOWNERS entry for these paths.');
  }

  const externals = report.services.filter((s) => s.kind === 'external');
  if (externals.length) {
    out.push('', '### External APIs', '');
    out.push(table(['API', 'Called by'], externals.map((s) => [mdText(s.name), someOf(callers(ctx, s.id).map(mdText)) || '\u2014'])));
  }

  out.push('', '### Datastores', '');
  if (!report.datastores.length) out.push('No datastores were found.');
  else
    out.push(
      table(
        ['Datastore', 'Engine', 'Role', 'Database', 'Tables', 'Used by'],
        report.datastores.map((d) => [
          mdText(d.name),
          mdText(d.kind),
          d.role,
          d.database ? mdText(d.database) : '\u2014',
          someOf(d.tables.map(mdText), 5) || '\u2014',
          someOf(callers(ctx, d.id).map(mdText)) || 'no service found',
        ]),
      ),
    );

  out.push('', '### Channels', '');
  if (!report.channels.length) out.push('No topics, queues or exchanges were found.');
  else
    out.push(
      table(
        ['Channel', 'Kind', 'Broker', 'Publishers', 'Consumers'],
        report.channels.map((c) => [
          mdText(c.name),
          c.kind,
          c.broker ? mdText(ctx.index.name(c.broker)) : 'unknown',
          someOf(callers(ctx, c.id).map(mdText)) || 'none found',
          someOf(ctx.index.outgoing(c.id).map((e) => mdText(ctx.index.name(e.to)))) || 'none found',
        ]),
      ),
    );

  const withEndpoints = services.filter((s) => s.endpoints.length);
  out.push('', '### Endpoints', '');
  if (!withEndpoints.length) out.push('No HTTP routes, RPC methods or message handlers were found in the source.');
  for (const s of withEndpoints) {
    out.push(`#### ${mdText(s.name)}`, '');
    const { shown, more } = capped(s.endpoints, ENDPOINTS_PER_SERVICE);
    for (const e of shown) {
      const where = e.location ? ` \u2014 ${mdLocation(e.location)}` : '';
      out.push(`- ${mdCode(`${e.method} ${e.path}`)}${e.mutating ? ' (changes state)' : ''}${where}`);
    }
    if (more) out.push(`- \u2026 and ${plural(more, 'more endpoint')} in archreview.json`);
    out.push('');
  }
  return out.join('\n').trimEnd();
}

function kindLabel(s: Service): string {
  if (s.kind === 'gateway') return 'gateway';
  return s.thirdParty ? 'third-party' : 'service';
}

function unique(names: string[]): string[] {
  return [...new Set(names)].sort(compareStrings);
}

function storesOf(ctx: MdContext, id: string): string[] {
  return unique(ctx.index.outgoing(id).filter((e) => e.kind === 'reads' || e.kind === 'writes' || e.kind === 'connects').map((e) => ctx.index.name(e.to)));
}

function channelsOf(ctx: MdContext, id: string): string[] {
  const published = ctx.index.outgoing(id).filter((e) => e.kind === 'publishes').map((e) => `${ctx.index.name(e.to)} (out)`);
  const consumed = ctx.index.incoming(id).filter((e) => e.kind === 'consumes').map((e) => `${ctx.index.name(e.from)} (in)`);
  return unique([...published, ...consumed]);
}

function callers(ctx: MdContext, id: string): string[] {
  return unique(ctx.index.incoming(id).filter((e) => e.kind !== 'depends-on').map((e) => ctx.index.name(e.from)));
}
