// The shape of a catalog entry: everything a stage needs to know about a table, declared once.
// SQL identifiers in the project come only from values of these types.

export type ColumnType =
  | 'string'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'float32'
  | 'float64'
  | 'boolean'
  | 'timestamp'
  | 'date'
  | 'string_list'
  | 'json';

export interface ColumnDef {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  /** Free text cleaned as the original did: quotes and line breaks stripped, then trimmed. */
  readonly freeText?: boolean;
  /**
   * A string_list kept in silver as its normalized JSON text (a dictionary-encoded JSON column)
   * instead of a Parquet LIST; the warehouse holds text[] either way. For long lists that repeat:
   * a track's ~80 markets are ~80 values a row as a LIST, one dictionary index as JSON text.
   */
  readonly listAsJson?: boolean;
}

export type SourceName = 'mysql' | 'spotify_api' | 'history_import';

export type ExtractStrategy =
  | { readonly kind: 'full_load' }
  | { readonly kind: 'incremental_by_partition'; readonly partitionColumn: string }
  | { readonly kind: 'incremental_by_watermark'; readonly watermarkColumn: string }
  /** Files the user hands in (listening-history exports): each run loads the files it was given. */
  | { readonly kind: 'import_files' }
  /** Details fetched from an API for ids the warehouse references but does not know yet. */
  | { readonly kind: 'enrich_unknown_ids' };

/** How pg-loader applies a run's rows to the target table. */
export type LoadMode = 'replace_table' | 'upsert' | 'replace_partition';

export interface TableCheckDefs {
  readonly acceptedValues?: Readonly<Record<string, readonly string[]>>;
  readonly ranges?: Readonly<Record<string, { readonly min?: number; readonly max?: number }>>;
  /** The watermark column must hold a value no older than this many hours. */
  readonly freshnessHours?: number;
}

/** A reference to another catalog table's key, enforced in the source after a seed. */
export interface ForeignKeyDef {
  readonly column: string;
  readonly references: { readonly table: string; readonly column: string };
}

export interface TableDef {
  readonly name: string;
  readonly source: SourceName;
  /** Warehouse schema the table loads into. */
  readonly schema: 'spotify';
  readonly primaryKey: readonly string[];
  readonly columns: readonly ColumnDef[];
  readonly extract: ExtractStrategy;
  readonly load: LoadMode;
  /** A silver column the warehouse lacks is added in the load's transaction instead of failing. */
  readonly allowAddColumns: boolean;
  /** References to other tables, in the source (MySQL). */
  readonly foreignKeys?: readonly ForeignKeyDef[];
  /** Rows above which the extractor splits the table into primary-key ranges. */
  readonly splitAboveRows?: number;
  /** Rows per primary-key range part, for a table too wide for EXTRACT_PART_ROWS. */
  readonly partRows?: number;
  readonly checks?: TableCheckDefs;
}
