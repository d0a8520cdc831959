// The one-machine deployment, checked without Docker: docker-compose.yml is a valid Compose file
// that runs every service from the one image in order, publishes nothing to the network but the
// API (on loopback by default), scales every worker, and every variable the config reads is
// documented in .env.example.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as dclint from 'dclint';
import { parse } from 'yaml';
import { buildProgram } from '../cli/main';
import { SERVICE_NAMES, WORKER_SERVICES } from '../cli/services';
import { CONFIG_VARIABLES } from '../shared/config';

const ROOT = join(__dirname, '..');

// dclint's declarations use extensionless ESM imports that node16 resolution cannot follow, so
// they type as any; this is the part of its API used here.
interface ComposeLinter {
  lintFiles(
    paths: string[],
    isRecursive: boolean,
  ): { messages: { rule: string; line: number; message: string }[] }[];
}
const untyped: unknown = dclint;
const { DCLinter } = untyped as { DCLinter: new (config: object) => ComposeLinter };
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

interface HealthCheck {
  test?: string[];
  disable?: boolean;
}
interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  container_name?: string;
  ports?: (string | { host_ip?: string; published?: string })[];
  environment?: Record<string, string>;
  env_file?: { path: string; required?: boolean }[];
  healthcheck?: HealthCheck;
  depends_on?: Record<string, { condition: string }>;
  profiles?: string[];
  restart?: string;
}

const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const services = Object.entries(compose.services);
const appServices = services.filter(([, service]) => service.build !== undefined);
const oneShots = new Set(
  services.filter(([, service]) => service.restart === 'no').map(([name]) => name),
);
const serviceFolders = readdirSync(join(ROOT, 'services')).filter((name) =>
  statSync(join(ROOT, 'services', name)).isDirectory(),
);
const SECRET = /(PASSWORD|SECRET_ACCESS_KEY|TOKEN|CLIENT_SECRET)$/;

/** `${VAR:-default}` -> default, `${VAR}` -> '' : what compose substitutes when .env is silent. */
const withDefaults = (text: string): string =>
  text.replace(/\$\{\w+(?::?-([^}]*))?\}/g, (_all, fallback?: string) => fallback ?? '');

/** Variables .env.example documents: an assignment (maybe commented out) under its own comment. */
function documentedVariables(text: string): Map<string, string> {
  const documented = new Map<string, string>();
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const assignment = /^#?\s?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    const above = lines[index - 1] ?? '';
    const isDescription = /^#\s*\S/.test(above) && !/^#?\s?[A-Z][A-Z0-9_]*=/.test(above);
    if (assignment?.[1] !== undefined && isDescription) {
      documented.set(assignment[1], line.startsWith('#') ? '' : (assignment[2] ?? ''));
    }
  });
  return documented;
}

describe('docker-compose.yml', () => {
  it('is valid by the Compose schema and dclint rules', () => {
    const linter = new DCLinter({
      rules: {
        // Ordered by start-up, not by the alphabet.
        'services-alphabetical-order': 0,
        'service-keys-order': 0,
        'top-level-properties-order': 0,
        // It cannot read an interpolated bind address; the loopback test below resolves it.
        'no-unbound-port-interfaces': 0,
        'require-quotes-in-ports': [2, { quoteType: 'single' }],
      },
      quiet: false,
      debug: false,
      exclude: [],
    });
    const [result] = linter.lintFiles([join(ROOT, 'docker-compose.yml')], false);
    expect(
      (result?.messages ?? []).map((m) => `${m.rule} at line ${m.line}: ${m.message}`),
    ).toEqual([]);
  });

  it('runs every service of services/ in its own container with the CLI command `service <name>`', () => {
    expect(serviceFolders.sort()).toEqual([...SERVICE_NAMES].sort());
    for (const name of serviceFolders) {
      expect({ name, command: compose.services[name]?.command }).toEqual({
        name,
        command: ['service', name],
      });
      expect(compose.services[name]?.build).toBeDefined();
    }
  });

  it('gives every long-running container a health check, and orders start-up on them', () => {
    for (const [name, service] of services) {
      if (oneShots.has(name) || service.profiles?.includes('tools') === true) {
        continue;
      }
      const check = service.healthcheck;
      const hasCheck = check?.disable !== true && (check?.test?.length ?? 0) > 1;
      expect({ name, hasCheck }).toEqual({ name, hasCheck: true });
    }
    for (const [name, service] of services) {
      for (const [target, { condition }] of Object.entries(service.depends_on ?? {})) {
        const needed = oneShots.has(target) ? 'service_completed_successfully' : 'service_healthy';
        expect({ name, target, condition }).toEqual({ name, target, condition: needed });
      }
    }
  });

  it('starts the services only after migrate made the schemas and the bucket', () => {
    const migrate = compose.services.migrate;
    expect(migrate?.restart).toBe('no');
    const [command, ...flags] = migrate?.command ?? [];
    const registered = buildProgram().commands.find((c) => c.name() === command);
    expect(registered).toBeDefined();
    const known = registered?.options.map((option) => option.long);
    expect(known).toEqual(expect.arrayContaining(flags) as unknown);
    for (const name of SERVICE_NAMES) {
      expect(compose.services[name]?.depends_on?.migrate?.condition).toBe(
        'service_completed_successfully',
      );
    }
  });

  it('checks app containers through the health script the image ships', () => {
    expect(existsSync(join(ROOT, 'bin', 'healthcheck.js'))).toBe(true);
    for (const name of SERVICE_NAMES) {
      expect(compose.services[name]?.healthcheck?.test).toEqual([
        'CMD',
        'node',
        '/app/bin/healthcheck.js',
      ]);
    }
  });

  it('publishes no port beyond loopback by default, and no database port at all to the network', () => {
    for (const [name, service] of services) {
      for (const port of service.ports ?? []) {
        const hostIp =
          typeof port === 'string'
            ? withDefaults(port).split(':').slice(0, -2).join(':')
            : withDefaults(port.host_ip ?? '');
        expect({ name, port, hostIp }).toEqual({ name, port, hostIp: '127.0.0.1' });
      }
    }
  });

  it('lets `--scale <worker>=N` run every worker: no container_name, no host port', () => {
    for (const name of Object.keys(WORKER_SERVICES)) {
      const service = compose.services[name];
      expect({ name, container_name: service?.container_name, ports: service?.ports }).toEqual({
        name,
        container_name: undefined,
        ports: undefined,
      });
    }
    for (const [name, service] of services) {
      expect({ name, container_name: service.container_name }).toEqual({ name });
    }
  });

  it('keeps every Redis key, as BullMQ needs: AOF on and maxmemory-policy noeviction', () => {
    const command = (compose.services.redis?.command ?? []).join(' ');
    expect(command).toContain('--appendonly yes');
    expect(command).toContain('--maxmemory-policy noeviction');
  });

  it('caps the V8 heap of the four stage workers, as the benchmark measured them, and no other', () => {
    const heap = Object.fromEntries(
      appServices.map(([name, service]) => [name, service.environment?.NODE_OPTIONS ?? null]),
    );
    expect(heap).toEqual({
      extractor: '--max-old-space-size=192',
      's3-loader': '--max-old-space-size=192',
      'pg-loader': '--max-old-space-size=192',
      validator: '--max-old-space-size=192',
      transformer: null,
      api: null,
      ...Object.fromEntries(
        appServices
          .filter(
            ([name]) =>
              !['extractor', 's3-loader', 'pg-loader', 'validator', 'transformer', 'api'].includes(
                name,
              ),
          )
          .map(([name]) => [name, null]),
      ),
    });
  });

  it('sets only real config variables, and hands each app container the rest through .env', () => {
    for (const [name, service] of appServices) {
      for (const variable of Object.keys(service.environment ?? {})) {
        // NODE_OPTIONS is Node's own: it sizes the V8 heap of the stage workers.
        const known = CONFIG_VARIABLES.includes(variable) || variable === 'NODE_OPTIONS';
        expect({ name, variable, known }).toEqual({
          name,
          variable,
          known: true,
        });
      }
      expect({ name, env_file: service.env_file }).toEqual({
        name,
        env_file: [{ path: '.env', required: false }],
      });
    }
  });

  it('writes no secret into the file: each is required from .env, with no default', () => {
    for (const [name, service] of services) {
      for (const [variable, value] of Object.entries(service.environment ?? {})) {
        if (SECRET.test(variable)) {
          expect({ name, variable, value }).toEqual({
            name,
            variable,
            value: expect.stringMatching(/^\$\{[A-Z][A-Z0-9_]*:\?[^}]*\}$/) as unknown,
          });
        }
      }
    }
  });
});

describe('.env.example', () => {
  const text = read('.env.example');
  const documented = documentedVariables(text);

  it('documents every variable the config reads (a new variable must be added here)', () => {
    const missing = CONFIG_VARIABLES.filter((variable) => !documented.has(variable));
    expect(missing).toEqual([]);
  });

  it('documents every variable docker-compose.yml substitutes', () => {
    const substituted = [...read('docker-compose.yml').matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map(
      (match) => match[1] ?? '',
    );
    expect(substituted.length).toBeGreaterThan(0);
    expect([...new Set(substituted)].filter((variable) => !documented.has(variable))).toEqual([]);
  });

  it('holds no secret value', () => {
    for (const [variable, value] of documented) {
      if (SECRET.test(variable)) {
        expect({ variable, value }).toEqual({ variable, value: '' });
      }
    }
  });
});
