package io.atrack.sdk.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.RequestKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The per-user order rule on its own: barriers, parallel events, and lanes that go away. */
class UserLanesTest {
  private final UserLanes lanes = new UserLanes();
  private final List<OutboundRequest> started = new ArrayList<>();

  private OutboundRequest submit(RequestKind kind, String uuid) {
    OutboundRequest r =
        new OutboundRequest(kind, uuid, new byte[0], new CompletableFuture<>(), null, 0);
    lanes.submit(r, started::add);
    return r;
  }

  @Test
  void eventsBetweenStateChangesStartTogetherAndBarriersWait() {
    OutboundRequest init = submit(RequestKind.INIT, "a");
    OutboundRequest e1 = submit(RequestKind.EVENT, "a");
    OutboundRequest e2 = submit(RequestKind.EVENT, "a");
    OutboundRequest set = submit(RequestKind.ATTRIBUTES, "a");
    OutboundRequest e3 = submit(RequestKind.EVENT, "a");
    assertThat(started).containsExactly(init);

    lanes.finished(init, started::add);
    assertThat(started).containsExactly(init, e1, e2);

    lanes.finished(e2, started::add);
    assertThat(started).containsExactly(init, e1, e2);
    lanes.finished(e1, started::add);
    assertThat(started).containsExactly(init, e1, e2, set);

    lanes.finished(set, started::add);
    assertThat(started).containsExactly(init, e1, e2, set, e3);
  }

  @Test
  void usersNeverWaitForEachOther() {
    OutboundRequest a = submit(RequestKind.INIT, "a");
    OutboundRequest b = submit(RequestKind.INIT, "b");
    OutboundRequest cEvent = submit(RequestKind.EVENT, "c");
    assertThat(started).containsExactly(a, b, cEvent);
  }

  @Test
  void aLaneIsRemovedOnceItsUserHasNothingLeft() {
    OutboundRequest e = submit(RequestKind.EVENT, "a");
    OutboundRequest set = submit(RequestKind.ATTRIBUTES, "a");
    assertThat(lanes.activeUsers()).isEqualTo(1);
    lanes.finished(e, started::add);
    lanes.finished(set, started::add);
    assertThat(lanes.activeUsers()).isZero();
  }

  @Test
  void drainWaitingReturnsOnlyWhatNeverStarted() {
    OutboundRequest init = submit(RequestKind.INIT, "a");
    OutboundRequest waiting = submit(RequestKind.EVENT, "a");
    assertThat(lanes.drainWaiting()).containsExactly(waiting);
    lanes.finished(init, started::add);
    assertThat(started).containsExactly(init);
    assertThat(lanes.activeUsers()).isZero();
  }
}
