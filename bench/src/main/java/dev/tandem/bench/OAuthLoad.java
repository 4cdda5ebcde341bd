package dev.tandem.bench;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import dev.tandem.oauth.client.OAuthAnswer;
import dev.tandem.oauth.client.OAuthApp;
import dev.tandem.oauth.client.OAuthClient;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop OAuth load: {@code clients} threads, each running a code flow with PKCE (the authorization
 * request answered by the dev login, then the code redeemed) and then {@value #REFRESHES_PER_FLOW}
 * refreshes of the grant it got, as soon as the previous request was answered, for a fixed time. A flow's
 * latency is both its requests, a refresh's its one request, in microseconds. The app is public, so no
 * request pays for a client secret's hash: the figures are the grants' path through the stores.
 */
final class OAuthLoad {
    static final int REFRESHES_PER_FLOW = 2;

    /** One run: the code flows and the refreshes, each with its latencies, count and errors. */
    record Result(WriteLoad.Result flows, WriteLoad.Result refreshes) {
    }

    private final List<OAuthClient> instances;
    private final OAuthApp app;
    private final int clients;

    OAuthLoad(List<OAuthClient> instances, OAuthApp app, int clients) {
        this.instances = instances;
        this.app = app;
        this.clients = clients;
    }

    Result run(Duration duration) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        Errors flowErrors = new Errors();
        Errors refreshErrors = new Errors();
        List<Future<Histogram[]>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            OAuthClient instance = instances.get(c % instances.size());
            running.add(pool.submit(() -> client(instance, end, flowErrors, refreshErrors)));
        }
        Histogram flows = new Histogram(WriteLoad.HIGHEST_MICROS, 3);
        Histogram refreshes = new Histogram(WriteLoad.HIGHEST_MICROS, 3);
        try {
            for (Future<Histogram[]> client : running) {
                Histogram[] measured = client.get();
                flows.add(measured[0]);
                refreshes.add(measured[1]);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a client failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return new Result(flowErrors.result(flows, elapsed), refreshErrors.result(refreshes, elapsed));
    }

    private Histogram[] client(OAuthClient instance, long end, Errors flowErrors, Errors refreshErrors) {
        Histogram flows = new Histogram(WriteLoad.HIGHEST_MICROS, 3);
        Histogram refreshes = new Histogram(WriteLoad.HIGHEST_MICROS, 3);
        while (System.nanoTime() < end) {
            long sent = System.nanoTime();
            RefreshToken refresh = flow(instance, flowErrors);
            if (refresh == null) {
                continue;
            }
            record(flows, sent);
            for (int i = 0; i < REFRESHES_PER_FLOW && refresh != null && System.nanoTime() < end; i++) {
                sent = System.nanoTime();
                refresh = refresh(instance, refresh, refreshErrors);
                if (refresh != null) {
                    record(refreshes, sent);
                }
            }
        }
        return new Histogram[] {flows, refreshes};
    }

    /** A code flow; its refresh token, or null (counted as an error). */
    private RefreshToken flow(OAuthClient instance, Errors errors) {
        CodeVerifier verifier = new CodeVerifier();
        try {
            OAuthAnswer<AuthorizationCode> code = instance.authorize(app, "bench-user", null, verifier);
            if (!code.ok()) {
                errors.add("authorization request: " + code.describe());
                return null;
            }
            return tokens(instance.redeem(app, code.value(), verifier), "code redemption", errors);
        } catch (IOException e) {
            errors.add("code flow: " + e);
            return null;
        }
    }

    private RefreshToken refresh(OAuthClient instance, RefreshToken refresh, Errors errors) {
        try {
            return tokens(instance.refresh(app, refresh), "refresh", errors);
        } catch (IOException e) {
            errors.add("refresh: " + e);
            return null;
        }
    }

    private static RefreshToken tokens(OAuthAnswer<Tokens> answer, String what, Errors errors) {
        if (!answer.ok() || answer.value().getRefreshToken() == null) {
            errors.add(what + ": " + (answer.ok() ? "no refresh token" : answer.describe()));
            return null;
        }
        return answer.value().getRefreshToken();
    }

    private static void record(Histogram histogram, long sentNanos) {
        histogram.recordValue(Math.min((System.nanoTime() - sentNanos) / 1000, WriteLoad.HIGHEST_MICROS));
    }

    /** Errors of one kind, with the first one's words. */
    private static final class Errors {
        private final AtomicLong count = new AtomicLong();
        private volatile String first;

        synchronized void add(String message) {
            count.incrementAndGet();
            if (first == null) {
                first = message;
            }
        }

        WriteLoad.Result result(Histogram latencies, Duration elapsed) {
            return new WriteLoad.Result(latencies, latencies.getTotalCount(), count.get(), elapsed, first);
        }
    }
}
