// The journaled deployment on the in-process network lives with the other local deployments.
export { deployForTest, localConfig, tempDir } from "../../src/deployment/local/deployment";
