/**
 * What a running mount counts ({@link dev.vipfs.fs.metrics.MountMetrics}: bytes, decisions, cache
 * hits, errors by kind, the last errors) and how long its operations take ({@link
 * dev.vipfs.fs.metrics.Timings}); read by {@code vipfs status} over the control socket and by the
 * Prometheus endpoint. Nothing here knows either transport.
 */
package dev.vipfs.fs.metrics;
