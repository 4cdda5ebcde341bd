package dev.tandem.demo.workload;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.oauth2.sdk.token.Tokens;
import dev.tandem.admin.client.AdminCallException;
import dev.tandem.admin.client.AdminClient;
import dev.tandem.oauth.client.OAuthAnswer;
import dev.tandem.oauth.client.OAuthApp;
import dev.tandem.oauth.client.OAuthClient;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A live population of OAuth clients against the orchestrators' public OAuth endpoints: apps registered
 * through the admin API, then code flows with PKCE (the dev login approves), refreshes that rotate the
 * refresh token, introspections, revocations, and on purpose replays of rotated refresh tokens (each
 * must be refused with {@code invalid_grant} and take its grant with it), at a fixed total rate of
 * requests over a few threads. Every answer is checked against what the workload expects of its grants
 * ({@link Check}, {@link Ledger}); served and failed requests are counted per operation, OAuth errors by
 * code ({@link WorkloadStats}).
 */
public final class Workload implements AutoCloseable {
    /** Dead grants kept to check, later and in later phases, that they stay dead. */
    static final int DEAD_KEPT = 512;
    /**
     * Share of new grants, in percent, that go to the confidential app. Its every token, introspection
     * and revocation request costs the server a PBKDF2 hash of its secret (about 50 ms of a core), so it
     * stays a modest share and the rate holds on a small machine.
     */
    static final int CONFIDENTIAL_PERCENT = 10;
    /** Share of introspections and replays, in percent, that check a dead grant rather than a live one. */
    static final int DEAD_PERCENT = 25;
    static final String SCOPES = "openid offline_access orders:read orders:write payments:read";
    private static final List<String> OPTIONAL_SCOPES = List.of("orders:read", "orders:write", "payments:read");
    private static final List<String> PUBLIC_APPS = List.of("demo-web", "demo-mobile", "demo-cli");
    private static final String CONFIDENTIAL_APP = "demo-partner";

    private final List<URI> urls;
    private final AdminClient admin;
    private final RateLimiter limiter;
    private final int threadCount;
    private final Clock clock;
    private final Ledger ledger = new Ledger(DEAD_KEPT);
    private final WorkloadStats stats = new WorkloadStats();
    private final AtomicReference<String> phase = new AtomicReference<>("LEGACY_ONLY");
    private final AtomicLong grants = new AtomicLong();
    private final AtomicInteger next = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private List<OAuthClient> clients = List.of();
    private List<OAuthApp> publicApps = List.of();
    private OAuthApp confidentialApp;
    private volatile boolean running;

    /**
     * @param urls  the instances the requests spread over, round-robin
     * @param admin registers the apps (operator token)
     */
    public Workload(List<URI> urls, AdminClient admin, int ratePerSecond, int threads, Clock clock) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("at least one orchestrator URL is needed");
        }
        this.urls = List.copyOf(urls);
        this.admin = admin;
        this.limiter = new RateLimiter(ratePerSecond);
        this.threadCount = threads;
        this.clock = clock;
    }

    /** Tells the workload which phase it runs in now, for its failure reports. */
    public void phase(String current) {
        phase.set(current);
    }

    public WorkloadStats.Snapshot snapshot() {
        return stats.snapshot();
    }

    /** The apps this workload registered, public ones first (for the walk's first line). */
    public List<OAuthApp> apps() {
        List<OAuthApp> all = new ArrayList<>(publicApps);
        if (confidentialApp != null) {
            all.add(confidentialApp);
        }
        return all;
    }

    /**
     * Reads the server metadata of every instance, registers the apps, and starts the clients.
     *
     * @throws IOException        an instance answered no OAuth metadata, or a registration answered no client
     * @throws AdminCallException the admin API refused a registration
     */
    public synchronized void start() throws IOException, AdminCallException {
        if (running) {
            return;
        }
        clients = OAuthClient.discover(urls);
        List<OAuthApp> registered = new ArrayList<>();
        for (String name : PUBLIC_APPS) {
            registered.add(OAuthApp.register(admin, name, redirect(name), false, SCOPES));
        }
        publicApps = List.copyOf(registered);
        confidentialApp = OAuthApp.register(admin, CONFIDENTIAL_APP, redirect(CONFIDENTIAL_APP), true, SCOPES);
        running = true;
        for (int i = 0; i < threadCount; i++) {
            Thread thread = new Thread(this::loop, "demo-client-" + (i + 1));
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Stops issuing requests and waits for those in flight (each bounded by the request timeout). */
    @Override
    public synchronized void close() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(OAuthClient.READ_TIMEOUT.toMillis() * 3);
        }
        threads.clear();
    }

    private static String redirect(String app) {
        return "https://" + app + ".example/callback";
    }

    private void loop() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running) {
            try {
                switch (Mix.pick(random.nextInt(100), ledger.liveCount() > 0)) {
                    case NEW_GRANT -> newGrant(random);
                    case REFRESH -> withLive(this::refresh, random);
                    case INTROSPECT -> introspect(random);
                    case REVOKE -> withLive(this::revoke, random);
                    case REPLAY -> replay(random);
                    default -> throw new IllegalStateException("unexpected step");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private interface GrantStep {
        void run(Grant grant) throws InterruptedException;
    }

    /** Runs {@code step} on a live grant the thread holds meanwhile; a new grant when none is free. */
    private void withLive(GrantStep step, ThreadLocalRandom random) throws InterruptedException {
        Optional<Grant> taken = ledger.takeLive();
        if (taken.isEmpty()) {
            newGrant(random);
            return;
        }
        try {
            step.run(taken.get());
        } finally {
            ledger.release(taken.get());
        }
    }

    // ---- the steps ---------------------------------------------------------------------------------

    /** The code flow: the authorization request (dev login), then the code redeemed with its verifier. */
    private void newGrant(ThreadLocalRandom random) throws InterruptedException {
        OAuthApp app = random.nextInt(100) < CONFIDENTIAL_PERCENT ? confidentialApp
                : publicApps.get(random.nextInt(publicApps.size()));
        String subject = "user-" + random.nextInt(10_000);
        Set<String> scopes = new LinkedHashSet<>(List.of("openid", "offline_access"));
        OPTIONAL_SCOPES.stream().filter(scope -> random.nextInt(3) == 0).forEach(scopes::add);
        CodeVerifier verifier = new CodeVerifier();
        OAuthClient client = client();
        String what = "code flow of " + app.name() + " for " + subject;

        String current = permit();
        OAuthAnswer<AuthorizationCode> code;
        try {
            code = client.authorize(app, subject, new Scope(scopes.toArray(String[]::new)), verifier);
        } catch (IOException e) {
            stats.failed(Operation.AUTHORIZE, current, what + ": GET /oauth2/auth: " + describe(e));
            return;
        }
        if (!judged(Operation.AUTHORIZE, current, what + ": GET /oauth2/auth", code, Check.authorized(code))) {
            return;
        }
        current = permit();
        OAuthAnswer<Tokens> tokens;
        try {
            tokens = client.redeem(app, code.value(), verifier);
        } catch (IOException e) {
            stats.failed(Operation.REDEEM, current, what + ": redeeming the code: " + describe(e));
            return;
        }
        if (judged(Operation.REDEEM, current, what + ": redeeming the code", tokens, Check.issued(tokens, scopes, null))) {
            ledger.release(new Grant(grants.incrementAndGet(), app, subject, scopes, current, tokens.value()));
        }
    }

    /** A refresh: the refresh token rotates; the one it replaces is kept for a replay. */
    private void refresh(Grant grant) throws InterruptedException {
        String current = permit();
        String what = "refreshing " + grant.describe();
        OAuthAnswer<Tokens> answer;
        try {
            answer = client().refresh(grant.app(), grant.refresh());
        } catch (IOException e) {
            grant.state(Grant.State.UNKNOWN);
            stats.failed(Operation.REFRESH, current, what + ": " + describe(e));
            return;
        }
        if (judged(Operation.REFRESH, current, what, answer, Check.issued(answer, grant.scopes(), grant.refresh()))) {
            grant.rotateTo(answer.value());
        } else {
            grant.state(Grant.State.UNKNOWN);
        }
    }

    /** Revokes a grant's refresh token, which takes every token of the grant with it (RFC 7009 §2.1). */
    private void revoke(Grant grant) throws InterruptedException {
        String current = permit();
        String what = "revoking " + grant.describe();
        OAuthAnswer<Boolean> answer;
        try {
            answer = client().revoke(grant.app(), grant.refresh());
        } catch (IOException e) {
            grant.state(Grant.State.UNKNOWN);
            stats.failed(Operation.REVOKE, current, what + ": " + describe(e));
            return;
        }
        grant.state(judged(Operation.REVOKE, current, what, answer, Check.revoked(answer)) ? Grant.State.DEAD : Grant.State.UNKNOWN);
    }

    /**
     * A live grant's newest access or refresh token must introspect active, a rotated refresh token and
     * every token of a dead grant inactive.
     */
    private void introspect(ThreadLocalRandom random) throws InterruptedException {
        Optional<Grant> dead = random.nextInt(100) < DEAD_PERCENT ? ledger.takeDead() : Optional.empty();
        if (dead.isPresent()) {
            try {
                Grant grant = dead.get();
                int pick = random.nextInt(2 + grant.allRotated().size());
                Token token = pick == 0 ? grant.access() : pick == 1 ? grant.refresh() : grant.allRotated().get(pick - 2);
                introspect(grant, token, false);
            } finally {
                ledger.release(dead.get());
            }
            return;
        }
        withLive(grant -> {
            int pick = random.nextInt(grant.rotated().isPresent() ? 5 : 4);
            if (pick < 2) {
                introspect(grant, grant.access(), true);
            } else if (pick < 4) {
                introspect(grant, grant.refresh(), true);
            } else {
                introspect(grant, grant.rotated().get(), false);
            }
        }, random);
    }

    private void introspect(Grant grant, Token token, boolean active) throws InterruptedException {
        String current = permit();
        String use = token instanceof RefreshToken ? "refresh_token" : "access_token";
        OAuthAnswer<TokenIntrospectionSuccessResponse> answer;
        try {
            answer = client().introspect(grant.app(), token);
        } catch (IOException e) {
            stats.failed(Operation.INTROSPECT, current, "introspecting the " + use + " of " + grant.describe() + ": " + describe(e));
            return;
        }
        judged(Operation.INTROSPECT, current, "introspection", answer, Check.introspected(answer, grant, active, use, clock.instant()));
    }

    /**
     * On purpose, as an attacker with a stolen token would: a rotated refresh token of a live grant (or the
     * newest one of a dead grant) presented again. It must be refused with invalid_grant, and a live grant
     * is then revoked whole: both its newest tokens must introspect inactive right away.
     */
    private void replay(ThreadLocalRandom random) throws InterruptedException {
        Optional<Grant> dead = random.nextInt(100) < DEAD_PERCENT ? ledger.takeDead() : Optional.empty();
        if (dead.isPresent()) {
            try {
                replay(dead.get(), dead.get().refresh());
            } finally {
                ledger.release(dead.get());
            }
            return;
        }
        withLive(grant -> {
            if (grant.rotated().isEmpty()) {
                refresh(grant);
                return;
            }
            if (replay(grant, grant.rotated().get())) {
                grant.state(Grant.State.DEAD);
                introspect(grant, grant.refresh(), false);
                introspect(grant, grant.access(), false);
            }
        }, random);
    }

    /** Whether the replay was refused as it must be; otherwise nothing about the grant is certain any more. */
    private boolean replay(Grant grant, RefreshToken token) throws InterruptedException {
        String current = permit();
        String what = "replaying a " + (grant.state() == Grant.State.DEAD ? "revoked" : "rotated") + " refresh token of "
                + grant.describe();
        OAuthAnswer<Tokens> answer;
        try {
            answer = client().refresh(grant.app(), token);
        } catch (IOException e) {
            grant.state(Grant.State.UNKNOWN);
            stats.failed(Operation.REPLAY, current, what + ": " + describe(e));
            return false;
        }
        Optional<String> wrong = Check.replayRefused(answer);
        if (wrong.isPresent()) {
            grant.state(Grant.State.UNKNOWN);
            stats.failed(Operation.REPLAY, current, what + ": " + wrong.get());
            if (!answer.ok() && !OAuth2Error.INVALID_GRANT.getCode().equals(answer.error())) {
                stats.oauthError(answer.error(), false);
            }
            return false;
        }
        stats.oauthError(answer.error(), true);
        stats.served(Operation.REPLAY);
        return true;
    }

    // ---- plumbing ----------------------------------------------------------------------------------

    /** Counts the answer: served when {@code wrong} is empty, else failed with why (and its OAuth error as unexpected). */
    private boolean judged(Operation operation, String current, String what, OAuthAnswer<?> answer, Optional<String> wrong) {
        if (wrong.isEmpty()) {
            stats.served(operation);
            return true;
        }
        stats.failed(operation, current, what + ": " + wrong.get());
        if (!answer.ok()) {
            stats.oauthError(answer.error(), false);
        }
        return false;
    }

    /** Waits for the next request slot; answers the phase the request goes out in. */
    private String permit() throws InterruptedException {
        if (!limiter.acquire()) {
            throw new InterruptedException();
        }
        return phase.get();
    }

    private OAuthClient client() {
        return clients.get(Math.floorMod(next.getAndIncrement(), clients.size()));
    }

    static String describe(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return "no answer within " + OAuthClient.READ_TIMEOUT.toSeconds() + " s";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
