/**
 * What the engine may ask of its host: read files, only inside the workspace. The LSP server and the CLI
 * each provide one; the engine never touches the file system itself.
 */
export interface Host {
  /** Text of a file, or undefined when it cannot be read or lies outside the workspace. */
  readFile(absPath: string): string | undefined;
  /** Names of the entries of a directory (for sibling .tf files of a module). */
  listDir(absDir: string): string[];
  /** The workspace folder the file belongs to; references are followed only inside it. */
  workspaceRoot?: string;
  /**
   * Variable values given from outside the module (`--var-file`, `--var`, the `keyscope.terraform.varFiles`
   * setting), in the order they apply (a later one wins), after the variable files Terraform loads by itself.
   * They apply to root modules only.
   */
  variableInputs?: readonly VariableInput[];
}

/** A variable file given explicitly, or one `NAME=VALUE` given on the command line. */
export type VariableInput = { kind: 'file'; path: string; text: string; json: boolean } | { kind: 'var'; name: string; text: string };
