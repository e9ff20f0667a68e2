/**
 * The typechain factories the SDK connects to deployed contracts with, each imported from its own
 * file: the typechain-types index loads every contract's factory, bytecode included, which costs each
 * CLI process over a second before it does anything. The types come from the index (erased at run time).
 */
export { GuardiansGovernor__factory } from "../../typechain-types/factories/contracts/governance/GuardiansGovernor__factory";
export { GuardiansTimelock__factory } from "../../typechain-types/factories/contracts/governance/GuardiansTimelock__factory";
export { GuardiansVotes__factory } from "../../typechain-types/factories/contracts/governance/GuardiansVotes__factory";
export { ModelRegistry__factory } from "../../typechain-types/factories/contracts/governance/ModelRegistry__factory";
export { GuardiansToken__factory } from "../../typechain-types/factories/contracts/token/GuardiansToken__factory";
export { StakePosition__factory } from "../../typechain-types/factories/contracts/token/StakePosition__factory";
export { ParticipantRegistry__factory } from "../../typechain-types/factories/contracts/ParticipantRegistry__factory";
export { RoundManager__factory } from "../../typechain-types/factories/contracts/RoundManager__factory";
export { IAggregationVerifier__factory } from "../../typechain-types/factories/contracts/interfaces/IAggregationVerifier__factory";
