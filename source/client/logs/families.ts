/**
 * What each image family writes to stdout/stderr: start-up lines, its access-log format, background lines, and how it
 * ends (graceful SIGTERM shutdown, a fatal error, completion). Texts follow the real programs' output.
 */
import { choose, pick } from './seeded.js';
import { clfTime, cockroachTime, gunicornTime, isoMillis, nginxTime, redisTime } from './time-format.js';

/** What the templates need to know about one container instance. */
export interface Instance {
  seed: number;
  pod: string;
  namespace: string;
  container: string;
  image: string;
  /** The image tag, or '' for none / latest. */
  tag: string;
  /** First container port, 0 when none is declared. */
  port: number;
  /** kube-probe/<major.minor> as the kubelet's probe user agent. */
  probeAgent: string;
}

/** One HTTP request as an access log records it. */
export interface Request {
  client: string;
  method: string;
  path: string;
  status: number;
  bytes: number;
  userAgent: string;
  /** Duration in ms (generic family's log). */
  durationMs: number;
}

/** A line template set for one family of images. */
export interface Family {
  readonly name: string;
  /** Lines at start-up as [offset from start in ms, text]. */
  startup(i: Instance, start: number): [number, string][];
  /** The access-log line for a request, or undefined when the program does not log requests. */
  access?(i: Instance, at: number, r: Request): string;
  /** Periodic lines the program writes by itself: tick period and the lines (if any) for tick k. */
  background?: { periodMs: number; lines(i: Instance, k: number, at: number): string[] | undefined };
  /** Graceful shutdown after SIGTERM (exit 0 / 143). */
  shutdown(i: Instance, at: number): string[];
  /** The last lines before a non-zero exit; `uptimeMs` tells a failure at boot from one in service. */
  fatal(i: Instance, at: number, exitCode: number, uptimeMs: number): string[];
  /** The last lines of a run that finished its work (exit 0 without a stop request). */
  completed(i: Instance, at: number): string[];
}

const version = (tag: string, fallback: string) => {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(tag);
  return m ? `${m[1]}.${m[2]}.${m[3] ?? '0'}` : fallback;
};

/** A crash within this long of the start is a start-up failure (bad config, missing env), later one in service. */
const BOOT_MS = 10_000;

const nginxWorkers = (i: Instance) => [29 + (i.seed % 7), 30 + (i.seed % 7)];

const nginx: Family = {
  name: 'nginx',
  startup(i, start) {
    const t = nginxTime(start + 40);
    const [w1, w2] = nginxWorkers(i);
    return [
      [0, '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration'],
      [1, '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/'],
      [2, '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh'],
      [5, '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf'],
      [9, '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf'],
      [10, '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh'],
      [11, '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh'],
      [14, '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh'],
      [16, '/docker-entrypoint.sh: Configuration complete; ready for start up'],
      [40, `${t} [notice] 1#1: using the "epoll" event method`],
      [40, `${t} [notice] 1#1: nginx/${version(i.tag, '1.27.3')}`],
      [40, `${t} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) `],
      [40, `${t} [notice] 1#1: OS: Linux 6.1.0-31-cloud-amd64`],
      [40, `${t} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576`],
      [41, `${t} [notice] 1#1: start worker processes`],
      [41, `${t} [notice] 1#1: start worker process ${w1}`],
      [41, `${t} [notice] 1#1: start worker process ${w2}`],
    ];
  },
  access(_i, at, r) {
    return `${r.client} - - [${clfTime(at)}] "${r.method} ${r.path} HTTP/1.1" ${r.status} ${r.bytes} "-" "${r.userAgent}" "-"`;
  },
  shutdown(i, at) {
    const t = nginxTime(at);
    const [w1, w2] = nginxWorkers(i);
    return [
      `${t} [notice] 1#1: signal 3 (SIGQUIT) received, shutting down`,
      `${t} [notice] ${w1}#${w1}: gracefully shutting down`,
      `${t} [notice] ${w2}#${w2}: gracefully shutting down`,
      `${t} [notice] ${w1}#${w1}: exiting`,
      `${t} [notice] ${w2}#${w2}: exiting`,
      `${t} [notice] ${w1}#${w1}: exit`,
      `${t} [notice] ${w2}#${w2}: exit`,
      `${t} [notice] 1#1: signal 17 (SIGCHLD) received from ${w1}`,
      `${t} [notice] 1#1: worker process ${w1} exited with code 0`,
      `${t} [notice] 1#1: worker process ${w2} exited with code 0`,
      `${t} [notice] 1#1: exit`,
    ];
  },
  fatal(i, at, _code, uptimeMs) {
    const t = nginxTime(at);
    if (uptimeMs >= BOOT_MS) {
      const [w1] = nginxWorkers(i);
      return [`${t} [alert] 1#1: worker process ${w1} exited on signal 11 (core dumped)`, `${t} [emerg] 1#1: malloc(4096) failed (12: Cannot allocate memory)`];
    }
    return [`${t} [emerg] 1#1: host not found in upstream "backend:8080" in /etc/nginx/conf.d/default.conf:14`,
      'nginx: [emerg] host not found in upstream "backend:8080" in /etc/nginx/conf.d/default.conf:14'];
  },
  completed(i, at) {
    return nginx.shutdown(i, at);
  },
};

const gunicorn: Family = {
  name: 'gunicorn',
  startup(i, start) {
    const t = gunicornTime(start + 300);
    const port = i.port || 8000;
    return [
      [300, `[${t}] [1] [INFO] Starting gunicorn 22.0.0`],
      [301, `[${t}] [1] [INFO] Listening at: http://0.0.0.0:${port} (1)`],
      [301, `[${t}] [1] [INFO] Using worker: sync`],
      [305, `[${t}] [7] [INFO] Booting worker with pid: 7`],
      [309, `[${t}] [8] [INFO] Booting worker with pid: 8`],
    ];
  },
  access(_i, at, r) {
    return `${r.client} - - [${clfTime(at)}] "${r.method} ${r.path} HTTP/1.1" ${r.status} ${r.bytes} "-" "${r.userAgent}"`;
  },
  shutdown(_i, at) {
    const t = gunicornTime(at);
    return [
      `[${t}] [1] [INFO] Handling signal: term`,
      `[${t}] [7] [INFO] Worker exiting (pid: 7)`,
      `[${t}] [8] [INFO] Worker exiting (pid: 8)`,
      `[${t}] [1] [INFO] Shutting down: Master`,
    ];
  },
  fatal(_i, at, _code, uptimeMs) {
    const t = gunicornTime(at);
    if (uptimeMs >= BOOT_MS) {
      return [
        `[${t}] [7] [ERROR] Error handling request /api/orders`,
        'Traceback (most recent call last):',
        '  File "/usr/local/lib/python3.12/site-packages/gunicorn/workers/sync.py", line 135, in handle',
        '    self.handle_request(listener, req, client, addr)',
        '  File "/app/app.py", line 57, in create_order',
        '    conn = psycopg2.connect(DATABASE_URL)',
        'psycopg2.OperationalError: connection to server at "postgres" (10.96.14.2), port 5432 failed: Connection refused',
        '\tIs the server running on that host and accepting TCP/IP connections?',
        `[${t}] [1] [ERROR] Worker (pid:7) exited with code 1`,
        `[${t}] [1] [ERROR] Shutting down: Master`,
      ];
    }
    return [
      `[${t}] [7] [ERROR] Exception in worker process`,
      'Traceback (most recent call last):',
      '  File "/usr/local/lib/python3.12/site-packages/gunicorn/arbiter.py", line 609, in spawn_worker',
      '    worker.init_process()',
      '  File "/app/app.py", line 12, in <module>',
      '    DATABASE_URL = os.environ["DATABASE_URL"]',
      '                   ~~~~~~~~~~^^^^^^^^^^^^^^^^',
      '  File "<frozen os>", line 714, in __getitem__',
      "KeyError: 'DATABASE_URL'",
      `[${t}] [7] [INFO] Worker exiting (pid: 7)`,
      `[${t}] [1] [ERROR] Worker (pid:7) exited with code 3`,
      `[${t}] [1] [ERROR] Shutting down: Master`,
      `[${t}] [1] [ERROR] Reason: Worker failed to boot.`,
    ];
  },
  completed(i, at) {
    return gunicorn.shutdown(i, at);
  },
};

const redis: Family = {
  name: 'redis',
  startup(i, start) {
    const c = (dt: number) => `1:C ${redisTime(start + dt)}`;
    const m = (dt: number) => `1:M ${redisTime(start + dt)}`;
    return [
      [2, `${c(2)} # WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail under low memory condition. Being disabled, it can also cause failures without low memory condition, see https://github.com/jemalloc/jemalloc/issues/1328. To fix this issue add 'vm.overcommit_memory = 1' to /etc/sysctl.conf and then reboot or run the command 'sysctl vm.overcommit_memory=1' for this to take effect.`],
      [2, `${c(2)} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`],
      [2, `${c(2)} * Redis version=${version(i.tag, '7.2.5')}, bits=64, commit=00000000, modified=0, pid=1, just started`],
      [2, `${c(2)} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf`],
      [3, `${m(3)} * monotonic clock: POSIX clock_gettime`],
      [4, `${m(4)} * Running mode=standalone, port=${i.port || 6379}.`],
      [5, `${m(5)} * Server initialized`],
      [6, `${m(6)} * Ready to accept connections tcp`],
    ];
  },
  // RDB snapshots: "save 3600 1 300 100 60 10000" — a save roughly every few minutes under light writes.
  background: {
    periodMs: 300_000,
    lines(i, k, at) {
      const changes = pick(i.seed, 21, k, 100, 4000);
      const pid = pick(i.seed, 22, k, 20, 400);
      const t = redisTime(at);
      return [
        `1:M ${t} * ${changes} changes in 300 seconds. Saving...`,
        `1:M ${t} * Background saving started by pid ${pid}`,
        `${pid}:C ${redisTime(at + 12)} * DB saved on disk`,
        `${pid}:C ${redisTime(at + 12)} * Fork CoW for RDB: current 0 MB, peak 0 MB, average 0 MB`,
        `1:M ${redisTime(at + 110)} * Background saving terminated with success`,
      ];
    },
  },
  shutdown(_i, at) {
    const t = redisTime(at);
    return [
      `1:signal-handler (${Math.floor(at / 1000)}) Received SIGTERM scheduling shutdown...`,
      `1:M ${t} * User requested shutdown...`,
      `1:M ${t} * Saving the final RDB snapshot before exiting.`,
      `1:M ${t} * DB saved on disk`,
      `1:M ${t} # Redis is now ready to exit, bye bye...`,
    ];
  },
  fatal(_i, at) {
    const t = redisTime(at);
    return [`1:M ${t} # Short read or OOM loading DB. Unrecoverable error, aborting now.`, `1:M ${t} # Internal error in RDB reading offset 0, function at rdb.c:3203 -> Unexpected EOF reading RDB file`];
  },
  completed(i, at) {
    return redis.shutdown(i, at);
  },
};

const cockroachLine = (level: string, i: Instance, at: number, where: string, text: string) =>
  `${level}${cockroachTime(at, (i.seed % 1000) * 1000)} ${where} ⋮ [T1,n1] ${text}`;

const cockroach: Family = {
  name: 'cockroachdb',
  startup(i, start) {
    const host = `${i.pod}.${i.namespace}.svc.cluster.local`;
    const v = i.tag.startsWith('v') ? i.tag : 'v24.1.0';
    return [
      [2000, '*'],
      [2000, '* INFO: initial startup completed.'],
      [2000, '* Node will now attempt to join a running cluster, or wait for `cockroach init`.'],
      [2000, '*'],
      [4800, `CockroachDB node starting at ${isoMillis(start + 4800).replace('T', ' ').replace('Z', ' +0000 UTC')} (took 4.8s)`],
      [4800, `build:               CCL ${v} @ 2024/05/21 17:10:43 (go1.22.2 X:nocoverageredesign)`],
      [4800, `webui:               https://${host}:8080`],
      [4800, `sql:                 postgresql://root@${host}:26257/defaultdb?sslmode=verify-full&sslrootcert=certs%2Fca.crt`],
      [4800, 'logs:                /cockroach/cockroach-data/logs'],
      [4800, 'temp dir:            /cockroach/cockroach-data/cockroach-temp1234567'],
      [4800, 'external I/O path:   /cockroach/cockroach-data/extern'],
      [4800, 'store[0]:            path=/cockroach/cockroach-data'],
      [4800, 'storage engine:      pebble'],
      [4800, 'status:              restarted pre-existing node'],
      [4800, `nodeID:              ${1 + (i.seed % 5)}`],
    ];
  },
  background: {
    periodMs: 10_000,
    lines(i, k, at) {
      const rss = pick(i.seed, 31, k, 380, 520);
      const goroutines = pick(i.seed, 32, k, 400, 700);
      return [cockroachLine('I', i, at, 'server/status/runtime_log.go:47', `runtime stats: ${rss} MiB RSS, ${goroutines} goroutines (stacks: 6.2 MiB), 143 MiB/201 MiB Go alloc/total (heap fragmentation: 24 MiB, heap reserved: 5.1 MiB, heap released: 31 MiB), 88 MiB/104 MiB CGO alloc/total (2.1 CGO/sec), 3.2/1.4 %(u/s)time, 0.0 %gc (0x), 214 KiB/198 KiB (r/w)net`)];
    },
  },
  shutdown(i, at) {
    return [
      cockroachLine('I', i, at, 'cli/start.go:1003', 'received signal \'terminated\''),
      cockroachLine('I', i, at, 'cli/start.go:1101', 'initiating graceful shutdown of server'),
      cockroachLine('I', i, at + 1500, 'cli/start.go:1138', 'server drained and shutdown completed'),
    ];
  },
  fatal(i, at) {
    return [
      cockroachLine('E', i, at, 'cli/start.go:1297', 'failed to start server: problem using security settings: no certificates found; does certs dir exist?'),
      'ERROR: failed to start server: problem using security settings: no certificates found; does certs dir exist?',
      'Failed running "start"',
    ];
  },
  completed(i, at) {
    return cockroach.shutdown(i, at);
  },
};

const GENERIC_PATHS = ['/api/items', '/api/items/42', '/api/orders', '/api/cart', '/', '/api/users/me'];

const generic: Family = {
  name: 'generic',
  startup(i, start) {
    const ts = (dt: number) => `time=${isoMillis(start + dt)}`;
    const port = i.port || 8080;
    return [
      [150, `${ts(150)} level=INFO msg="starting ${i.container}" version=${i.tag || 'latest'}`],
      [180, `${ts(180)} level=INFO msg="configuration loaded" source=env`],
      [240, `${ts(240)} level=INFO msg="listening" addr=:${port}`],
    ];
  },
  access(_i, at, r) {
    return `time=${isoMillis(at)} level=INFO msg=request method=${r.method} path=${r.path} status=${r.status} duration=${r.durationMs}ms remote=${r.client} user_agent="${r.userAgent}"`;
  },
  shutdown(_i, at) {
    return [`time=${isoMillis(at)} level=INFO msg="shutting down" signal=terminated`, `time=${isoMillis(at + 20)} level=INFO msg="server stopped"`];
  },
  fatal(i, at, exitCode) {
    const target = choose(i.seed, 41, 0, ['postgres:5432', 'redis:6379', 'payments:8080']);
    return [
      `time=${isoMillis(at)} level=ERROR msg="fatal error" err="dial tcp ${target}: connect: connection refused"`,
      `exit status ${exitCode}`,
    ];
  },
  completed(_i, at) {
    return [`time=${isoMillis(at)} level=INFO msg="work complete"`];
  },
};

/** Client request paths per family (probes use the probe's own path). */
export function requestPaths(family: Family): readonly string[] {
  return family === nginx ? ['/', '/index.html', '/static/app.js', '/static/style.css', '/favicon.ico'] : GENERIC_PATHS;
}

/** The family of an image: nginx, gunicorn (python), redis, cockroachdb, or generic. */
export function familyOf(image: string): Family {
  const name = image.split('@')[0]!.replace(/:[^/:]*$/, '').toLowerCase();
  const base = name.split('/').pop() ?? name;
  if (base.includes('nginx')) return nginx;
  if (base.includes('cockroach')) return cockroach;
  if (base.startsWith('redis')) return redis;
  if (base.startsWith('python') || base.includes('gunicorn') || base.includes('flask') || base.includes('django')) return gunicorn;
  return generic;
}
