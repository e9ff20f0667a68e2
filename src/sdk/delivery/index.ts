/** Encrypted delivery of a contribution's opening to the round's aggregator, and the evidence when it fails. */
export {
  type AggregatorKeyPair,
  type AggregatorPublicKey,
  type Opening,
  type OpeningContext,
  type OpeningResult,
  type OpeningShape,
  OPENING_DOMAIN_TAG,
  OPENING_FORMAT_VERSION,
  aggregatorPublicKeyOf,
  decryptOpening,
  encryptOpening,
  generateAggregatorKey,
  openWithSharedPoint,
  openingAad,
  openingCiphertextLength,
  parseAggregatorPublicKey,
} from "./envelope";
export { type DeliveryEvidence, type EvidenceCheck, DLEQ_DOMAIN_TAG, checkDeliveryEvidence, deliveryEvidence } from "./evidence";
