// The AWS deployment, checked without AWS: terraform/ parsed as HCL. The lake bucket is encrypted,
// versioned, private and ages bronze/; nothing accepts SSH; each service's role touches only its
// own prefixes of the lake bucket; every service runs `spotlake service <name>`; and the files
// are `terraform fmt` clean.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { convertFiles } from '@cdktf/hcl2json';
import { SERVICE_NAMES, WORKER_SERVICES } from '../cli/services';
import { CONFIG_VARIABLES } from '../shared/config';
import { buildLakeKey, parseLakeKey } from '../shared/lake/keys';
import type { Layer } from '../shared/lake/keys';

const TERRAFORM_DIR = join(__dirname, '..', 'terraform');
const hasTerraform = spawnSync('terraform', ['version'], { stdio: 'ignore' }).error === undefined;

type Block = Record<string, unknown>;
interface Statement {
  sid?: string;
  effect?: string;
  actions?: string[];
  resources?: string[] | string;
  principals?: unknown;
}
interface Hcl {
  resource: Record<string, Record<string, Block[]>>;
  data: Record<string, Record<string, Block[]>>;
  locals: Block[];
  variable: Record<string, Block[]>;
  output: Record<string, Block[]>;
}

let hcl: Hcl;

beforeAll(async () => {
  hcl = (await convertFiles(TERRAFORM_DIR)) as Hcl;
});

/** The single block of `<kind> "<type>" "<name>"`. */
function block(kind: 'resource' | 'data', type: string, name: string): Block {
  const found = hcl[kind][type]?.[name]?.[0];
  if (found === undefined) {
    throw new Error(`terraform has no ${kind} ${type}.${name}`);
  }
  return found;
}

const nested = (parent: Block, key: string): Block =>
  ((parent[key] as Block[] | undefined) ?? [])[0] ?? {};

const local = (name: string): unknown => hcl.locals.find((locals) => name in locals)?.[name];

/** Every statement of a policy document: plain blocks and the content of dynamic ones. */
function statements(document: Block): Statement[] {
  const dynamic = (document.dynamic as { statement?: { content: Statement[] }[] } | undefined)
    ?.statement;
  return [
    ...((document.statement as Statement[] | undefined) ?? []),
    ...(dynamic ?? []).flatMap((d) => d.content),
  ];
}

describe('the lake bucket', () => {
  const BUCKET = '${aws_s3_bucket.lake.id}';

  it('is encrypted by default, versioned, and blocks every kind of public access', () => {
    const encryption = block(
      'resource',
      'aws_s3_bucket_server_side_encryption_configuration',
      'lake',
    );
    expect(encryption.bucket).toBe(BUCKET);
    const byDefault = nested(nested(encryption, 'rule'), 'apply_server_side_encryption_by_default');
    expect(['AES256', 'aws:kms']).toContain(byDefault.sse_algorithm);

    const versioning = block('resource', 'aws_s3_bucket_versioning', 'lake');
    expect(versioning.bucket).toBe(BUCKET);
    expect(nested(versioning, 'versioning_configuration').status).toBe('Enabled');

    expect(block('resource', 'aws_s3_bucket_public_access_block', 'lake')).toMatchObject({
      bucket: BUCKET,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it('moves bronze/ to cheaper storage classes as it ages', () => {
    const rules = block('resource', 'aws_s3_bucket_lifecycle_configuration', 'lake')
      .rule as Block[];
    const bronze = rules.find((rule) => nested(rule, 'filter').prefix === 'bronze/');
    expect(bronze?.status).toBe('Enabled');
    const classes = ((bronze?.transition as Block[] | undefined) ?? []).map((t) => t.storage_class);
    expect(classes).toEqual(['STANDARD_IA', 'GLACIER_IR']);
  });
});

describe('the network', () => {
  const ingress = () => [
    ...Object.values(hcl.resource.aws_vpc_security_group_ingress_rule ?? {}).flat(),
    ...Object.values(hcl.resource.aws_security_group ?? {})
      .flat()
      .flatMap((group) => (group.ingress as Block[] | undefined) ?? []),
    ...Object.values(hcl.resource.aws_security_group_rule ?? {})
      .flat()
      .filter((rule) => rule.type === 'ingress'),
  ];

  it('accepts SSH from nowhere, let alone 0.0.0.0/0', () => {
    const rules = ingress();
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      const from = Number(rule.from_port ?? 0);
      const to = Number(rule.to_port ?? 65535);
      const isAllTraffic = rule.ip_protocol === '-1' || rule.protocol === '-1';
      expect({ rule, opensSsh: isAllTraffic || (from <= 22 && 22 <= to) }).toEqual({
        rule,
        opensSsh: false,
      });
    }
  });

  it('opens to the world nothing but what api_allowed_cidrs names, which has no default', () => {
    for (const rule of ingress()) {
      const isWorld = JSON.stringify([rule.cidr_ipv4, rule.cidr_blocks]).includes('0.0.0.0/0');
      expect({ rule, isWorld }).toEqual({
        rule,
        isWorld: false,
      });
    }
    expect(hcl.variable.api_allowed_cidrs?.[0]).not.toHaveProperty('default');
  });
});

describe('IAM', () => {
  const lakeAccess = () =>
    local('lake_access') as Record<string, { read: string[]; write: string[] }>;

  it('gives each service a role whose policy names only the lake bucket, by prefix', () => {
    const lake = block('data', 'aws_iam_policy_document', 'lake');
    expect(lake.for_each).toBe('${local.lake_policies}');
    const all = statements(lake);
    expect(all.map((s) => s.sid).sort()).toEqual(
      ['HeadBucket', 'ListPrefixes', 'ReadPrefixes', 'WritePrefixes'].sort(),
    );
    for (const statement of all) {
      const resources = [statement.resources ?? []].flat();
      expect(resources.length).toBeGreaterThan(0);
      for (const resource of resources) {
        const names = {
          sid: statement.sid,
          isLakeBucket: resource.includes('aws_s3_bucket.lake.arn'),
          others: resource.match(/arn:aws|aws_s3_bucket\.(?!lake\.)\w+/g),
        };
        expect(names).toEqual({ sid: statement.sid, isLakeBucket: true, others: null });
      }
      for (const action of statement.actions ?? []) {
        expect(action).toMatch(/^s3:[A-Z][A-Za-z]+$/);
      }
    }
  });

  it('lists a role for every service, with prefixes that are layers of the lake', () => {
    const access = lakeAccess();
    expect(Object.keys(access).sort()).toEqual([...SERVICE_NAMES].sort());
    for (const { read, write } of Object.values(access)) {
      for (const prefix of [...read, ...write]) {
        const key = buildLakeKey({
          layer: prefix.replace(/\/$/, '') as Layer,
          source: 'mysql',
          table: 'spotify_artists',
          partitionDate: '2024-05-01',
          part: 0,
          seq: null,
          ext: 'parquet',
        });
        expect(parseLakeKey(key).layer).toBe(prefix.slice(0, -1));
        expect(key.startsWith(prefix)).toBe(true);
      }
    }
  });

  it('names no resource "*" in any policy it writes', () => {
    for (const [name, documents] of Object.entries(hcl.data.aws_iam_policy_document ?? {})) {
      for (const statement of documents.flatMap(statements)) {
        expect({ name, resources: statement.resources }).not.toEqual({
          name,
          resources: expect.arrayContaining(['*']) as unknown,
        });
      }
    }
    const readSecrets = statements(block('data', 'aws_iam_policy_document', 'read_secrets'));
    expect(readSecrets).toEqual([
      expect.objectContaining({
        actions: ['secretsmanager:GetSecretValue'],
        resources: '${local.secret_arns}',
      }),
    ]);
  });
});

describe('the ECS services', () => {
  it('run every service of services/, each as `spotlake service <name>` after a migrate', () => {
    expect(local('worker_services')).toEqual(Object.keys(WORKER_SERVICES));
    const definitions = String(
      block('resource', 'aws_ecs_task_definition', 'service').container_definitions,
    ).replace(/\s+/g, ' ');
    expect(definitions).toContain('command = ["service", each.key]');
    expect(definitions).toContain('command = ["migrate", "--no-bucket"]');
    expect(definitions).toContain('condition = "SUCCESS"');
    expect(definitions).toContain('"/app/bin/healthcheck.js"');
  });

  it('set only variables the config reads, and pass secrets by reference', () => {
    const environment = local('common_environment') as Record<string, string>;
    const unknown = Object.keys(environment).filter(
      (name) => !CONFIG_VARIABLES.includes(name) && name !== 'NODE_EXTRA_CA_CERTS',
    );
    expect(unknown).toEqual([]);
    expect(Object.keys(environment).filter((name) => /PASSWORD|SECRET|TOKEN/.test(name))).toEqual(
      [],
    );
  });
});

describe('variables and outputs', () => {
  it('are all described', () => {
    for (const [kind, entries] of [
      ['variable', hcl.variable],
      ['output', hcl.output],
    ] as const) {
      for (const [name, [entry]] of Object.entries(entries)) {
        expect({ kind, name, description: typeof entry?.description }).toEqual({
          kind,
          name,
          description: 'string',
        });
      }
    }
  });
});

(hasTerraform ? it : it.skip)('terraform fmt -check -recursive finds nothing to change', () => {
  const result = spawnSync('terraform', ['fmt', '-check', '-recursive', '-no-color'], {
    cwd: TERRAFORM_DIR,
    encoding: 'utf8',
  });
  expect({ status: result.status, unformatted: result.stdout.trim() }).toEqual({
    status: 0,
    unformatted: '',
  });
});

if (!hasTerraform) {
  process.stderr.write(
    'e2e/terraform.test.ts: SKIPPED terraform fmt -check: no terraform binary on PATH\n',
  );
}
