import fs from "node:fs";
import path from "node:path";
import { Interface, InterfaceAbi } from "ethers";
import type { Artifacts } from "hardhat/types";

/** Where each contract's ABI snapshot lives: one JSON file per contract, named after it. */
export const SNAPSHOT_DIR = path.join(__dirname, "snapshots");

/** Setting this variable rewrites the snapshots instead of checking them; nothing else ever writes them. */
export const UPDATE_ENV = "UPDATE_ABI_SNAPSHOTS";

/** Sources whose ABI is not ours to freeze: rendered verifiers (checked against their keys) and test/bench-only contracts. */
const UNSNAPSHOTTED_SOURCES = [/^contracts\/generated\//, /^contracts\/test\//];

/** A snapshot: the contract it came from and its ABI as sorted human-readable signatures (one per line in a diff). */
export interface AbiSnapshot {
  contract: string;
  abi: string[];
}

/** The ABI as sorted full human-readable fragments: names, indexed flags, mutability and return types included. */
export function readableAbi(abi: InterfaceAbi): string[] {
  return [...Interface.from(abi).format(false)].sort();
}

/** Every protocol contract with a non-empty ABI, by contract name; the fully qualified name is kept for messages. */
export async function protocolAbis(artifacts: Artifacts): Promise<Map<string, AbiSnapshot>> {
  const byName = new Map<string, AbiSnapshot>();
  for (const fullyQualifiedName of await artifacts.getAllFullyQualifiedNames()) {
    const [sourceName, contractName] = fullyQualifiedName.split(":");
    if (!sourceName.startsWith("contracts/") || UNSNAPSHOTTED_SOURCES.some((skip) => skip.test(sourceName))) continue;
    const artifact = await artifacts.readArtifact(fullyQualifiedName);
    if (artifact.abi.length === 0) continue;
    const previous = byName.get(contractName);
    if (previous) {
      throw new Error(`Two contracts are named ${contractName} (${previous.contract}, ${fullyQualifiedName}); rename one.`);
    }
    byName.set(contractName, { contract: fullyQualifiedName, abi: readableAbi(artifact.abi as InterfaceAbi) });
  }
  return byName;
}

export function snapshotPath(contractName: string): string {
  return path.join(SNAPSHOT_DIR, `${contractName}.json`);
}

/** The contract names that have a snapshot file. */
export function snapshottedNames(): string[] {
  if (!fs.existsSync(SNAPSHOT_DIR)) return [];
  return fs
    .readdirSync(SNAPSHOT_DIR)
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.slice(0, -".json".length))
    .sort();
}

export function readSnapshot(contractName: string): AbiSnapshot {
  return JSON.parse(fs.readFileSync(snapshotPath(contractName), "utf8")) as AbiSnapshot;
}

export function writeSnapshot(contractName: string, snapshot: AbiSnapshot): void {
  fs.mkdirSync(SNAPSHOT_DIR, { recursive: true });
  fs.writeFileSync(snapshotPath(contractName), `${JSON.stringify(snapshot, null, 2)}\n`);
}

/** What changed between two ABIs, as `- removed` and `+ added` lines; empty when they are the same. */
export function abiDiff(before: string[], after: string[]): string[] {
  const kept = new Set(after);
  const old = new Set(before);
  return [
    ...before.filter((line) => !kept.has(line)).map((line) => `- ${line}`),
    ...after.filter((line) => !old.has(line)).map((line) => `+ ${line}`),
  ];
}
