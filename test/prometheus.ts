// Parses Prometheus text with the reference parser (client_python's, Debian python3-prometheus-
// client), independent of prom-client, which wrote it. Throws on text it cannot parse.

import { execFile } from 'node:child_process';

export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface PromFamily {
  name: string;
  type: string;
  samples: PromSample[];
}

const SCRIPT = `
import json, sys
from prometheus_client.parser import text_string_to_metric_families
families = [{"name": f.name, "type": f.type,
             "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in f.samples]}
            for f in text_string_to_metric_families(sys.stdin.read())]
print(json.dumps(families))
`;

export function parsePrometheus(text: string): Promise<PromFamily[]> {
  return new Promise((resolve, reject) => {
    const child = execFile('/usr/bin/python3', ['-c', SCRIPT], (err, stdout, stderr) => {
      if (err) {
        reject(
          new Error(`not Prometheus text: ${stderr.trim().split('\n').at(-1) ?? err.message}`),
        );
        return;
      }
      resolve(JSON.parse(stdout) as PromFamily[]);
    });
    child.stdin?.end(text);
  });
}

/** The value of the one sample with this name and these labels; undefined when there is none. */
export function sampleValue(
  families: readonly PromFamily[],
  name: string,
  labels: Record<string, string>,
): number | undefined {
  for (const family of families) {
    for (const sample of family.samples) {
      const matches = Object.entries(labels).every(([key, value]) => sample.labels[key] === value);
      if (sample.name === name && matches) {
        return sample.value;
      }
    }
  }
  return undefined;
}
