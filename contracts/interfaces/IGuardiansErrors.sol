// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IGuardiansErrors: the errors every Guardians contract may raise, declared once.
/// @notice Each protocol error carries the name of the contract (domain) that raises it, as
/// OpenZeppelin's errors do (`Governor…`, `ERC20…`): `ParticipantRegistry…`, `RoundManager…`,
/// `ContributionVerifier…`, `ModelRegistry…`, `GuardiansGovernor…`, `GuardiansVotes…`, `StakePosition…`.
/// The errors below are not one contract's: any protocol contract may raise them for the same reason,
/// so they carry the protocol's name, `Guardians…`, and are declared here only (as EAS's Common.sol
/// declares its shared errors once).
/// @dev An interface that the protocol interfaces inherit rather than file-level errors: a file-level
/// error appears only in the ABI of a contract that reverts with it, not in the ABI of the interfaces
/// (IRoundManager, IParticipantRegistry) that integrators and the SDK decode reverts with. Inheriting
/// this interface puts the shared errors in every such ABI, with one declaration.
interface IGuardiansErrors {
    /// @notice The zero address where an address is needed.
    error GuardiansZeroAddress();
    /// @notice An amount of zero where a positive amount is needed (a stake, top-up, deposit or withdrawal).
    error GuardiansZeroAmount();
}
