package dev.tandem.verification;

import dev.tandem.verification.checksum.ChunkChecksum;
import dev.tandem.verification.checksum.EngineChecksums;
import dev.tandem.verification.checksum.KeyRange;
import dev.tandem.verification.checksum.LegacyChecksums;
import dev.tandem.verification.compare.CanonicalReader;
import dev.tandem.verification.compare.ClientComparison;
import dev.tandem.verification.compare.ClientReader;
import dev.tandem.verification.compare.RecordComparison;
import dev.tandem.verification.compare.SideRecord;
import dev.tandem.verification.run.ChunkResult;
import dev.tandem.verification.run.RunLock;
import dev.tandem.verification.run.RunRepository;
import dev.tandem.verification.run.RunRepository.RunRow;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Full verification: compares both stores over their whole key range as canonical records.
 *
 * <p>The key space is cut into ranges (chunks). For each chunk both databases compute a checksum
 * of the canonical form of their rows in SQL; only where the checksums differ are the chunk's rows
 * read and compared record by record ({@link RecordComparison}). Chunks run in parallel on a small
 * pool. Runs, chunk results and differences live in the engine database, so a run outlives its
 * process: {@link #start} after a crash resumes the unfinished run and skips the chunks it did.
 * One run at a time, across processes: a PostgreSQL advisory lock is the lease ({@link RunLock}).
 *
 * <p>Every client (app) of both stores is compared too, first, as one more chunk
 * ({@link RunRepository#CLIENTS_CHUNK}): apps are migrated data like tokens, and few.
 *
 * <p>Thread-safe. {@link #start} returns at once; the run goes on in the background until done,
 * failed, or {@link #close}d (a closed run stays RUNNING, to be resumed).
 */
public final class Verification implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Verification.class.getName());
    /** Phases are enum names of the orchestrator; this bound only keeps junk out of the table. */
    public static final int MAX_PHASE_LENGTH = 64;

    private final ConnectionSource legacy;
    private final ConnectionSource engine;
    private final VerificationSettings settings;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(daemon("verification-run"));
    private final AtomicReference<LocalRun> current = new AtomicReference<>();

    public Verification(ConnectionSource legacy, ConnectionSource engine, VerificationSettings settings) {
        this.legacy = Objects.requireNonNull(legacy, "legacy");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Starts a run in {@code phase}, or resumes the unfinished one if it was started in the same
     * phase (an unfinished run of another phase is marked FAILED: its result would be stale).
     * Returns the run id at once.
     *
     * @throws VerificationBusyException when a run is being worked on, here or in another process
     * @throws VerificationException     when a database cannot be reached or the schema is missing
     */
    public synchronized long start(String phase) {
        requirePhase(phase);
        LocalRun running = current.get();
        if (running != null && !running.completion.isDone()) {
            throw new VerificationBusyException(running.runId, "verification run " + running.runId
                    + " is already running in this process; wait for it or close it");
        }
        RunLock lock;
        try {
            lock = RunLock.tryAcquire(engine).orElse(null);
            if (lock == null) {
                long other = status().filter(status -> status.state() == VerificationState.RUNNING)
                        .map(VerificationStatus::runId).orElse(0L);
                throw new VerificationBusyException(other, "another process is running verification"
                        + (other == 0 ? "" : " run " + other) + "; one run at a time");
            }
        } catch (SQLException e) {
            throw new VerificationException("cannot reach the engine database to take the verification lock", e);
        }
        try (Connection connection = engine.open()) {
            Optional<RunRow> unfinished = RunRepository.running(connection);
            RunRow run;
            if (unfinished.isPresent() && unfinished.get().phase().equals(phase)) {
                run = unfinished.get();
                RunRepository.takeOver(connection, run.runId(), settings.owner());
            } else {
                if (unfinished.isPresent()) {
                    RunRepository.finish(connection, unfinished.get().runId(), VerificationState.FAILED,
                            "abandoned: the phase changed from " + unfinished.get().phase() + " to " + phase + " before it finished");
                }
                int chunks = settings.chunks() > 0 ? settings.chunks() : autoChunks(connection);
                run = new RunRow(RunRepository.create(connection, phase, chunks, settings.owner()), phase, chunks);
            }
            Set<Integer> done = RunRepository.doneChunks(connection, run.runId());
            boolean clientsPending = !done.remove(RunRepository.CLIENTS_CHUNK);
            List<KeyRange> pending = new ArrayList<>();
            for (KeyRange range : KeyRange.all(run.chunkCount())) {
                if (!done.contains(range.chunkNo())) {
                    pending.add(range);
                }
            }
            // Tokens expired when the run started are compared by no one (the backfill does not copy
            // them); a resumed run keeps its own start, so that its chunks agree on what counts.
            long liveAfter = RunRepository.status(connection, run.runId()).orElseThrow().startedAt().getEpochSecond();
            LocalRun local = new LocalRun(run.runId(), done.size(), run.chunkCount(), liveAfter);
            current.set(local);
            runner.execute(() -> execute(local, clientsPending, pending, lock));
            return run.runId();
        } catch (SQLException | RuntimeException e) {
            lock.close();
            if (e instanceof SQLException sql) {
                throw new VerificationException("cannot start verification: " + sql.getMessage(), sql);
            }
            throw (RuntimeException) e;
        }
    }

    /** The latest run, whoever started it; empty when none ever ran. */
    public Optional<VerificationStatus> status() {
        try (Connection connection = engine.open()) {
            return RunRepository.latest(connection);
        } catch (SQLException e) {
            throw new VerificationException("cannot read the verification status: " + e.getMessage(), e);
        }
    }

    public Optional<VerificationStatus> status(long runId) {
        try (Connection connection = engine.open()) {
            return RunRepository.status(connection, runId);
        } catch (SQLException e) {
            throw new VerificationException("cannot read the status of run " + runId + ": " + e.getMessage(), e);
        }
    }

    /**
     * The run's status and every difference found so far, in id order.
     *
     * @throws IllegalArgumentException when there is no such run
     */
    public VerificationReport report(long runId) {
        try (Connection connection = engine.open()) {
            VerificationStatus status = RunRepository.status(connection, runId)
                    .orElseThrow(() -> new IllegalArgumentException("runId: there is no verification run " + runId));
            return new VerificationReport(status, RunRepository.differences(connection, runId));
        } catch (SQLException e) {
            throw new VerificationException("cannot read the report of run " + runId + ": " + e.getMessage(), e);
        }
    }

    /** The run this instance started or resumed last, with what it did itself; empty before the first start. */
    public Optional<LocalRun> localRun() {
        return Optional.ofNullable(current.get());
    }

    /**
     * Stops working on the current run, leaving it RUNNING for a later {@link #start} to resume,
     * and releases the lock.
     */
    @Override
    public void close() {
        LocalRun run = current.get();
        if (run != null) {
            run.stop = true;
            try {
                run.completion.get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.log(Level.WARNING, "verification run " + run.runId + " did not stop cleanly", e);
            }
        }
        runner.shutdownNow();
    }

    private void execute(LocalRun run, boolean clientsPending, List<KeyRange> pending, RunLock lock) {
        long started = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        ExecutorService workers = Executors.newFixedThreadPool(settings.threads(), daemon("verification-worker"));
        try {
            if (clientsPending) {
                compareClients(run, failure);
            }
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < settings.threads(); i++) {
                futures.add(workers.submit(() -> work(run, pending, next, failure)));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            run.seconds = (System.nanoTime() - started) / 1e9;
            try (Connection connection = engine.open()) {
                if (failure.get() != null) {
                    RunRepository.finish(connection, run.runId, VerificationState.FAILED, describe(failure.get()));
                } else if (!run.stop) {
                    RunRepository.finish(connection, run.runId, VerificationState.DONE, null);
                }
                run.completion.complete(RunRepository.status(connection, run.runId).orElseThrow());
            }
        } catch (Exception e) {
            LOG.log(Level.WARNING, "verification run " + run.runId + " could not record its end", e);
            run.completion.completeExceptionally(e);
        } finally {
            workers.shutdownNow();
            lock.close();
        }
    }

    private void work(LocalRun run, List<KeyRange> pending, AtomicInteger next, AtomicReference<Exception> failure) {
        try (Connection legacyConnection = legacy.open(); Connection engineConnection = engine.open()) {
            int index;
            while (!run.stop && failure.get() == null && (index = next.getAndIncrement()) < pending.size()) {
                KeyRange range = pending.get(index);
                ChunkResult result = compareChunk(legacyConnection, engineConnection, range, run.liveAfter);
                RunRepository.recordChunk(engineConnection, run.runId, result, settings.owner());
                run.computedChunks.incrementAndGet();
                run.computedRows.addAndGet(result.rowsCompared());
                if (!settings.pause().isZero()) {
                    LockSupport.parkNanos(settings.pause().toNanos());
                }
            }
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        }
    }

    /** The clients' chunk: every client of both stores, read whole (apps are few), rechecked like a token chunk. */
    private void compareClients(LocalRun run, AtomicReference<Exception> failure) {
        try (Connection legacyConnection = legacy.open(); Connection engineConnection = engine.open()) {
            long started = System.nanoTime();
            Map<String, ClientReader.ClientSide> legacyClients = ClientReader.legacy(legacyConnection);
            Map<String, ClientReader.ClientSide> engineClients = ClientReader.engine(engineConnection);
            RecordComparison.Result compared = ClientComparison.compare(legacyClients, engineClients);
            if (!compared.differences().isEmpty() && !settings.recheck().isZero()) {
                LockSupport.parkNanos(settings.recheck().toNanos());
                compared = stillDifferent(compared, ClientComparison.compare(ClientReader.legacy(legacyConnection),
                        ClientReader.engine(engineConnection)));
            }
            // No checksums (apps are few: always compared record by record, so comparedRecords, which says
            // that checksums disagreed, is false); the row counts as each store holds them.
            ChunkResult result = new ChunkResult(RunRepository.CLIENTS_CHUNK,
                    new ChunkChecksum(legacyClients.size(), java.math.BigInteger.ZERO),
                    new ChunkChecksum(engineClients.size(), java.math.BigInteger.ZERO),
                    compared.idsCompared(), false, compared.differences(), (System.nanoTime() - started) / 1_000_000);
            RunRepository.recordChunk(engineConnection, run.runId, result, settings.owner());
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        }
    }

    private ChunkResult compareChunk(Connection legacyConnection, Connection engineConnection, KeyRange range, long liveAfter)
            throws SQLException {
        long started = System.nanoTime();
        ChunkChecksum legacySum = LegacyChecksums.compute(legacyConnection, range, liveAfter);
        ChunkChecksum engineSum = EngineChecksums.compute(engineConnection, range, liveAfter);
        if (legacySum.equals(engineSum)) {
            return new ChunkResult(range.chunkNo(), legacySum, engineSum, legacySum.rows(), false, List.of(),
                    (System.nanoTime() - started) / 1_000_000);
        }
        RecordComparison.Result compared = compareRecords(legacyConnection, engineConnection, range, liveAfter);
        if (!compared.differences().isEmpty() && !settings.recheck().isZero()) {
            compared = stillDifferent(compared, legacyConnection, engineConnection, range, liveAfter);
        }
        return new ChunkResult(range.chunkNo(), legacySum, engineSum, compared.idsCompared(), true, compared.differences(),
                (System.nanoTime() - started) / 1_000_000);
    }

    private static RecordComparison.Result compareRecords(Connection legacyConnection, Connection engineConnection,
                                                          KeyRange range, long liveAfter) throws SQLException {
        return RecordComparison.compare(live(CanonicalReader.legacy(legacyConnection, range), liveAfter),
                live(CanonicalReader.engine(engineConnection, range), liveAfter));
    }

    /** The records of tokens live after {@code liveAfter} (epoch seconds), as the checksums count them; unreadable ones stay. */
    private static Map<String, SideRecord> live(Map<String, SideRecord> records, long liveAfter) {
        records.values().removeIf(side -> side.record() != null && side.record().expiresAt().getEpochSecond() <= liveAfter);
        return records;
    }

    /**
     * The differences of {@code first} that a second read, {@link VerificationSettings#recheck} later,
     * still finds, as that read sees them: a write in flight between the stores has landed by then,
     * while a real divergence stays.
     */
    private RecordComparison.Result stillDifferent(RecordComparison.Result first, Connection legacyConnection,
                                                   Connection engineConnection, KeyRange range, long liveAfter) throws SQLException {
        LockSupport.parkNanos(settings.recheck().toNanos());
        return stillDifferent(first, compareRecords(legacyConnection, engineConnection, range, liveAfter));
    }

    /** The differences of {@code second} that {@code first} found too. */
    private static RecordComparison.Result stillDifferent(RecordComparison.Result first, RecordComparison.Result second) {
        Set<String> suspects = new java.util.HashSet<>();
        first.differences().forEach(difference -> suspects.add(difference.id()));
        return new RecordComparison.Result(second.idsCompared(),
                second.differences().stream().filter(difference -> suspects.contains(difference.id())).toList());
    }

    private int autoChunks(Connection engineConnection) throws SQLException {
        long rows;
        try (Connection legacyConnection = legacy.open()) {
            rows = Math.max(RunRepository.estimatedLegacyRows(legacyConnection), RunRepository.estimatedEngineRows(engineConnection));
        }
        long chunks = (rows + VerificationSettings.ROWS_PER_CHUNK - 1) / VerificationSettings.ROWS_PER_CHUNK;
        return (int) Math.max(VerificationSettings.MIN_AUTO_CHUNKS, Math.min(KeyRange.MAX_CHUNKS, chunks));
    }

    private static String describe(Exception failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static void requirePhase(String phase) {
        if (phase == null || phase.isBlank()) {
            throw new IllegalArgumentException("phase: is required (the migration phase the run belongs to, e.g. SHADOW_READ)");
        }
        if (phase.length() > MAX_PHASE_LENGTH) {
            throw new IllegalArgumentException("phase: is " + phase.length() + " characters long; at most "
                    + MAX_PHASE_LENGTH + " are allowed");
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A run as this process works on it. */
    public static final class LocalRun {
        private final long runId;
        private final int chunksDoneBefore;
        private final int chunksTotal;
        private final AtomicInteger computedChunks = new AtomicInteger();
        private final java.util.concurrent.atomic.AtomicLong computedRows = new java.util.concurrent.atomic.AtomicLong();
        private final CompletableFuture<VerificationStatus> completion = new CompletableFuture<>();
        private final long liveAfter;
        private volatile boolean stop;
        private volatile double seconds;

        LocalRun(long runId, int chunksDoneBefore, int chunksTotal, long liveAfter) {
            this.runId = runId;
            this.liveAfter = liveAfter;
            this.chunksDoneBefore = chunksDoneBefore;
            this.chunksTotal = chunksTotal;
        }

        public long runId() {
            return runId;
        }

        /** Chunks already done when this process took the run up: more than 0 means it resumed. */
        public int chunksDoneBefore() {
            return chunksDoneBefore;
        }

        public int chunksTotal() {
            return chunksTotal;
        }

        /** Chunks this process compared. */
        public int computedChunks() {
            return computedChunks.get();
        }

        /** Rows this process compared. */
        public long computedRows() {
            return computedRows.get();
        }

        /** Seconds this process worked on the run; set when it ends. */
        public double seconds() {
            return seconds;
        }

        /** Completes with the final status when the run ends here (DONE, FAILED, or stopped by close). */
        public CompletableFuture<VerificationStatus> completion() {
            return completion;
        }
    }
}
