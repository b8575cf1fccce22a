package io.atrack.redis;

/**
 * The Lua scripts behind the atomic operations: Redis runs a script as one command, so nothing else
 * touches the user's hash while it runs, on a standalone server or on the cluster node that owns
 * the key's slot. Each takes the user's key as {@code KEYS[1]} (one key, one slot) and the TTL in
 * milliseconds as {@code ARGV[1]} (0: none), refreshed on every use.
 */
final class Scripts {
  private Scripts() {}

  /** Creates the record unless it exists; returns 1 when it did not. */
  static final String RECORD =
      """
      local created = redis.call('HSETNX', KEYS[1], 'n', '0')
      local ttl = tonumber(ARGV[1])
      if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
      return created
      """;

  /**
   * Merges ({@code ARGV[2]} = '0') or replaces ('1') attributes: {@code ARGV[3..]} are name, JSON
   * pairs. A new name takes the next order number; a name set before keeps its own. Returns the
   * whole hash, as HGETALL would.
   */
  static final String WRITE =
      """
      local key = KEYS[1]
      if ARGV[2] == '1' then redis.call('DEL', key) end
      redis.call('HSETNX', key, 'n', '0')
      for i = 3, #ARGV, 2 do
        local field = 'a:' .. ARGV[i]
        local old = redis.call('HGET', key, field)
        local order
        if old then
          order = string.sub(old, 1, string.find(old, ':', 1, true) - 1)
        else
          order = redis.call('HINCRBY', key, 'n', 1)
        end
        redis.call('HSET', key, field, order .. ':' .. ARGV[i + 1])
      end
      local ttl = tonumber(ARGV[1])
      if ttl > 0 then redis.call('PEXPIRE', key, ttl) end
      return redis.call('HGETALL', key)
      """;

  /** HGETALL, refreshing the TTL of a record that exists. */
  static final String GET =
      """
      local all = redis.call('HGETALL', KEYS[1])
      local ttl = tonumber(ARGV[1])
      if ttl > 0 and #all > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
      return all
      """;
}
