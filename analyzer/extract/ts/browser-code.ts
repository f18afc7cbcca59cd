const UI_LIBRARIES = /^(react|react-dom|preact|vue|svelte|solid-js|@angular\/core|lit|@remix-run\/react)(\/|$)/;
const SERVER_LIBRARIES = /^(express|fastify|koa|@hapi\/hapi|hono|@nestjs\/|next\/server|http|node:http|pg|mysql2|mongodb|mongoose|@prisma\/client|amqplib|kafkajs|ioredis|redis)(\/|$)/;
const SERVER_DATA_FUNCTIONS = /export\s+(async\s+)?function\s+(getServerSideProps|getStaticProps|loader|action)\b|export\s+const\s+(getServerSideProps|getStaticProps|loader|action)\b/;

/**
 * Browser code makes no service edges: components and pages bundled for the browser. Next.js
 * API routes, route handlers, server components' data functions and "use server" files run on
 * the server.
 */
export function isBrowserCode(file: string, text: string, imports: readonly string[]): boolean {
  if (/(^|\/)pages\/api\//.test(file) || /(^|\/)app\/(.*\/)?route\.[cm]?[jt]sx?$/.test(file) || /(^|\/)middleware\.[jt]s$/.test(file)) return false;
  const head = text.slice(0, 200);
  if (/^\s*(['"])use server\1/m.test(head)) return false;
  if (/^\s*(['"])use client\1/m.test(head)) return true;
  if (imports.some((i) => SERVER_LIBRARIES.test(i))) return false;
  if (SERVER_DATA_FUNCTIONS.test(text)) return false;
  if (/\.(jsx|tsx|vue|svelte)$/.test(file)) return true;
  return imports.some((i) => UI_LIBRARIES.test(i));
}
