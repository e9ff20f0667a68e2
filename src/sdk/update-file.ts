import fs from "node:fs";
import path from "node:path";

import { ArgumentError } from "./errors";

/**
 * Reads a model update: a JSON array of numbers, or a 1-D little-endian float32/float64 .npy
 * array (what numpy.save writes for an update vector). Every malformed input is one clear line.
 */
export function readUpdateFile(file: string): number[] {
  if (!fs.existsSync(file)) throw new ArgumentError(`update file ${file} not found`);
  const data = fs.readFileSync(file);
  const values =
    path.extname(file).toLowerCase() === ".npy" ? parseNpy(data, file) : parseJsonUpdate(data.toString("utf8"), file);
  if (values.length === 0) throw new ArgumentError(`update file ${file} is empty`);
  values.forEach((x, i) => {
    if (!Number.isFinite(x)) throw new ArgumentError(`update file ${file}: element ${i} is not a finite number`);
  });
  return values;
}

function parseJsonUpdate(text: string, file: string): number[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ArgumentError(`update file ${file} is not valid JSON (expected an array of numbers)`);
  }
  if (!Array.isArray(parsed)) throw new ArgumentError(`update file ${file} must hold a JSON array of numbers`);
  const bad = parsed.findIndex((x) => typeof x !== "number");
  if (bad >= 0) throw new ArgumentError(`update file ${file}: element ${bad} is ${JSON.stringify(parsed[bad])}, not a number`);
  return parsed as number[];
}

const NPY_MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);

/** A minimal .npy reader (format versions 1–3): 1-D, C order, '<f4' or '<f8'. */
function parseNpy(data: Buffer, file: string): number[] {
  if (data.length < 10 || !data.subarray(0, 6).equals(NPY_MAGIC)) throw new ArgumentError(`${file} is not a .npy file`);
  const major = data[6];
  const headerLength = major === 1 ? data.readUInt16LE(8) : data.readUInt32LE(8);
  const headerStart = major === 1 ? 10 : 12;
  const header = data.subarray(headerStart, headerStart + headerLength).toString("latin1");
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*True/.test(header);
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  const dims = (shape ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  if (fortran || dims.length !== 1)
    throw new ArgumentError(`${file}: the update must be a 1-D array, got shape (${shape ?? "?"})`);
  const body = data.subarray(headerStart + headerLength);
  const width = descr === "<f8" ? 8 : descr === "<f4" ? 4 : 0;
  if (!width) throw new ArgumentError(`${file}: dtype ${descr} is not supported (use float32 or float64)`);
  if (body.length < dims[0] * width) throw new ArgumentError(`${file} is truncated`);
  return Array.from({ length: dims[0] }, (_, i) => (width === 8 ? body.readDoubleLE(i * width) : body.readFloatLE(i * width)));
}
