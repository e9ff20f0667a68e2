import { realRoundSuite } from "../support/real-round";

// The same rounds and attacks against Anvil, a second, independent node implementation: both rounds
// played by the suite itself.
realRoundSuite("anvil", { start: "fresh", badInput: false });
