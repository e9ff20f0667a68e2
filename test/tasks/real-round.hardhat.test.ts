import { realRoundSuite } from "../support/real-round";

// One node and one deployment for this file: two full rounds, the attacks, and bad input at every new task.
realRoundSuite("hardhat", { badInput: true });
