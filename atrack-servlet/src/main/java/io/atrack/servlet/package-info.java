/**
 * A Jakarta Servlet filter for the A-Track SDK: {@link io.atrack.servlet.ATrackFilter} opens a
 * request scope for every request, with the request's context (url, referer, user agent, locale,
 * timezone and the client IP, behind trusted proxies only), so concurrent requests never share a
 * current user.
 */
@NullMarked
package io.atrack.servlet;

import org.jspecify.annotations.NullMarked;
