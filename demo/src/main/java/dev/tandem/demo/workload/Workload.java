package dev.tandem.demo.workload;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A live client population against the token API: issues access tokens, PKCE codes and refresh
 * chains, reads tokens back, rotates refresh chains (issue the next, revoke the previous) and revokes
 * whole families, at a fixed total rate over a few threads. Every answer is checked as a client would
 * ({@link Check}); served and failed requests are counted per operation ({@link WorkloadStats}).
 */
public final class Workload implements AutoCloseable {
    /** Recent tokens kept for reads, and how long after writing one the workload still reads it. */
    static final int LEDGER_CAPACITY = 4_096;
    static final Duration READ_WINDOW = Duration.ofSeconds(30);

    private final TokenApi api;
    private final RateLimiter limiter;
    private final int clients;
    private final Clock clock;
    private final TokenFactory factory = new TokenFactory();
    private final Ledger ledger = new Ledger(LEDGER_CAPACITY, READ_WINDOW);
    private final WorkloadStats stats = new WorkloadStats();
    private final AtomicReference<String> phase = new AtomicReference<>("LEGACY_ONLY");
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public Workload(TokenApi api, int ratePerSecond, int clients, Clock clock) {
        this.api = api;
        this.limiter = new RateLimiter(ratePerSecond);
        this.clients = clients;
        this.clock = clock;
    }

    /** Tells the workload which phase it runs in now, for its failure reports. */
    public void phase(String current) {
        phase.set(current);
    }

    public WorkloadStats.Snapshot snapshot() {
        return stats.snapshot();
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (int i = 0; i < clients; i++) {
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
            thread.join(TokenApi.REQUEST_TIMEOUT.toMillis() * 3);
        }
        threads.clear();
    }

    private void loop() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running) {
            Operation operation = Mix.pick(random.nextInt(100), ledger.recentCount() > 0, ledger.familyCount() > 0);
            try {
                switch (operation) {
                    case ISSUE_ACCESS -> issue(Operation.ISSUE_ACCESS, "access_token", null);
                    case ISSUE_CODE -> issue(Operation.ISSUE_CODE, "authorization_code", null);
                    case ISSUE_REFRESH -> issueFamily();
                    case READ -> read();
                    case ROTATE_REFRESH -> rotate();
                    case REVOKE_FAMILY -> revokeFamily();
                    default -> throw new IllegalStateException("unexpected " + operation);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Optional<IssuedToken> issue(Operation operation, String kind, String familyId) throws InterruptedException {
        IssuedToken token = factory.issue(kind, familyId, clock.instant(), phase.get(), ThreadLocalRandom.current());
        return put(operation, token);
    }

    private Optional<IssuedToken> put(Operation operation, IssuedToken token) throws InterruptedException {
        if (!limiter.acquire()) {
            throw new InterruptedException();
        }
        String current = phase.get();
        try {
            TokenApi.Answer answer = api.put(token);
            Optional<String> wrong = Check.issued(token, answer.status(), answer.body());
            if (wrong.isPresent()) {
                stats.failed(operation, current, "PUT " + token.kind() + " " + token.shortId() + ": " + wrong.get());
                return Optional.empty();
            }
            stats.served(operation);
            ledger.written(token, clock.instant());
            return Optional.of(token);
        } catch (IOException e) {
            stats.failed(operation, current, "PUT " + token.kind() + " " + token.shortId() + ": " + describe(e));
            return Optional.empty();
        }
    }

    private void issueFamily() throws InterruptedException {
        String familyId = factory.newFamilyId();
        Optional<IssuedToken> first = issue(Operation.ISSUE_REFRESH, "refresh_token", familyId);
        first.ifPresent(token -> ledger.release(new Ledger.Family(familyId, token)));
    }

    private void read() throws InterruptedException {
        Optional<IssuedToken> picked = ledger.pickForRead(clock.instant(), ThreadLocalRandom.current());
        if (picked.isEmpty()) {
            return;
        }
        IssuedToken token = picked.get();
        if (!limiter.acquire()) {
            throw new InterruptedException();
        }
        String current = phase.get();
        TokenState before = token.state();
        try {
            TokenApi.Answer answer = api.get(token.id());
            TokenState after = token.state();
            Optional<String> wrong = Check.read(token, before, after, answer.status(), answer.body(), clock.instant());
            if (wrong.isPresent()) {
                stats.failed(Operation.READ, current, "GET: " + wrong.get());
            } else {
                stats.served(Operation.READ);
            }
        } catch (IOException e) {
            stats.failed(Operation.READ, current, "GET " + token.shortId() + ": " + describe(e));
        }
    }

    /** Refresh-chain rotation: the next refresh token of a family, then the previous one revoked. */
    private void rotate() throws InterruptedException {
        Optional<Ledger.Family> taken = ledger.takeFamily();
        if (taken.isEmpty()) {
            issueFamily();
            return;
        }
        Ledger.Family family = taken.get();
        try {
            IssuedToken next = factory.rotate(family.current(), clock.instant(), phase.get());
            if (put(Operation.ROTATE_REFRESH, next).isEmpty()) {
                return;
            }
            IssuedToken previous = family.rotateTo(next);
            revoke(previous);
        } finally {
            ledger.release(family);
        }
    }

    private void revoke(IssuedToken token) throws InterruptedException {
        if (!limiter.acquire()) {
            throw new InterruptedException();
        }
        String current = phase.get();
        token.state(TokenState.REVOKING);
        try {
            TokenApi.Answer answer = api.revoke(token.id());
            Optional<String> wrong = Check.revoked(token, answer.status(), answer.body());
            if (wrong.isPresent()) {
                token.state(TokenState.UNKNOWN);
                stats.failed(Operation.REVOKE_TOKEN, current, "POST revoke: " + wrong.get());
            } else {
                token.state(TokenState.REVOKED);
                stats.served(Operation.REVOKE_TOKEN);
            }
        } catch (IOException e) {
            token.state(TokenState.UNKNOWN);
            stats.failed(Operation.REVOKE_TOKEN, current, "POST revoke " + token.shortId() + ": " + describe(e));
        }
    }

    /** Revokes a whole chain; the family leaves the pool either way (after a failure nothing about it is certain). */
    private void revokeFamily() throws InterruptedException {
        Optional<Ledger.Family> taken = ledger.takeFamily();
        if (taken.isEmpty()) {
            issueFamily();
            return;
        }
        Ledger.Family family = taken.get();
        if (!limiter.acquire()) {
            ledger.release(family);
            throw new InterruptedException();
        }
        String current = phase.get();
        long usable = family.usable();
        List<IssuedToken> tokens = family.tokens();
        tokens.stream().filter(token -> token.state() == TokenState.ACTIVE).forEach(token -> token.state(TokenState.REVOKING));
        try {
            TokenApi.Answer answer = api.revokeFamily(family.id());
            Optional<String> wrong = Check.familyRevoked(family.id(), usable, answer.status(), answer.body());
            settle(tokens, wrong.isPresent() ? TokenState.UNKNOWN : TokenState.REVOKED);
            if (wrong.isPresent()) {
                stats.failed(Operation.REVOKE_FAMILY, current, "POST family revoke: " + wrong.get());
            } else {
                stats.served(Operation.REVOKE_FAMILY);
            }
        } catch (IOException e) {
            settle(tokens, TokenState.UNKNOWN);
            stats.failed(Operation.REVOKE_FAMILY, current, "POST family revoke " + family.id() + ": " + describe(e));
        }
    }

    private static void settle(List<IssuedToken> tokens, TokenState state) {
        tokens.stream().filter(token -> token.state() == TokenState.REVOKING).forEach(token -> token.state(state));
    }

    static String describe(IOException e) {
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + TokenApi.REQUEST_TIMEOUT.toSeconds() + " s";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
