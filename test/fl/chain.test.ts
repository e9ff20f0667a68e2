import { expect } from "chai";
import { ethers } from "hardhat";

import { deployConfigPath, loadDeployConfig } from "../../scripts/config/deploy";
import { demoDeployConfig } from "../../src/fl/chain";

describe("fl/chain: the demo's deployment config", function () {
  for (const network of ["hardhat", "localhost"]) {
    it(`stretches ${network}'s challenge period over a whole proposal, and changes nothing else`, async function () {
      const [deployer] = await ethers.getSigners();
      const base = loadDeployConfig(deployConfigPath(network), await deployer.getAddress());
      const demo = demoDeployConfig(base);
      const g = base.governance;
      expect(demo.rounds.challengePeriod).to.be.greaterThan(
        g.votingDelay + g.votingPeriod + g.lateQuorumExtension + g.timelockDelay,
      );
      expect(demo.rounds.challengePeriod).to.be.at.least(base.rounds.challengePeriod);
      expect({ ...demo, rounds: { ...demo.rounds, challengePeriod: 0 } }).to.deep.equal({
        ...base,
        rounds: { ...base.rounds, challengePeriod: 0 },
      });
    });
  }
});
