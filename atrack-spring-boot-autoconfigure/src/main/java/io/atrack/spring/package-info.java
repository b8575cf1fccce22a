/**
 * Spring Boot auto-configuration of the A-Track client: one {@link io.atrack.sdk.ATrack} bean from
 * the {@code atrack.*} properties ({@link io.atrack.spring.ATrackProperties}), closed after the web
 * server's graceful shutdown, with the servlet filter, a task decorator, meters, a health
 * contributor and trace correlation when their libraries are present.
 */
@NullMarked
package io.atrack.spring;

import org.jspecify.annotations.NullMarked;
