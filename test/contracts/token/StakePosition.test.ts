import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";

import { BOND_DEPOSIT, GRD, SUPPLY, USER_BALANCE, deployProtocolWithMocks, identityCommitment } from "../../support/protocol";

describe("GuardiansToken and StakePosition", () => {
  async function withStaker() {
    const p = await deployProtocolWithMocks();
    const [alice, bob] = p.users;
    await p.registry.connect(alice).stake(GRD(150), identityCommitment(11n));
    return { ...p, alice, bob };
  }

  it("mints the whole GRD supply to the treasury, on a timestamp clock", async () => {
    const { token, treasury, users } = await loadFixture(deployProtocolWithMocks);
    expect(await token.totalSupply()).to.equal(SUPPLY);
    expect(await token.balanceOf(treasury)).to.equal(SUPPLY - 11n * USER_BALANCE);
    // Each funded account put BOND_DEPOSIT of its GRD into its RoundManager bond balance.
    expect(await token.balanceOf(users[0])).to.equal(USER_BALANCE - BOND_DEPOSIT);
    expect(await token.CLOCK_MODE()).to.equal("mode=timestamp");
  });

  it("lets only the registry mint or burn positions", async () => {
    const { stakePosition, alice } = await loadFixture(withStaker);
    await expect(stakePosition.connect(alice).mint(alice, 1n))
      .to.be.revertedWithCustomError(stakePosition, "StakePositionUnauthorized")
      .withArgs(alice.address);
    await expect(stakePosition.connect(alice).burn(alice, 1n))
      .to.be.revertedWithCustomError(stakePosition, "StakePositionUnauthorized")
      .withArgs(alice.address);
  });

  it("cannot be transferred or moved by an allowance", async () => {
    const { stakePosition, alice, bob } = await loadFixture(withStaker);
    await expect(stakePosition.connect(alice).transfer(bob, 1n)).to.be.revertedWithCustomError(
      stakePosition,
      "StakePositionNonTransferable",
    );
    await stakePosition.connect(alice).approve(bob, 1n);
    await expect(stakePosition.connect(bob).transferFrom(alice, bob, 1n)).to.be.revertedWithCustomError(
      stakePosition,
      "StakePositionNonTransferable",
    );
  });

  it("self-delegates on the first mint, and the holder may re-delegate its weight", async () => {
    const { stakePosition, alice, bob } = await loadFixture(withStaker);
    expect(await stakePosition.delegates(alice)).to.equal(alice.address);
    expect(await stakePosition.getVotes(alice)).to.equal(GRD(150));
    await stakePosition.connect(alice).delegate(bob);
    expect(await stakePosition.getVotes(alice)).to.equal(0n);
    expect(await stakePosition.getVotes(bob)).to.equal(GRD(150));
    expect(await stakePosition.CLOCK_MODE()).to.equal("mode=timestamp");
  });
});
