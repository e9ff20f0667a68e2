/** snarkjs ships no types: src/zk/snarkjs.ts declares the parts Guardians uses and casts the module to them. */
declare module "snarkjs";
