import type { NetworksUserConfig } from "hardhat/types";

/**
 * Remote networks Guardians knows about. Their RPC URLs come from the environment, never from a
 * committed file. Accounts are not configured here: tasks load a signer from an encrypted keystore
 * (see src/sdk/wallet.ts), so no key ever sits in this config.
 */
export const REMOTE_NETWORKS = {
  sepolia: { chainId: 11155111, rpcEnv: "SEPOLIA_RPC_URL" },
  baseSepolia: { chainId: 84532, rpcEnv: "BASE_SEPOLIA_RPC_URL" },
  arbitrumSepolia: { chainId: 421614, rpcEnv: "ARBITRUM_SEPOLIA_RPC_URL" },
} as const;

export function networksFromEnv(env: NodeJS.ProcessEnv = process.env): NetworksUserConfig {
  const networks: NetworksUserConfig = {
    hardhat: { chainId: 31337, allowUnlimitedContractSize: false },
    localhost: { url: env.LOCALHOST_RPC_URL ?? "http://127.0.0.1:8545", chainId: 31337 },
  };
  for (const [name, { chainId, rpcEnv }] of Object.entries(REMOTE_NETWORKS)) {
    const url = env[rpcEnv];
    // An unset URL still declares the network, so `--network sepolia` fails with a clear message
    // from the signer loader instead of Hardhat's "network not found".
    networks[name] = { url: url ?? `http://unset-${rpcEnv.toLowerCase()}.invalid`, chainId, accounts: [] };
  }
  return networks;
}
