package io.atrack.sdk;

/**
 * When the durable outbox ({@link ATrackBuilder#outbox}) forces what it wrote to the disk itself
 * ({@code fsync}/{@code msync}). Whatever the policy, a call's request is in the operating system's
 * page cache before the call returns, so it survives the process dying in any way ({@code kill -9},
 * an OOM kill, a crash of the JVM); the policy only decides what survives the machine losing power
 * or the kernel crashing.
 */
public enum OutboxSync {
  /**
   * Never forces: the operating system writes pages back when it likes (Linux: within about 30 s).
   * The cheapest; a power loss can lose the last half minute of calls.
   */
  NONE,

  /**
   * The default: a background thread forces what was written every {@link
   * ATrackBuilder#outboxSyncInterval} (100 ms by default), a group commit that costs the callers
   * nothing. A power loss can lose the calls of the last interval.
   */
  INTERVAL,

  /**
   * Every call forces its own record before it returns. Nothing that returned is lost to a power
   * loss, but each call waits for the disk: from tens of microseconds (NVMe with a write cache) to
   * several milliseconds (network or spinning disks), so for low call rates only.
   */
  EVERY_CALL
}
