/** Model-update files on disk (Node only); the formats are update-format.ts's. */
import fs from "node:fs";

import { ArgumentError } from "./errors";
import { parseUpdate, type ReadUpdate } from "./update-format";

/** Reads a model update from `file`: see parseUpdate. A missing file is one ArgumentError line. */
export function readUpdate(file: string): ReadUpdate {
  if (!fs.existsSync(file)) throw new ArgumentError(`update file ${file} not found`);
  return parseUpdate(new Uint8Array(fs.readFileSync(file)), file);
}

/** The update's values alone: see readUpdate. */
export function readUpdateFile(file: string): number[] {
  return readUpdate(file).values;
}
