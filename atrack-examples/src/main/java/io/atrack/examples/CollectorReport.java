package io.atrack.examples;

import io.atrack.sdk.Keys;
import io.atrack.testkit.FakeCollector;
import io.atrack.testkit.RecordedRequest;
import java.io.PrintStream;
import java.util.List;

/** Prints every request the fake collector received during a flow: what went over the wire. */
final class CollectorReport implements Report {
  private final FakeCollector collector;
  private final PrintStream out;
  private int printed;

  CollectorReport(FakeCollector collector, PrintStream out) {
    this.collector = collector;
    this.out = out;
  }

  @Override
  public void flowDone(List<Call> calls) {
    // A future completes only after the collector answered, and the collector records a request
    // before answering it: once every future is done, the flow's requests are all recorded.
    // join() throws if a call failed, which against the fake collector would be a bug.
    calls.forEach(call -> call.future().join());
    List<RecordedRequest> all = collector.requests();
    for (RecordedRequest request : all.subList(printed, all.size())) {
      print(request);
    }
    printed = all.size();
  }

  private void print(RecordedRequest request) {
    String key = request.header("x-a-track-key");
    out.println(
        "  "
            + request.method()
            + " "
            + request.path()
            + "   x-a-track-key: "
            + (key == null ? "(none)" : Keys.mask(key)));
    // The body exactly as sent: one line of JSON, keys in the order the API expects.
    out.println("    " + request.rawBody());
  }
}
