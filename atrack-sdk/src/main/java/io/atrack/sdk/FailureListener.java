package io.atrack.sdk;

/**
 * Told of each request that finally fails (after retries, or rejected), on the thread that decided
 * it: a delivery thread, the caller's, or the one closing the client. Keep it quick and
 * non-blocking; an exception it throws is logged and ignored.
 */
@FunctionalInterface
public interface FailureListener {
  /**
   * Called once per failed or rejected request.
   *
   * @param failure what failed and why
   */
  void onFailure(DeliveryFailure failure);
}
