package io.atrack.sdk.delivery;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.AttributesRequest;
import io.atrack.sdk.InitRequest;
import io.atrack.sdk.RequestKind;
import io.atrack.sdk.TrackRequest;
import io.atrack.testkit.RecordedRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes calls that carry their user's call sequence number ({@code seq} attribute), and checks what
 * a collector received against them: every call arrived, events kept one {@code eventId}, and each
 * user's order held (SPEC section 4).
 *
 * <p>Calls for one user must come from one thread at a time, so that {@code seq} is the order in
 * which the SDK saw them. Thread-safe otherwise.
 *
 * <p>The order check works on the collector's arrival order, which respects causality: the
 * collector records a request before it answers, and the SDK sends a later request only after it
 * read the earlier one's answer. An SDK never sends a request again after it was acknowledged, so
 * when every call ended delivered, the <em>last</em> attempt of a call is the one that succeeded.
 * Then: a state change's first attempt must come after the last attempt of every call its user made
 * before it; an event's first attempt after the last attempt of the state changes before it.
 */
final class SequencedCalls {
  /** One call made. */
  record Call(String uuid, int seq, RequestKind kind, CompletableFuture<?> future) {}

  private record Key(String uuid, int seq) {}

  private final ATrack sdk;
  private final ConcurrentHashMap<String, AtomicInteger> seqs = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

  SequencedCalls(ATrack sdk) {
    this.sdk = sdk;
  }

  Call init(String uuid) {
    int seq = next(uuid);
    return add(
        new Call(
            uuid,
            seq,
            RequestKind.INIT,
            sdk.init(InitRequest.builder().uuid(uuid).userAttributes(Map.of("seq", seq)).build())));
  }

  Call setAttributes(String uuid) {
    int seq = next(uuid);
    return add(
        new Call(
            uuid,
            seq,
            RequestKind.ATTRIBUTES,
            sdk.setAttributes(
                AttributesRequest.builder().uuid(uuid).attributes(Map.of("seq", seq)).build())));
  }

  Call track(String uuid) {
    int seq = next(uuid);
    return add(
        new Call(
            uuid,
            seq,
            RequestKind.EVENT,
            sdk.track(
                TrackRequest.builder("step").uuid(uuid).attributes(Map.of("seq", seq)).build())));
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  long events() {
    return calls.stream().filter(c -> c.kind() == RequestKind.EVENT).count();
  }

  private int next(String uuid) {
    return seqs.computeIfAbsent(uuid, u -> new AtomicInteger()).getAndIncrement();
  }

  private Call add(Call call) {
    calls.add(call);
    return call;
  }

  /** What arrived for one call: first and last arrival index, eventIds seen. */
  private static final class Arrivals {
    final RequestKind kind;
    int first = -1;
    int last = -1;
    final Set<Object> eventIds = new HashSet<>(2);

    Arrivals(RequestKind kind) {
      this.kind = kind;
    }
  }

  /**
   * Checks the collector's log against the calls made, all of which must have been delivered.
   *
   * @return the problems found, at most {@code max} of each kind; empty when all is well
   */
  List<String> check(List<RecordedRequest> log, int max) {
    Map<Key, Arrivals> arrivals = new HashMap<>();
    Set<Object> eventIds = new HashSet<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < log.size(); i++) {
      RecordedRequest r = log.get(i);
      RequestKind kind = kindOf(r.path());
      Map<String, Object> body = r.body();
      Object seq = DeliveryClients.attributes(body).get("seq");
      if (kind == null || !(seq instanceof Integer n)) {
        problems.add("unexpected request #" + i + ": " + r);
        continue;
      }
      Key key = new Key((String) body.get("uuid"), n);
      Arrivals a = arrivals.computeIfAbsent(key, k -> new Arrivals(kind));
      if (a.kind != kind) {
        problems.add("two kinds for " + key + ": " + a.kind + " and " + kind);
      }
      if (a.first < 0) {
        a.first = i;
      }
      a.last = i;
      if (kind == RequestKind.EVENT) {
        a.eventIds.add(body.get("eventId"));
        eventIds.add(body.get("eventId"));
      }
    }

    Map<String, List<Call>> byUser = new HashMap<>();
    for (Call c : calls) {
      byUser.computeIfAbsent(c.uuid(), u -> new ArrayList<>()).add(c);
    }
    int missing = 0;
    int disordered = 0;
    for (List<Call> userCalls : byUser.values()) {
      userCalls.sort(Comparator.comparingInt(Call::seq));
      int lastOfAll = -1;
      int lastOfStateChanges = -1;
      for (Call c : userCalls) {
        Arrivals a = arrivals.get(new Key(c.uuid(), c.seq()));
        if (a == null) {
          if (missing++ < max) {
            problems.add("never arrived: " + c.kind() + " " + c.uuid() + " seq " + c.seq());
          }
          continue;
        }
        if (a.eventIds.size() > 1) {
          problems.add(
              "event " + c.uuid() + " seq " + c.seq() + " had " + a.eventIds.size() + " eventIds");
        }
        int mustFollow = c.kind().isStateChange() ? lastOfAll : lastOfStateChanges;
        if (a.first <= mustFollow && disordered++ < max) {
          problems.add(
              c.kind()
                  + " "
                  + c.uuid()
                  + " seq "
                  + c.seq()
                  + " first arrived as #"
                  + a.first
                  + ", before request #"
                  + mustFollow
                  + " of an earlier call had been delivered");
        }
        lastOfAll = Math.max(lastOfAll, a.last);
        if (c.kind().isStateChange()) {
          lastOfStateChanges = Math.max(lastOfStateChanges, a.last);
        }
      }
    }
    long events = events();
    if (eventIds.size() != events) {
      problems.add(
          events + " events were sent, but " + eventIds.size() + " distinct eventIds arrived");
    }
    if (missing > 0) {
      problems.add(missing + " call(s) never arrived");
    }
    if (disordered > 0) {
      problems.add(disordered + " call(s) out of per-user order");
    }
    return problems;
  }

  private static RequestKind kindOf(String path) {
    for (RequestKind k : RequestKind.values()) {
      if (k.path().equals(path)) {
        return k;
      }
    }
    return null;
  }
}
