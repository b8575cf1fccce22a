package io.atrack.sdk.internal.delivery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Per-user order. Internal: not API.
 *
 * <p>The rule (SPEC section 4): a state change ({@code init}, {@code setAttributes}) starts only
 * when everything its user called before it has finished; an event starts only when the state
 * changes called before it have finished. Events between two state changes go in parallel, and
 * different users never wait for each other.
 *
 * <p>Each user with unfinished requests has a lane: how many of its requests are running, whether
 * one of them is a state change, and the ones waiting, in call order. A lane lives in a {@link
 * ConcurrentHashMap} and is changed only inside {@code compute}, which locks that one bin: users
 * never contend with each other, and a lane is removed (returning null) the moment it has nothing
 * left, so memory follows only the users with work in flight.
 */
final class UserLanes {
  private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();

  /**
   * Accepts {@code request}: hands it to {@code start} now if its turn has come, else keeps it
   * until an earlier request of its user finishes.
   */
  public void submit(OutboundRequest request, Consumer<OutboundRequest> start) {
    Starter starter = new Starter();
    lanes.compute(
        request.uuid(),
        (uuid, lane) -> {
          if (lane == null) {
            lane = new Lane();
          }
          if (lane.waiting == null && lane.mayStart(request)) {
            lane.start(request);
            starter.first = request;
          } else {
            lane.enqueue(request);
          }
          return lane;
        });
    starter.run(start);
  }

  /**
   * Notes that {@code request} (which had started) has finished, and hands every request of its
   * user whose turn has now come to {@code start}, in call order.
   */
  public void finished(OutboundRequest request, Consumer<OutboundRequest> start) {
    Starter starter = new Starter();
    lanes.computeIfPresent(
        request.uuid(),
        (uuid, lane) -> {
          lane.finish(request);
          lane.startReady(starter);
          return lane.isIdle() ? null : lane;
        });
    starter.run(start);
  }

  /** Removes and returns every request still waiting for its turn, of every user. */
  public List<OutboundRequest> drainWaiting() {
    List<OutboundRequest> drained = new ArrayList<>();
    for (String uuid : lanes.keySet()) {
      lanes.computeIfPresent(
          uuid,
          (k, lane) -> {
            if (lane.waiting != null) {
              drained.addAll(lane.waiting);
              lane.waiting = null;
            }
            return lane.isIdle() ? null : lane;
          });
    }
    return drained;
  }

  /** Users with unfinished requests now. */
  public int activeUsers() {
    return lanes.size();
  }

  /** Collects the requests a lane change lets start, to hand them over outside the map's lock. */
  private static final class Starter {
    @Nullable OutboundRequest first;
    @Nullable List<OutboundRequest> more;

    void add(OutboundRequest request) {
      if (first == null) {
        first = request;
      } else {
        if (more == null) {
          more = new ArrayList<>();
        }
        more.add(request);
      }
    }

    void run(Consumer<OutboundRequest> start) {
      if (first != null) {
        start.accept(first);
      }
      if (more != null) {
        more.forEach(start);
      }
    }
  }

  /** One user's requests: running ones counted, waiting ones kept in call order. */
  private static final class Lane {
    int running;
    boolean stateChangeRunning;
    @Nullable ArrayDeque<OutboundRequest> waiting;

    boolean mayStart(OutboundRequest request) {
      return request.kind().isStateChange() ? running == 0 : !stateChangeRunning;
    }

    void start(OutboundRequest request) {
      running++;
      if (request.kind().isStateChange()) {
        stateChangeRunning = true;
      }
    }

    void enqueue(OutboundRequest request) {
      if (waiting == null) {
        waiting = new ArrayDeque<>();
      }
      waiting.addLast(request);
    }

    void finish(OutboundRequest request) {
      running--;
      if (request.kind().isStateChange()) {
        stateChangeRunning = false;
      }
    }

    void startReady(Starter starter) {
      ArrayDeque<OutboundRequest> queue = waiting;
      if (queue == null) {
        return;
      }
      OutboundRequest head;
      while ((head = queue.peekFirst()) != null && mayStart(head)) {
        queue.pollFirst();
        start(head);
        starter.add(head);
      }
      if (queue.isEmpty()) {
        waiting = null;
      }
    }

    boolean isIdle() {
      return running == 0 && waiting == null;
    }
  }
}
