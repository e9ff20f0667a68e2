import { expect } from "chai";

/** Awaits `promise`, expecting it to reject with an instance of `type` whose message matches. */
export async function expectRejection<E extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
  message?: RegExp,
): Promise<E> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, "expected a rejection").to.be.instanceOf(type);
  if (message) expect((caught as Error).message).to.match(message);
  return caught as E;
}
