/**
 * {@link io.atrack.redis.RedisUserStorage}: A-Track users shared by every instance of a service, on
 * Redis or Redis Cluster.
 */
@NullMarked
package io.atrack.redis;

import org.jspecify.annotations.NullMarked;
