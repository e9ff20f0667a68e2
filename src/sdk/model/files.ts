/** Model files on disk (Node only): what `model verify`, `model show` and `gov status` are given by path. */
import fs from "node:fs";

import type { Protocol } from "../deployments";
import { ArgumentError } from "../errors";
import { modelFilesByHashOf } from "./chain";
import type { ModelFileSource } from "./verify";

/**
 * Model files given by path: `versionFile` is the asked version's own file (checked against its
 * on-chain hash, so a wrong file is reported, not skipped); the others stand for the versions whose
 * on-chain weightsHash they hash to (parents, grandparents, back to the genesis: modelFilesByHash).
 */
export function modelFilesFromPaths(
  protocol: Protocol,
  versionId: bigint,
  versionFile: string,
  others: readonly string[] = [],
): ModelFileSource {
  const [own] = readModelFiles([versionFile]);
  const ancestors = modelFilesByHash(protocol, others);
  return async (id: bigint) => (id === versionId ? own : ancestors(id));
}

/** Reads model files, refusing a missing one in one line. */
function readModelFiles(files: readonly string[]): Uint8Array[] {
  return files.map((file) => {
    if (!fs.existsSync(file)) throw new ArgumentError(`no model file at ${file}`);
    return new Uint8Array(fs.readFileSync(file));
  });
}

/** Model files given by path, each standing for the version whose on-chain weightsHash it hashes to. */
export function modelFilesByHash(protocol: Protocol, files: readonly string[]): ModelFileSource {
  return modelFilesByHashOf(protocol, readModelFiles(files));
}
