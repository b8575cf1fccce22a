package io.atrack.examples;

import java.util.concurrent.CompletableFuture;

/**
 * One SDK call of a flow: a label for the output, and the future the SDK returned for it.
 *
 * @param label what the call was, for example {@code "init server-user-42"}
 * @param future completes when the API acknowledged the request, fails when delivery gave up
 */
record Call(String label, CompletableFuture<?> future) {}
