/**
 * circuits/circuits.json, the manifest of circuit instances, as data: bundled with the code (a JSON
 * import), so that Node and a browser look a circuit up the same way. The build pipeline reads the
 * file itself (src/zk/pipeline/manifest.ts's loadManifest) and also checks each source file exists.
 */
import manifestJson from "../../circuits/circuits.json";
import { UserError } from "../core/errors";

/** One circuit instance of circuits/circuits.json, in the spirit of circomkit's circuits.json. */
export interface CircuitSpec {
  /** Unique instance name, snake_case; also names the cache folder and the verifier contract. */
  name: string;
  /** Source file in circuits/, without the .circom extension. */
  file: string;
  /** Template instantiated as `main`. */
  template: string;
  /** Template parameters, in order. */
  params: number[];
  /** Public inputs of `main` (outputs are always public). */
  publicInputs: string[];
  /** Build group: each group shares one powers-of-tau and is built as a unit. */
  group: string;
  /** Whether a Solidity verifier is exported into contracts/generated/. */
  verifier: boolean;
}

export class ManifestError extends UserError {
  override name = "ManifestError";
}

const NAME = /^[a-z][a-z0-9_]*$/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Validates a parsed manifest; every problem is reported with the field that causes it. `where` names
 * the manifest in messages; `sourceExists` (Node's build) also checks that each "file" is in circuits/.
 */
export function parseManifest(raw: unknown, where: string, sourceExists: (file: string) => boolean = () => true): CircuitSpec[] {
  const entries = (raw as { circuits?: Record<string, unknown> } | null)?.circuits;
  if (!entries || typeof entries !== "object") throw new ManifestError(`${where}: missing "circuits" object`);
  return Object.entries(entries).map(([name, value]) => {
    const v = value as Record<string, unknown>;
    const at = `${where}: circuit "${name}"`;
    if (!NAME.test(name)) throw new ManifestError(`${at}: name must match ${NAME}`);
    if (typeof v.file !== "string" || !sourceExists(v.file))
      throw new ManifestError(`${at}: "file" must name a file in circuits/ (without .circom)`);
    if (typeof v.template !== "string" || !IDENT.test(v.template))
      throw new ManifestError(`${at}: "template" must be a circom identifier`);
    if (!Array.isArray(v.params) || !v.params.every((p) => Number.isSafeInteger(p) && p >= 0))
      throw new ManifestError(`${at}: "params" must be an array of non-negative integers`);
    if (!Array.isArray(v.publicInputs) || !v.publicInputs.every((p) => typeof p === "string" && IDENT.test(p)))
      throw new ManifestError(`${at}: "publicInputs" must be an array of signal names`);
    if (typeof v.group !== "string" || !NAME.test(v.group)) throw new ManifestError(`${at}: "group" must be a name`);
    if (typeof v.verifier !== "boolean") throw new ManifestError(`${at}: "verifier" must be true or false`);
    return {
      name,
      file: v.file,
      template: v.template,
      params: v.params as number[],
      publicInputs: v.publicInputs as string[],
      group: v.group,
      verifier: v.verifier,
    };
  });
}

/** Every circuit instance of circuits/circuits.json. */
export const CIRCUIT_SPECS: readonly CircuitSpec[] = parseManifest(manifestJson, "circuits/circuits.json");
