import { realRoundSuite } from "../support/real-round";

// The same two rounds and attacks against Anvil, a second, independent node implementation.
realRoundSuite("anvil", { badInput: false });
