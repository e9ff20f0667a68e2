// The federated-training demo arrives with its own issue; until then, say so plainly.
console.error("npm run demo: the end-to-end federated training demo is not built yet (see docs/ARCHITECTURE.md).");
process.exitCode = 1;
