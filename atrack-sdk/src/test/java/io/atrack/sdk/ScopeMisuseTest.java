package io.atrack.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.testkit.FakeCollectorExtension;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each way of misusing a scope on a pooled thread (one thread running task after task, as a
 * container's does), and the proof that the thread's next task finds no context and no user.
 */
@Timeout(30)
// Ignoring the SDK's futures is normal use; what matters is checked at the collector.
@SuppressWarnings("FutureReturnValueIgnored")
class ScopeMisuseTest {
  private static final RequestContext FIRST = RequestContext.builder().url("/first").build();
  private static final RequestContext SECOND = RequestContext.builder().url("/second").build();

  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  private final ExecutorService pooled = Executors.newSingleThreadExecutor();
  private ATrack sdk;

  @BeforeEach
  void client() {
    sdk = TestClients.against(collector).build();
  }

  @AfterEach
  void stop() {
    pooled.shutdownNow();
    sdk.close();
  }

  private <T> T onPooledThread(Callable<T> task) throws Exception {
    return pooled.submit(task).get(10, TimeUnit.SECONDS);
  }

  /** What the pooled thread's next task sees: "context|user". */
  private String nextTaskSees() throws Exception {
    return onPooledThread(
        () ->
            RequestContext.current().url().orElse("none")
                + "|"
                + sdk.currentUser().map(User::uuid).orElse("none"));
  }

  @Test
  void closingTheOuterScopeFirstAlsoLeavesTheInnerOne() throws Exception {
    onPooledThread(
        () -> {
          RequestContext.Scope outer = FIRST.makeCurrent();
          RequestContext.Scope inner = SECOND.makeCurrent();
          sdk.init(InitRequest.forUser("inner-user"));
          outer.close(); // out of order
          assertThat(RequestContext.current().isEmpty()).isTrue();
          inner.close(); // late, and harmless
          return null;
        });
    assertThat(nextTaskSees()).isEqualTo("none|none");
  }

  @Test
  void aScopeClosedFromAnotherThreadIsDroppedByItsOwnThread() throws Exception {
    RequestContext.Scope scope =
        onPooledThread(
            () -> {
              RequestContext.Scope s = FIRST.makeCurrent();
              sdk.init(InitRequest.forUser("closed-elsewhere"));
              return s;
            });
    scope.close(); // on the test thread: the pooled thread never closes it itself
    assertThat(nextTaskSees()).isEqualTo("none|none");
  }

  @Test
  void aScopeNeverClosedInsideAnotherIsLeftWithIt() throws Exception {
    onPooledThread(
        () -> {
          try (RequestContext.Scope ignored = FIRST.makeCurrent()) {
            @SuppressWarnings({"resource", "unused"})
            RequestContext.Scope leaked = SECOND.makeCurrent("leaked-user");
          }
          return null;
        });
    assertThat(nextTaskSees()).isEqualTo("none|none");
  }

  @Test
  void aScopeNeverClosedAtAllIsNotSeenInsideTheNextScopeAndClearCurrentDropsIt() throws Exception {
    onPooledThread(
        () -> {
          @SuppressWarnings({"resource", "unused"})
          RequestContext.Scope leaked = FIRST.makeCurrent("leaked-user");
          return null;
        });
    String insideNextScope =
        onPooledThread(
            () -> {
              try (RequestContext.Scope ignored = SECOND.makeCurrent()) {
                return RequestContext.current().url().orElse("none")
                    + "|"
                    + sdk.currentUser().map(User::uuid).orElse("none");
              }
            });
    assertThat(insideNextScope).isEqualTo("/second|none");

    assertThat(onPooledThread(RequestContext::clearCurrent)).isTrue();
    assertThat(nextTaskSees()).isEqualTo("none|none");
    assertThat(onPooledThread(RequestContext::clearCurrent)).isFalse();
  }

  @Test
  void aWrappedTaskLeavesTheThreadAsItFoundItWhateverItOpened() throws Exception {
    Runnable wrapped;
    try (RequestContext.Scope ignored = FIRST.makeCurrent("request-user")) {
      wrapped =
          RequestContext.wrap(
              () -> {
                @SuppressWarnings({"resource", "unused"})
                RequestContext.Scope leaked = SECOND.makeCurrent("leaked-user");
              });
    }
    onPooledThread(
        () -> {
          wrapped.run();
          return null;
        });
    assertThat(nextTaskSees()).isEqualTo("none|none");
  }

  @Test
  void wrappedWorkKeepsTheScopeAfterTheRequestThreadClosedIt() throws Exception {
    Callable<String> wrapped;
    try (RequestContext.Scope ignored = FIRST.makeCurrent()) {
      sdk.init(InitRequest.forUser("request-user")).join();
      wrapped =
          RequestContext.wrap(
              () ->
                  RequestContext.current().url().orElse("none")
                      + "|"
                      + sdk.currentUser().map(User::uuid).orElse("none"));
    }
    assertThat(RequestContext.current().isEmpty()).isTrue();
    assertThat(onPooledThread(wrapped)).isEqualTo("/first|request-user");
    assertThat(nextTaskSees()).isEqualTo("none|none");
  }

  @Test
  void aScopeWithAPresetUserTracksAndInitsThatUser() {
    try (RequestContext.Scope ignored = FIRST.makeCurrent("visitor-1")) {
      sdk.track("before_init").join();
      InitResult first = sdk.init().join();
      assertThat(first.uuid()).isEqualTo("visitor-1");
      assertThat(first.isNewUser()).as("unknown to the storage").isTrue();
    }
    try (RequestContext.Scope ignored = SECOND.makeCurrent("visitor-1")) {
      assertThat(sdk.init().join().isNewUser()).as("stored by the first init").isFalse();
      sdk.init(InitRequest.forUser("signed-in")).join();
      assertThat(sdk.currentUser().orElseThrow().uuid()).isEqualTo("signed-in");
    }
    assertThat(collector.requests("/event").get(0).body()).containsEntry("uuid", "visitor-1");
    assertThat(sdk.currentUser()).as("the client-level user is untouched").isEmpty();
  }
}
