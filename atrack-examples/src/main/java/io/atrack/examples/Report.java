package io.atrack.examples;

import java.util.List;

/** Shows what became of one flow's calls, after waiting for them so the output stays in order. */
interface Report {
  void flowDone(List<Call> calls);
}
