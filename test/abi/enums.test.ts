import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";

import { PROJECT_ROOT } from "../../src/core/paths";
import { ACTIVATION_KINDS, ATTESTATION_STATUSES, MEMBER_STATUSES, ROUND_STATUSES, VERSION_STATUSES } from "../../src/sdk/enums";

const INTERFACES = path.join(PROJECT_ROOT, "contracts", "interfaces");

/**
 * The members of `enum <name> { … }` in one of contracts/interfaces/*.sol, in declaration order. The
 * ABI snapshots hold enum-typed values as uint8 only, so the Solidity source is where the names are.
 */
function solidityEnum(file: string, name: string): string[] {
  const source = fs.readFileSync(path.join(INTERFACES, file), "utf8").replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, "");
  const match = new RegExp(`enum\\s+${name}\\s*\\{([^}]*)\\}`).exec(source);
  if (!match) throw new Error(`no enum ${name} in contracts/interfaces/${file}`);
  return match[1]
    .split(",")
    .map((member) => member.trim())
    .filter(Boolean);
}

describe("src/sdk/enums mirrors the Solidity enums", () => {
  const cases: Array<[string, string, readonly string[]]> = [
    ["IParticipantRegistry.sol", "MemberStatus", MEMBER_STATUSES],
    ["IRoundManager.sol", "RoundStatus", ROUND_STATUSES],
    ["IRoundManager.sol", "AttestationStatus", ATTESTATION_STATUSES],
    ["IModelRegistry.sol", "VersionStatus", VERSION_STATUSES],
    ["IGuardiansModelRegistry.sol", "ActivationKind", ACTIVATION_KINDS],
  ];
  for (const [file, name, mirror] of cases) {
    it(`${name} (${file}): same members, same order`, () => {
      expect([...mirror]).to.deep.equal(solidityEnum(file, name));
    });
  }
});
