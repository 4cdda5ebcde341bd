package dev.tandem.bench;

import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop write load: {@code clients} threads, each sending {@code PUT /v1/tokens/{id}} of a
 * new token as soon as the previous one was answered, for a fixed time. Latency is measured per
 * request from send to full answer, in microseconds, into one histogram per client.
 */
final class WriteLoad {
    /** Latencies up to a minute at three significant digits: a slower request is a failure anyway. */
    static final long HIGHEST_MICROS = Duration.ofMinutes(1).toNanos() / 1000;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** The benchmarks' HTTP client: HTTP/1.1 as the token API's users speak it, {@code threads} to handle answers. */
    static HttpClient client(int threads) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(threads)).build();
    }

    /** What one run measured: {@code writes} counts the requests (or flows) that succeeded, whatever they were. */
    record Result(Histogram latencyMicros, long writes, long errors, Duration elapsed, String firstError) {
        double throughputPerSecond() {
            return writes / (elapsed.toNanos() / 1e9);
        }

        double percentileMillis(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private final HttpClient http;
    private final List<URI> urls;
    private final int clients;
    private final String adminToken;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** @param adminToken the operator token: the token API takes writes from an operator only */
    WriteLoad(HttpClient http, List<URI> urls, int clients, String adminToken) {
        this.http = http;
        this.urls = urls;
        this.clients = clients;
        this.adminToken = adminToken;
    }

    /**
     * {@code PUT /v1/tokens/{id}} of a new access token, as a service holding the operator token sends it
     * ({@code /v1} is the internal storage API: reads need a viewer, writes an operator).
     */
    static HttpRequest put(URI base, String id, String adminToken) {
        return HttpRequest.newBuilder(base.resolve("/v1/tokens/" + id)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + adminToken)
                .PUT(HttpRequest.BodyPublishers.ofString(body(id))).build();
    }

    Result run(Duration duration) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        AtomicLong errors = new AtomicLong();
        List<Future<Histogram>> running = new ArrayList<>();
        String[] firstError = new String[1];
        for (int c = 0; c < clients; c++) {
            URI base = urls.get(c % urls.size());
            running.add(pool.submit(() -> client(base, end, errors, firstError)));
        }
        Histogram total = new Histogram(HIGHEST_MICROS, 3);
        try {
            for (Future<Histogram> client : running) {
                total.add(client.get());
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a client failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return new Result(total, total.getTotalCount(), errors.get(), elapsed, firstError[0]);
    }

    private Histogram client(URI base, long end, AtomicLong errors, String[] firstError) {
        Histogram latencies = new Histogram(HIGHEST_MICROS, 3);
        while (System.nanoTime() < end) {
            String id = newTokenId();
            HttpRequest request = put(base, id, adminToken);
            long sent = System.nanoTime();
            try {
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                long micros = (System.nanoTime() - sent) / 1000;
                if (response.statusCode() == 200) {
                    latencies.recordValue(Math.min(micros, HIGHEST_MICROS));
                } else {
                    error(errors, firstError, "PUT answered " + response.statusCode());
                }
            } catch (java.io.IOException e) {
                error(errors, firstError, "PUT failed: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return latencies;
    }

    private static synchronized void error(AtomicLong errors, String[] firstError, String message) {
        errors.incrementAndGet();
        if (firstError[0] == null) {
            firstError[0] = message;
        }
    }

    /** As a service would: the id is the SHA-256 of a fresh random secret, which never leaves this method. */
    static String newTokenId() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static String body(String id) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return ("{\"kind\":\"access_token\",\"clientId\":\"bench\",\"subject\":\"user-" + id.substring(0, 6)
                + "\",\"scopes\":[\"openid\",\"profile\"],\"issuedAt\":\"" + now + "\",\"expiresAt\":\""
                + now.plus(Duration.ofHours(1)) + "\",\"familyId\":null}");
    }
}
