package io.atrack.sdk.outbox;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.AttributesRequest;
import io.atrack.sdk.RequestKind;
import io.atrack.sdk.TrackRequest;
import io.atrack.testkit.RecordedRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Calls that carry their user's sequence number ({@code seq}), made through any number of clients
 * one after another (the same numbering goes on across a restart), and the check of what a
 * collector received against them.
 *
 * <p>The check allows duplicates (at least once across restarts) but only with the same {@code
 * eventId}, and checks per-user order on <em>first</em> arrivals, which duplicates cannot disturb:
 * a state change is first sent only after every earlier call of its user finished, so its first
 * arrival follows their first arrivals; an event's first arrival follows the first arrivals of the
 * state changes before it. Not thread-safe: one test thread makes the calls.
 */
final class Ledger {
  /** One call made. */
  record Call(String uuid, int seq, RequestKind kind, CompletableFuture<?> future) {}

  private final Map<String, Integer> seqs = new HashMap<>();
  private final List<Call> calls = new ArrayList<>();
  private final String pad;

  Ledger() {
    this(0);
  }

  /** Calls whose attributes carry {@code padding} more characters, to make bigger bodies. */
  Ledger(int padding) {
    this.pad = "x".repeat(padding);
  }

  private Map<String, Object> attributes(int seq) {
    return pad.isEmpty() ? Map.of("seq", seq) : Map.of("seq", seq, "pad", pad);
  }

  /** An event for {@code uuid}, or every {@code stateEvery}-th call a {@code setAttributes}. */
  Call call(ATrack sdk, String uuid, int stateEvery) {
    int seq = seqs.merge(uuid, 1, Integer::sum) - 1;
    Call c;
    if (stateEvery > 0 && seq % stateEvery == 0) {
      c =
          new Call(
              uuid,
              seq,
              RequestKind.ATTRIBUTES,
              sdk.setAttributes(
                  AttributesRequest.builder().uuid(uuid).attributes(attributes(seq)).build()));
    } else {
      c =
          new Call(
              uuid,
              seq,
              RequestKind.EVENT,
              sdk.track(
                  TrackRequest.builder("step").uuid(uuid).attributes(attributes(seq)).build()));
    }
    calls.add(c);
    return c;
  }

  /** Records a call made elsewhere (another process), by its user and sequence number. */
  void made(String uuid, int seq, RequestKind kind) {
    seqs.merge(uuid, seq + 1, Math::max);
    calls.add(new Call(uuid, seq, kind, CompletableFuture.completedFuture(null)));
  }

  List<Call> calls() {
    return calls;
  }

  private record Key(String uuid, int seq) {}

  /** Every call's request in {@code log}: its first arrival and the eventIds seen. */
  private static Map<Key, Object[]> arrivals(List<RecordedRequest> log, List<String> problems) {
    Map<Key, Object[]> arrivals = new HashMap<>();
    for (int i = 0; i < log.size(); i++) {
      Map<String, Object> body = log.get(i).body();
      Object attrs = body.get("attributes");
      Object seq = attrs instanceof Map<?, ?> m ? m.get("seq") : null;
      if (!(seq instanceof Integer n)) {
        problems.add("unexpected request #" + i + ": " + log.get(i));
        continue;
      }
      Key key = new Key((String) body.get("uuid"), n);
      Object[] a = arrivals.computeIfAbsent(key, k -> new Object[] {null, new HashSet<>()});
      if (a[0] == null) {
        a[0] = i;
      }
      @SuppressWarnings("unchecked")
      Set<Object> ids = (Set<Object>) a[1];
      ids.add(body.getOrDefault("eventId", "-"));
    }
    return arrivals;
  }

  /**
   * The problems found in {@code log} (at most {@code max} listed) for the calls made: empty when
   * each arrived at least once, duplicates only with the same eventId, and per-user order held.
   */
  List<String> check(List<RecordedRequest> log, int max) {
    List<String> problems = new ArrayList<>();
    Map<Key, Object[]> arrivals = arrivals(log, problems);
    Map<String, List<Call>> byUser = new HashMap<>();
    for (Call c : calls) {
      byUser.computeIfAbsent(c.uuid(), u -> new ArrayList<>()).add(c);
    }
    int missing = 0;
    int disordered = 0;
    for (List<Call> userCalls : byUser.values()) {
      userCalls.sort((a, b) -> Integer.compare(a.seq(), b.seq()));
      int lastFirstOfAll = -1;
      int lastFirstOfStateChanges = -1;
      for (Call c : userCalls) {
        Object[] a = arrivals.get(new Key(c.uuid(), c.seq()));
        if (a == null) {
          if (missing++ < max) {
            problems.add("never arrived: " + c.kind() + " " + c.uuid() + " seq " + c.seq());
          }
          continue;
        }
        int first = (Integer) a[0];
        if (((Set<?>) a[1]).size() > 1) {
          problems.add(c.uuid() + " seq " + c.seq() + " arrived with eventIds " + a[1]);
        }
        int mustFollow = c.kind().isStateChange() ? lastFirstOfAll : lastFirstOfStateChanges;
        if (first <= mustFollow && disordered++ < max) {
          problems.add(
              c.kind()
                  + " "
                  + c.uuid()
                  + " seq "
                  + c.seq()
                  + " first arrived as #"
                  + first
                  + ", before the first arrival #"
                  + mustFollow
                  + " of an earlier call");
        }
        lastFirstOfAll = Math.max(lastFirstOfAll, first);
        if (c.kind().isStateChange()) {
          lastFirstOfStateChanges = Math.max(lastFirstOfStateChanges, first);
        }
      }
    }
    if (missing > 0) {
      problems.add(missing + " call(s) never arrived");
    }
    if (disordered > 0) {
      problems.add(disordered + " call(s) out of per-user order");
    }
    return problems;
  }
}
