import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_INFRASTRUCTURE, SERVICES, localEnvironment, type Infrastructure, type ServiceName } from './system-env.js';

export { SERVICES, LOCAL_JWT_SECRET, type ServiceName } from './system-env.js';

const SAMPLE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUT_LINES_KEPT = 200;

export interface StartOptions {
  /** Fixed ports per service; the others get a free port. */
  ports?: Partial<Record<ServiceName, number>>;
  infrastructure?: Partial<Infrastructure>;
  /** Extra variables for every service (e.g. LOG_LEVEL). */
  env?: Record<string, string>;
  /** Print each service's log lines, prefixed with its name. */
  echo?: boolean;
  readyTimeoutMs?: number;
}

export interface RunningSystem {
  urls: Record<ServiceName, string>;
  /** The last lines each service printed, for diagnostics. */
  output(service: ServiceName): string[];
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function describeLine(service: ServiceName, line: string): string {
  try {
    const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
    const level = entry.level === undefined ? 'info' : entry.level >= 50 ? 'error' : entry.level >= 40 ? 'warn' : 'info';
    const error = entry.err?.message ? ` (${entry.err.message})` : '';
    return `[${service}] ${level} ${entry.msg ?? ''}${error}`;
  } catch {
    return `[${service}] ${line}`;
  }
}

async function waitUntilListening(url: string, child: ChildProcess, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/health/live`, { signal: AbortSignal.timeout(500) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('did not start listening in time');
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts every shop service under tsx on 127.0.0.1 and resolves once all of them listen. */
export async function startSystem(options: StartOptions = {}): Promise<RunningSystem> {
  const infra: Infrastructure = { ...DEFAULT_INFRASTRUCTURE, ...options.infrastructure };
  const urls = {} as Record<ServiceName, string>;
  for (const service of SERVICES) {
    urls[service] = `http://127.0.0.1:${options.ports?.[service] ?? (await freePort())}`;
  }

  const children = new Map<ServiceName, ChildProcess>();
  const output = new Map<ServiceName, string[]>(SERVICES.map((service) => [service, []]));
  const killAll = (): void => {
    for (const child of children.values()) if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killAll);

  for (const service of SERVICES) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      cwd: path.join(SAMPLE_ROOT, 'services', service),
      env: {
        ...process.env,
        NODE_ENV: 'development',
        LOG_LEVEL: 'info',
        ...options.env,
        ...localEnvironment(service, urls, infra),
        HOST: '127.0.0.1',
        PORT: new URL(urls[service]).port,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.set(service, child);
    const lines = output.get(service)!;
    let partial = '';
    const collect = (chunk: Buffer): void => {
      const text = partial + chunk.toString('utf8');
      const complete = text.split('\n');
      partial = complete.pop() ?? '';
      for (const line of complete) {
        if (line.trim() === '') continue;
        lines.push(line);
        if (lines.length > OUTPUT_LINES_KEPT) lines.shift();
        if (options.echo) console.log(describeLine(service, line));
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
  }

  const stop = async (): Promise<void> => {
    await Promise.all([...children.values()].map(stopChild));
    process.removeListener('exit', killAll);
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);
  try {
    await Promise.all(
      SERVICES.map((service) =>
        waitUntilListening(urls[service], children.get(service)!, deadline).catch((err: unknown) => {
          const tail = output.get(service)!.slice(-10).join('\n');
          throw new Error(`${service} ${err instanceof Error ? err.message : String(err)}\n${tail}`);
        }),
      ),
    );
  } catch (err) {
    await stop();
    throw err;
  }

  return { urls, output: (service) => [...output.get(service)!], stop };
}

async function main(): Promise<void> {
  const gatewayPort = process.env.GATEWAY_PORT ? Number(process.env.GATEWAY_PORT) : undefined;
  console.log('Starting the sample shop on 127.0.0.1 ...');
  const system = await startSystem({ echo: true, ports: gatewayPort ? { 'api-gateway': gatewayPort } : {} });
  console.log('\nThe shop is up:');
  for (const service of SERVICES) console.log(`  ${service.padEnd(14)} ${system.urls[service]}`);
  console.log(`\nTry: curl ${system.urls['api-gateway']}/api/shipping/carriers`);
  console.log('Press Ctrl+C to stop.\n');

  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the shop ...');
    void system.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
