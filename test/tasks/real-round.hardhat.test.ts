import { realRoundSuite } from "../support/real-round";

// One node and one deployment for this file: docs/OPERATIONS.md's walkthrough verbatim (setup and
// round 1), then round 2 with the attacks, and bad input at every new task.
realRoundSuite("hardhat", { start: "walkthrough", badInput: true });
