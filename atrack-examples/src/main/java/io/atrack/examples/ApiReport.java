package io.atrack.examples;

import io.atrack.sdk.ATrackHttpException;
import io.atrack.sdk.Keys;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletionException;

/** Prints, for each call of a flow sent to the real API, whether it was delivered or why not. */
final class ApiReport implements Report {
  private final PrintStream out;
  private final String publicKey;

  ApiReport(PrintStream out, String publicKey) {
    this.out = out;
    this.publicKey = publicKey;
  }

  @Override
  public void flowDone(List<Call> calls) {
    for (Call call : calls) {
      String outcome = call.future().handle((value, error) -> outcome(error)).join();
      out.println("  " + call.label() + ": " + outcome);
    }
  }

  private String outcome(Throwable error) {
    if (error == null) {
      return "delivered";
    }
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    String status =
        cause instanceof ATrackHttpException http ? " (HTTP " + http.statusCode() + ")" : "";
    // The SDK never puts the whole key in a message; masking again costs nothing and keeps the
    // promise even for messages that come from elsewhere (a proxy's answer, say).
    String message =
        cause.getMessage() == null ? "" : ": " + Keys.redact(cause.getMessage(), publicKey);
    return "FAILED " + cause.getClass().getSimpleName() + status + message;
  }
}
