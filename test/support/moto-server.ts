import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';

/**
 * A real moto_server (Python moto) on 127.0.0.1 and a free port, for tests that need SQS and SSM
 * semantics an in-memory mock cannot promise. Started per test file, stopped by PID.
 */
export interface MotoServer {
  endpoint: string;
  stop(): Promise<void>;
}

export function motoAvailability(): { available: true } | { available: false; reason: string } {
  const probe = spawnSync('moto_server', ['--help'], { encoding: 'utf8', timeout: 20_000 });
  if (probe.error || probe.status !== 0) {
    return { available: false, reason: `moto_server is not installed or does not run (${probe.error?.message ?? `exit ${probe.status}`}); pip install "moto[server]==5.*"` };
  }
  return { available: true };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startMoto(): Promise<MotoServer> {
  const port = await freePort();
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; i < 300 && child.exitCode === null; i++) {
    if (await canConnect(port)) {
      return {
        endpoint: `http://127.0.0.1:${port}`,
        async stop() {
          if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
          await exited;
        },
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
  throw new Error(`moto_server did not start on 127.0.0.1:${port}: ${stderr}`);
}
