/** One record of a data file, with where it starts, for error messages. */
export interface DataRecord {
  value: unknown;
  /** 1-based line where the record starts (for Parquet, the row number). */
  line: number;
  /** 0-based position among the file's records. */
  index: number;
}

/** Bytes (or rows) read of a total, shared by a stream and its reader. */
export interface ReadCount {
  done: number;
  total: number;
}
