import fs from "node:fs";
import path from "node:path";
import { formatEther } from "ethers";

import type { Progress } from "../../core/progress";
import { deployProtocol } from "../../deployment/deploy";
import { deployConfigPath, loadDeployConfig } from "../../deployment/config/deploy";
import { delegateVotes, stake, type Deployment } from "../../sdk";
import { Identity, SNARK_SCALAR_FIELD } from "../../zk";
import type { Enrolled, GasReport, GenesisModel } from "../driver";
import { REPORTED_CONTRACTS, type DeploymentRecord } from "../summary";
import { artifactHash, genesisArtifact, serializeArtifact } from "../../sdk/model/artifact";
import { DEMO_ECONOMICS, DemoChain, Member, derived, gasOf, mergeGas } from "./context";

/**
 * Deploys with the deployment of src/deployment, the genesis model being `genesis`'s model file (its
 * hash is the genesis weightsHash), then each member makes an identity, stakes from its own wallet and joins.
 */
export async function setup(chain: DemoChain, names: readonly string[], genesis: GenesisModel, p: Progress): Promise<Enrolled> {
  const { options, deployerSigner } = chain;
  // The label names the deployment's old path on purpose: the demo's output stays as it was.
  const step = p.step("deploy the protocol (deploy/deploy.ts)");
  // The shipped configs keep the challenge period longer than a whole proposal (validated on load),
  // so the demo's revocation lands in time.
  const shipped = loadDeployConfig(deployConfigPath(options.network), await deployerSigner.getAddress());
  const genesisFile = serializeArtifact(genesisArtifact(genesis.weights, genesis.fracBits));
  const config = {
    ...shipped,
    genesisModel: {
      weightsHash: artifactHash(genesisFile),
      uri: `guardians-demo://seed-${chain.seed}/version-1`,
      accuracyBps: Math.round(genesis.accuracy * 10_000),
    },
  };
  chain.deployConfig = config;
  fs.mkdirSync(options.outDir, { recursive: true });
  const journalPath = path.join(options.outDir, `deployment-${options.network}.json`);
  fs.rmSync(journalPath, { force: true });
  const result = await deployProtocol(deployerSigner, config, { network: options.network, journalPath, pollMs: 50 });
  chain.deployment = result.deployment;
  const deployer = await chain.session(deployerSigner);
  const genesisVersion = await deployer.protocol.modelRegistry.champion();
  chain.keepModelFile(genesisVersion, genesisFile);
  chain.deployerSession = deployer;
  step.done(`${result.transactionsSent} transactions, challenge period ${config.rounds.challengePeriod} s`);
  const gas: GasReport[] = [];
  // The deployer holds the token holders' votes in this demo: it delegates them to itself.
  gas.push(gasOf("delegate", ...(await delegateVotes(deployer, deployer.account))));

  for (const name of names) {
    const joining = p.step(`${name}: own wallet, identity, stake ${formatEther(DEMO_ECONOMICS.stake)} GRD, join the member tree`);
    const wallet = await chain.fundedWallet(name);
    const transfer = await deployer.send(`GRD to ${name}`, () =>
      deployer.protocol.token.transfer(wallet.address, DEMO_ECONOMICS.allowance),
    );
    const member: Member = {
      name,
      wallet,
      address: wallet.address,
      identity: new Identity((derived(chain.seed, `identity:${name}`) % (SNARK_SCALAR_FIELD - 1n)) + 1n),
      session: await chain.session(wallet, chain.provingBarOnly(name)),
    };
    const staked = await stake(member.session, DEMO_ECONOMICS.stake, member.identity.commitment);
    chain.members.set(name, member);
    gas.push(gasOf("transfer GRD", transfer), gasOf("stake", staked));
    joining.done(member.address);
  }
  const wb = await chain.fundedWallet("whistleblower");
  chain.whistleblower = { name: "whistleblower", address: wb.address, session: await chain.session(wb) };
  return { ...mergeGas(...gas), deployment: deploymentRecord(result.deployment) };
}

/** The journal and the addresses of the contracts the report names. */
function deploymentRecord(deployment: Deployment): DeploymentRecord {
  const address = (name: string) => {
    const found = deployment.addresses[name];
    if (!found) throw new Error(`the deployment in ${deployment.file} has no ${name}`);
    return found;
  };
  return {
    network: deployment.network,
    chainId: deployment.chainId,
    journal: deployment.file,
    contracts: {
      RoundManager: address(REPORTED_CONTRACTS[0]),
      ModelRegistry: address(REPORTED_CONTRACTS[1]),
      ParticipantRegistry: address(REPORTED_CONTRACTS[2]),
      GuardiansGovernor: address(REPORTED_CONTRACTS[3]),
    },
  };
}
