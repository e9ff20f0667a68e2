import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";

const CONTRACTS = path.resolve(__dirname, "..", "..", "contracts");
/** Rendered by zk:build from snarkjs's template and checked against the keys instead (see .solhintignore). */
const RENDERED = path.join(CONTRACTS, "generated");

function solidityFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return full === RENDERED ? [] : solidityFiles(full);
    return entry.name.endsWith(".sol") ? [full] : [];
  });
}

/** Every `solhint-disable…` comment that is not scoped to one line and to named rules. */
function blanketDisables(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/solhint-(disable|enable)(-next-line|-line)?([^\n*]*)/g)) {
    const [comment, , scope, rules] = match;
    if (!scope || rules.trim() === "") found.push(comment.trim());
  }
  return found;
}

describe("solhint disables in contracts/", () => {
  it("are each scoped to one line and name the rules they silence: no blanket disables", () => {
    const offenders = solidityFiles(CONTRACTS).flatMap((file) =>
      blanketDisables(fs.readFileSync(file, "utf8")).map((comment) => `${path.relative(CONTRACTS, file)}: ${comment}`),
    );
    expect(offenders).to.deep.equal([]);
  });

  it("recognise a file-wide or rule-less disable as blanket, and a one-line, one-rule disable as scoped", () => {
    expect(blanketDisables("// solhint-disable\ncontract A {}")).to.deep.equal(["solhint-disable"]);
    expect(blanketDisables("/* solhint-disable no-inline-assembly */")).to.deep.equal(["solhint-disable no-inline-assembly"]);
    expect(blanketDisables("// solhint-disable-next-line\nuint x;")).to.deep.equal(["solhint-disable-next-line"]);
    expect(blanketDisables("// solhint-disable-next-line func-name-mixedcase\nfunction CLOCK_MODE() {}")).to.deep.equal([]);
  });
});
