const POLL_INTERVAL_MS = 200;

/** Retries an assertion until it passes or `timeoutMs` elapses (then rethrows its last failure). */
export const eventually = async (assertion: () => Promise<void>, timeoutMs = 20_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
  }
};
