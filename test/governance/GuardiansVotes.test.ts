import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";

import { GOVERNANCE_PARAMS, HOLDINGS, deployGovernance } from "../support/governance";

describe("GuardiansVotes", () => {
  it("names the two tokens it reads", async () => {
    const { votes, token, position } = await loadFixture(deployGovernance);
    expect(await votes.token()).to.equal(await token.getAddress());
    expect(await votes.stakePosition()).to.equal(await position.getAddress());
  });

  it("gives a staker its staked GRD as votes through sGRD, while the registry holding the GRD has none", async () => {
    const { votes, token, position, staking, carol } = await loadFixture(deployGovernance);
    expect(await token.balanceOf(carol.address)).to.equal(0n);
    expect(await position.getVotes(carol.address)).to.equal(HOLDINGS.carol);
    expect(await votes.getVotes(carol.address)).to.equal(HOLDINGS.carol);
    expect(await votes.getVotes(await staking.getAddress())).to.equal(0n);
  });

  it("counts GRD and sGRD together for an account holding both", async () => {
    const { votes, token, staking, alice } = await loadFixture(deployGovernance);
    const staked = ethers.parseEther("10000");
    await token.connect(alice).approve(await staking.getAddress(), staked);
    await staking.connect(alice).stake(staked);
    expect(await token.getVotes(alice.address)).to.equal(HOLDINGS.alice - staked);
    expect(await votes.getVotes(alice.address)).to.equal(HOLDINGS.alice);
  });

  it("reads both checkpoints at the same past timepoint", async () => {
    const { votes, staking, carol } = await loadFixture(deployGovernance);
    const before = await time.latest();
    await mine();
    await staking.connect(carol).unstake(HOLDINGS.carol / 2n);
    const after = await time.latest();
    await mine();
    expect(await votes.getPastVotes(carol.address, before)).to.equal(HOLDINGS.carol);
    // Unstaked GRD goes back to carol, who never delegated GRD: half her weight is gone until she does.
    expect(await votes.getPastVotes(carol.address, after)).to.equal(HOLDINGS.carol / 2n);
  });

  it("takes the quorum base from GRD's supply alone, so staked GRD is not counted twice", async () => {
    const { votes, token, position } = await loadFixture(deployGovernance);
    const timepoint = (await time.latest()) - 1;
    expect(await position.getPastTotalSupply(timepoint)).to.equal(HOLDINGS.carol);
    expect(await votes.getPastTotalSupply(timepoint)).to.equal(await token.getPastTotalSupply(timepoint));
    expect(await votes.getPastTotalSupply(timepoint)).to.equal(GOVERNANCE_PARAMS.supply);
  });

  it("refuses a future timepoint as the tokens do", async () => {
    const { votes, token, alice } = await loadFixture(deployGovernance);
    const now = await time.latest();
    await expect(votes.getPastVotes(alice.address, now + 10)).to.be.revertedWithCustomError(token, "ERC5805FutureLookup");
  });

  it("runs the timestamp clock, which the Governor adopts", async () => {
    const { votes, governor } = await loadFixture(deployGovernance);
    expect(await votes.CLOCK_MODE()).to.equal("mode=timestamp");
    expect(await governor.CLOCK_MODE()).to.equal("mode=timestamp");
    expect(await votes.clock()).to.equal(await time.latest());
    expect(await governor.clock()).to.equal(await votes.clock());
    expect(await governor.token()).to.equal(await votes.getAddress());
  });

  it("refuses to delegate: delegation happens on GRD and sGRD, whose delegates it reports", async () => {
    const { votes, alice, carol } = await loadFixture(deployGovernance);
    await expect(votes.delegate(alice.address)).to.be.revertedWithCustomError(votes, "GuardiansVotesDelegationUnsupported");
    await expect(votes.delegates(alice.address)).to.be.revertedWithCustomError(votes, "GuardiansVotesDelegationUnsupported");
    await expect(votes.delegateBySig(alice.address, 0n, 0n, 27, ethers.ZeroHash, ethers.ZeroHash)).to.be.revertedWithCustomError(
      votes,
      "GuardiansVotesDelegationUnsupported",
    );
    expect(await votes.delegatesOf(alice.address)).to.deep.equal([alice.address, ethers.ZeroAddress]);
    expect(await votes.delegatesOf(carol.address)).to.deep.equal([ethers.ZeroAddress, carol.address]);
  });

  it("follows a re-delegation of the stake position to another account", async () => {
    const { votes, position, bob, carol } = await loadFixture(deployGovernance);
    await position.connect(carol).delegate(bob.address);
    expect(await votes.getVotes(carol.address)).to.equal(0n);
    expect(await votes.getVotes(bob.address)).to.equal(HOLDINGS.bob + HOLDINGS.carol);
  });

  it("refuses tokens that do not run the timestamp clock", async () => {
    const { token } = await loadFixture(deployGovernance);
    const blockClock = await ethers.deployContract("MockBlockClockVotes");
    const factory = await ethers.getContractFactory("GuardiansVotes");
    await expect(factory.deploy(await token.getAddress(), await blockClock.getAddress())).to.be.revertedWithCustomError(
      factory,
      "GuardiansVotesClockMismatch",
    );
    await expect(factory.deploy(await blockClock.getAddress(), await token.getAddress())).to.be.revertedWithCustomError(
      factory,
      "GuardiansVotesClockMismatch",
    );
  });
});
