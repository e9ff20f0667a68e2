import { scope, types } from "hardhat/config";

import { runCli } from "../src/cli/errors";

/*
 * local <task>: conveniences of a development node (hardhat, localhost). Both refuse any other
 * network in one line, before sending anything.
 */
const local = scope("local", "Development node only (hardhat, localhost): fund an account with ETH, move the clock");

local
  .task("fund", "Gives an address ETH for gas on a local node (setBalance when the node has it, else a transfer)")
  .addParam("to", "Address to fund", undefined, types.string)
  .addOptionalParam("eth", "ETH to add", "10", types.string)
  .setAction(async (args: { to: string; eth: string }, hre) =>
    runCli(async () => {
      const sdk = await import("../src/sdk");
      const { parseEther, formatEther } = await import("ethers");
      sdk.requireLocalNetwork(hre.network.name, "local fund");
      const to = sdk.parseAddress(args.to, "to");
      if (!/^\d+(\.\d{1,18})?$/.test(args.eth.trim()))
        throw new sdk.ArgumentError(`--eth must be an amount of ETH like 10 or 0.5, got "${args.eth}"`);
      const funded = await sdk.fundLocal(hre.ethers.provider, hre.network.name, to, parseEther(args.eth.trim()), async () => {
        const [first] = await hre.ethers.getSigners();
        return first;
      });
      console.log(`funded: ${funded.address} with ${args.eth.trim()} ETH (${funded.method})`);
      console.log(`ETH balance: ${formatEther(funded.balance)} ETH`);
    }),
  );

local
  .task("advance", "Moves a local node's clock forward and mines a block (evm_increaseTime + evm_mine)")
  .addParam("seconds", "Seconds to move forward (0 just mines a block)", undefined, types.int)
  .setAction(async (args: { seconds: number }, hre) =>
    runCli(async () => {
      const sdk = await import("../src/sdk");
      const block = await sdk.advanceLocal(hre.ethers.provider, hre.network.name, args.seconds);
      console.log(`block: ${block.blockNumber}`);
      console.log(`time: ${new Date(block.timestamp * 1000).toISOString()} (${block.timestamp})`);
    }),
  );
