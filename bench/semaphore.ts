/**
 * Semaphore v4, measured for the gas benchmark's side-by-side anchors (bench/anchors.ts), on the same node and with
 * the same compiler settings as Guardians:
 *
 * - `Semaphore` and `SemaphoreVerifier` come from the pinned @semaphore-protocol/contracts package (compiled through
 *   contracts/test/bench/SemaphoreAnchors.sol), `Semaphore` linked against PoseidonT3 as its LeanIMT requires;
 * - `addMember` is measured like Guardians' `stake` and the member-tree floor: the group is filled with `addMembers`
 *   in batches, then single `addMember` calls are measured at the next indices (1,000–1,009 for 1,000 members);
 * - `validateProof` is measured on real proofs: identities from @semaphore-protocol/identity, the group mirrored
 *   off-chain with @zk-kit/lean-imt and Poseidon2 exactly as Semaphore's `Group` does, and Groth16 proofs made with
 *   snarkjs from Semaphore's published proving artifacts (the @zk-kit/semaphore-artifacts package, whose verification
 *   keys are those compiled into `SemaphoreVerifier`).
 */
import path from "node:path";
import { ethers } from "hardhat";
import { Identity } from "@semaphore-protocol/identity";
import { LeanIMT } from "@zk-kit/lean-imt";
import { poseidon2 } from "poseidon-lite";

import { snark } from "../src/zk/pipeline/snarkjs";
import { GasLog } from "./gas-log";

const CONTRACTS_PACKAGE = "@semaphore-protocol/contracts";
const ARTIFACTS_PACKAGE = "@zk-kit/semaphore-artifacts";
/** Filling the group: the same batch size as the member-tree floor's prefill in bench/gas.ts. */
const BATCH = 250;

function packageVersion(name: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a package.json by computed name: import cannot take one
  return (require(`${name}/package.json`) as { version: string }).version;
}

/** Semaphore's message and scope hash (packages/proof/src/hash.ts): keccak256 of the 32-byte value, shifted into the field. */
export function semaphoreHash(value: bigint): bigint {
  return BigInt(ethers.keccak256(ethers.toBeHex(value, 32))) >> 8n;
}

export interface SemaphoreMeasurement {
  /** `addMember` and `validateProof`, each with its average and maximum. */
  gas: GasLog;
  /** What was measured, for the results file and the report. */
  description: string;
}

export async function measureSemaphore(options: {
  prefilled: number;
  samples: number;
  proofs: number;
}): Promise<SemaphoreMeasurement> {
  const { prefilled, samples, proofs } = options;
  if (proofs > samples) throw new Error("the provers are among the measured members: proofs must not exceed samples");
  const gas = new GasLog();
  const [admin] = await ethers.getSigners();

  process.stdout.write(`semaphore: deriving ${prefilled + samples} identities…\n`);
  const identities = Array.from({ length: prefilled + samples }, (_, i) => new Identity(`guardians-bench-semaphore-${i}`));
  const group = new LeanIMT<bigint>((a, b) => poseidon2([a, b]));

  const poseidonT3 = await (await ethers.deployContract("PoseidonT3")).getAddress();
  const verifier = await ethers.deployContract("SemaphoreVerifier");
  const semaphoreFactory = await ethers.getContractFactory("Semaphore", { libraries: { PoseidonT3: poseidonT3 } });
  const semaphore = await semaphoreFactory.deploy(await verifier.getAddress());
  await semaphore.waitForDeployment();
  await (await semaphore.connect(admin).getFunction("createGroup()")()).wait();
  const groupId = (await semaphore.getFunction("groupCounter")()) - 1n;

  process.stdout.write(`semaphore: filling the group with ${prefilled} members…\n`);
  const prefill = identities.slice(0, prefilled).map((identity) => identity.commitment);
  for (let i = 0; i < prefill.length; i += BATCH) {
    const batch = prefill.slice(i, i + BATCH);
    await (await semaphore.getFunction("addMembers")(groupId, batch)).wait();
    group.insertMany(batch);
  }
  for (const identity of identities.slice(prefilled)) {
    await gas.record("addMember", semaphore.getFunction("addMember")(groupId, identity.commitment));
    group.insert(identity.commitment);
  }
  const root = (await semaphore.getFunction("getMerkleTreeRoot")(groupId)) as bigint;
  if (root !== group.root) throw new Error(`semaphore: the on-chain root ${root} is not the mirrored group's ${group.root}`);

  // Real proofs from the first measured members, one scope (like one round), a 32-byte message each.
  const depth = group.depth;
  const artifacts = path.dirname(require.resolve(`${ARTIFACTS_PACKAGE}/package.json`));
  const scope = BigInt(ethers.id("guardians-bench: semaphore scope"));
  process.stdout.write(`semaphore: proving ${proofs} memberships (depth ${depth})…\n`);
  for (let k = 0; k < proofs; k++) {
    const identity = identities[prefilled + k];
    const merkleProof = group.generateProof(group.indexOf(identity.commitment));
    const siblings = [...merkleProof.siblings];
    while (siblings.length < depth) siblings.push(0n);
    const message = BigInt(ethers.id(`guardians-bench: semaphore message ${k}`));
    const { proof, publicSignals } = await snark.groth16.fullProve(
      {
        secret: identity.secretScalar,
        merkleProofLength: merkleProof.siblings.length,
        merkleProofIndex: merkleProof.index,
        merkleProofSiblings: siblings,
        scope: semaphoreHash(scope),
        message: semaphoreHash(message),
      },
      path.join(artifacts, `semaphore-${depth}.wasm`),
      path.join(artifacts, `semaphore-${depth}.zkey`),
    );
    const semaphoreProof = {
      merkleTreeDepth: depth,
      merkleTreeRoot: merkleProof.root,
      nullifier: BigInt(publicSignals[1]),
      message,
      scope,
      // @zk-kit/utils packGroth16Proof: B's coordinates swapped for the precompile.
      points: [
        proof.pi_a[0],
        proof.pi_a[1],
        proof.pi_b[0][1],
        proof.pi_b[0][0],
        proof.pi_b[1][1],
        proof.pi_b[1][0],
        proof.pi_c[0],
        proof.pi_c[1],
      ],
    };
    if (!(await semaphore.getFunction("verifyProof")(groupId, semaphoreProof))) {
      throw new Error(`semaphore: the verifier rejects a proof made with ${ARTIFACTS_PACKAGE} for depth ${depth}`);
    }
    await gas.record("validateProof", semaphore.getFunction("validateProof")(groupId, semaphoreProof));
  }

  const n = (value: number) => value.toLocaleString("en-US");
  const description =
    `Semaphore v4: \`Semaphore\` and \`SemaphoreVerifier\` from ${CONTRACTS_PACKAGE} ${packageVersion(CONTRACTS_PACKAGE)} ` +
    `(this project's compiler settings), a group filled with ${n(prefilled)} members by \`addMembers\`, ` +
    `\`addMember\` measured at indices ${n(prefilled)}–${n(prefilled + samples - 1)}, \`validateProof\` on ${proofs} real ` +
    `depth-${depth} proofs made with snarkjs from ${ARTIFACTS_PACKAGE} ${packageVersion(ARTIFACTS_PACKAGE)}`;
  return { gas, description };
}
