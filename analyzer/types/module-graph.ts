/**
 * The code's module import graph, resolved by the resolve stage (which owns the module
 * resolver) and read by the score stage to propose bounded contexts inside a deployable.
 * Files are root-relative; tests, generated code and browser code are left out.
 */
export interface ModuleFile {
  file: string;
  /** Non-blank lines (0 when the file was not counted). */
  loc: number;
  /** Tables (or collections) the file's code reads or writes, when a data-access fact names them. */
  tables: string[];
}

export interface ModuleImport {
  from: string;
  to: string;
}

export interface ModuleGraph {
  /** Sorted by file. */
  files: ModuleFile[];
  /** Resolved imports between those files, sorted, without duplicates or self-imports. */
  imports: ModuleImport[];
  /** Some fact named the tables code touches: without any, table sharing is not measured. */
  tablesMeasured: boolean;
}
