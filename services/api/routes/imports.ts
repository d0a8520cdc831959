// POST /imports/history: the user's listening-history export files as multipart/form-data. Each
// file streams to bronze while it is checked (never whole in memory), within a size limit; a bad
// file rejects the import with its name and position (422), and a good import starts its run (202).

import busboy from 'busboy';
import express from 'express';
import type { Request, Router } from 'express';
import type { Readable } from 'node:stream';
import type { Config } from '../../../shared/config';
import { importHistory } from '../../../shared/history/import-files';
import type { ImportDeps, ImportFile, ImportResult } from '../../../shared/history/import-files';
import type { LakeStore } from '../../../shared/lake/objects';
import type { RunRequest, StartedRun } from '../../../shared/queue/start-run';
import type pg from 'pg';
import { HttpError } from '../http-errors';

export interface ImportRouteDeps {
  config: Config;
  clients: { store: LakeStore; warehouse: pg.Pool };
  startRun(request: RunRequest): Promise<StartedRun>;
}

/** The files of a multipart body, one at a time, as busboy parses them off the socket. */
async function* multipartFiles(req: Request, config: Config): AsyncGenerator<ImportFile> {
  if (!(req.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
    throw new HttpError(
      415,
      'unsupported_media_type',
      'send the export files as multipart/form-data',
    );
  }
  const parser = busboy({
    headers: req.headers,
    limits: { files: config.imports.maxFiles, fileSize: config.imports.maxFileBytes, fields: 0 },
  });
  const pending: ImportFile[] = [];
  let wake: (() => void) | null = null;
  let finished = false;
  const failed: { error: Error | null } = { error: null };
  const notify = (): void => {
    wake?.();
    wake = null;
  };
  parser.on('file', (_field: string, stream: Readable, info: { filename: string }) => {
    stream.on('limit', () =>
      stream.destroy(
        new HttpError(
          413,
          'too_large',
          `${info.filename} is larger than ${config.imports.maxFileBytes} bytes`,
        ),
      ),
    );
    pending.push({ name: info.filename, body: stream });
    notify();
  });
  parser.on('filesLimit', () => {
    failed.error = new HttpError(
      413,
      'too_many_files',
      `at most ${config.imports.maxFiles} files per import`,
    );
    notify();
  });
  parser.on('error', (err: Error) => {
    failed.error = new HttpError(
      400,
      'invalid_multipart',
      `the upload is not valid multipart: ${err.message}`,
    );
    notify();
  });
  parser.on('close', () => {
    finished = true;
    notify();
  });
  req.pipe(parser);
  for (;;) {
    if (failed.error !== null) {
      throw failed.error;
    }
    const next = pending.shift();
    if (next !== undefined) {
      yield next;
    } else if (finished) {
      return;
    } else {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  }
}

export function importsRouter(deps: ImportRouteDeps): Router {
  const router = express.Router();
  router.post('/imports/history', async (req, res) => {
    const importDeps: ImportDeps = {
      store: deps.clients.store,
      warehouse: deps.clients.warehouse,
      startRun: (request) => deps.startRun(request),
      maxFileBytes: deps.config.imports.maxFileBytes,
      partitionDate: new Date().toISOString().slice(0, 10),
    };
    let result: ImportResult;
    try {
      result = await importHistory(multipartFiles(req, deps.config), importDeps);
    } catch (err) {
      // Read and drop what the client still sends, so it gets the error instead of a reset.
      req.unpipe();
      req.resume();
      throw err;
    }
    res.status(202).json({
      runId: result.runId,
      url: `/runs/${result.runId}`,
      files: result.files.map((file) => ({
        name: file.name,
        format: file.format,
        plays: file.plays,
        bytes: file.bytes,
        unknownFields: file.unknownFields,
      })),
    });
  });
  return router;
}
