package dev.tandem.backfill;

import dev.tandem.backfill.Checkpoint.Progress;
import dev.tandem.backfill.Checkpoint.Row;
import dev.tandem.backfill.LegacyChunkReader.Fetched;
import dev.tandem.backfill.LegacyChunkReader.LegacyDataException;
import dev.tandem.engine.EngineBatchUpsert;
import dev.tandem.legacy.mapping.LegacyMapping;
import dev.tandem.legacy.mapping.LegacyRow;
import dev.tandem.legacy.mapping.LegacyRowException;
import dev.tandem.model.TokenRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Copies the legacy store's rows into the engine: in id order, in chunks, throttled, expiry-aware,
 * pausable, and resumable from a durable checkpoint after a restart or a {@code kill -9}.
 *
 * <p><b>Correctness.</b> Rows go through the legacy adapter's canonical mapping
 * ({@link LegacyRow#fromColumns}, {@link LegacyMapping#toCanonical}) and into the engine by
 * {@link EngineBatchUpsert}, which merges exactly as {@code EngineTokenStore.upsert} does: a copied
 * row never overwrites a newer dual-written record and never revives a revoked token, whatever the
 * interleaving with live writes. The checkpoint ({@code backfill_checkpoint}, in the engine database)
 * advances in the same transaction as the chunk's rows, under a row lock that also checks the
 * lease and the expected previous checkpoint: a chunk is applied and recorded together or not at
 * all, never by two instances, and never skipped.
 *
 * <p><b>Control.</b> The checkpoint row is also the control plane: {@link #pause()},
 * {@link #resume()} and {@link #setRowsPerSecond} write it, and the instance that runs the job
 * obeys it at its next chunk, so they work from any orchestrator instance. One instance runs the
 * job at a time, holding a lease it renews with every chunk; when it dies the lease runs out and
 * {@link #resume()} or {@link #takeOverIfOrphaned()} on another instance continues from the
 * checkpoint. The live dual-write must be on before the backfill starts: rows written to legacy
 * behind the scan are the mirror's to copy.
 *
 * <p>Thread-safe. The work runs on a thread of its own (and a reader thread that fetches the next
 * chunk while the current one is written); {@link #close()} stops it and lets go of the lease.
 */
public final class Backfill implements AutoCloseable {
    /** The checkpoint row's name: there is one legacy-to-engine backfill. */
    public static final String DEFAULT_NAME = "legacy-to-engine";

    static final String ALREADY_DONE = "the backfill is DONE (finished at %s, %d rows copied of %d scanned):"
            + " start it with restart to copy again from the first id";
    static final String ALREADY_STARTED = "a backfill exists (state %s, checkpoint at %s): resume it to continue,"
            + " or start it with restart to copy again from the first id";
    static final String HELD = "the backfill is %s on instance %s, whose lease runs until %s";
    static final String NONE = "no backfill was started: start one first";

    /** Retries of a chunk whose database work failed for a reason that may pass (connection lost, deadlock). */
    static final int MAX_ATTEMPTS = 10;
    private static final long MAX_BACKOFF_MS = 5_000;
    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long RATE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Threads that map legacy rows to records; the reader thread reads meanwhile. */
    private static final int MAPPING_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
    /** Below this many rows a chunk is mapped on the reader thread: handing it over would cost more. */
    private static final int MIN_ROWS_PER_SLICE = 500;
    private static final System.Logger LOG = System.getLogger(Backfill.class.getName());

    private final JdbcConnector legacy;
    private final JdbcConnector engine;
    private final String name;
    private final String owner;
    private final Supplier<CheckerProgress> checker;
    private Runner runner;
    private boolean closed;

    /**
     * @param legacy       connections to the legacy database (MariaDB)
     * @param engine       connections to the engine database (PostgreSQL, migrated to V3 or later)
     * @param owner        this instance's name in the lease, unique among instances (e.g. pod name and pid)
     * @param checker      the consistency checker's progress (an exception when unknown); null when there is
     *                     no checker to spare
     */
    public Backfill(JdbcConnector legacy, JdbcConnector engine, String owner, Supplier<CheckerProgress> checker) {
        this(legacy, engine, DEFAULT_NAME, owner, checker);
    }

    Backfill(JdbcConnector legacy, JdbcConnector engine, String name, String owner, Supplier<CheckerProgress> checker) {
        this.legacy = Objects.requireNonNull(legacy, "legacy");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.name = Objects.requireNonNull(name, "name");
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("invalid owner \"" + owner + "\" (valid: a non-blank instance name)");
        }
        this.owner = owner;
        this.checker = checker == null ? () -> CheckerProgress.CAUGHT_UP : checker;
    }

    /** {@link #start(BackfillSettings, boolean)} without restart. */
    public BackfillStatus start(BackfillSettings settings) {
        return start(settings, false);
    }

    /**
     * Starts a backfill from the first legacy id and runs it on this instance.
     *
     * @param restart start over even when a backfill exists (DONE, or unfinished and not held by a live instance)
     * @throws BackfillException CONFLICT when a backfill exists and {@code restart} is false, or another
     *                           live instance holds it
     */
    public synchronized BackfillStatus start(BackfillSettings settings, boolean restart) {
        Objects.requireNonNull(settings, "settings");
        requireOpen();
        if (restart) {
            stopRunner();
        }
        inEngineTransaction(connection -> {
            Optional<Row> existing = Checkpoint.load(connection, name, true);
            if (existing.isPresent()) {
                Row row = existing.get();
                if (!restart) {
                    throw BackfillException.conflict(row.state() == BackfillState.DONE
                            ? ALREADY_DONE.formatted(row.finishedAt(), row.rowsCopied(), row.rowsScanned())
                            : ALREADY_STARTED.formatted(row.state(), row.lastId() == null ? "the first id" : row.lastId()));
                }
                if (!row.claimableBy(owner)) {
                    throw BackfillException.conflict(HELD.formatted(row.state(), row.owner(), row.leaseUntil()));
                }
            }
            Checkpoint.begin(connection, name, settings, owner, estimateLegacyRows());
            return null;
        });
        LOG.log(System.Logger.Level.INFO, "backfill started by " + owner + (restart ? " (restart)" : "") + ": " + settings);
        launch();
        return status();
    }

    /**
     * Continues the backfill from its checkpoint: a paused one, a failed one, or one whose instance
     * died (once its lease has run out). When another live instance holds the job, it continues there.
     *
     * @throws BackfillException CONFLICT when there is no backfill or it is DONE
     */
    public synchronized BackfillStatus resume() {
        requireOpen();
        boolean here = inEngineTransaction(connection -> {
            Row row = Checkpoint.load(connection, name, true).orElseThrow(() -> BackfillException.conflict(NONE));
            if (row.state() == BackfillState.DONE) {
                throw BackfillException.conflict(ALREADY_DONE.formatted(row.finishedAt(), row.rowsCopied(), row.rowsScanned()));
            }
            if (row.claimableBy(owner)) {
                Checkpoint.moveTo(connection, name, BackfillState.RUNNING, owner);
                return true;
            }
            Checkpoint.moveTo(connection, name, BackfillState.RUNNING, null);
            return false;
        });
        if (here) {
            launch();
        }
        return status();
    }

    /**
     * Pauses the backfill: the instance that runs it finishes (or drops) its current chunk and idles,
     * holding the job, until {@link #resume()}.
     *
     * @throws BackfillException CONFLICT when there is no backfill or it is DONE
     */
    public synchronized BackfillStatus pause() {
        requireOpen();
        inEngineTransaction(connection -> {
            Row row = Checkpoint.load(connection, name, true).orElseThrow(() -> BackfillException.conflict(NONE));
            if (row.state() == BackfillState.DONE) {
                throw BackfillException.conflict(ALREADY_DONE.formatted(row.finishedAt(), row.rowsCopied(), row.rowsScanned()));
            }
            if (row.state() != BackfillState.PAUSED) {
                Checkpoint.moveTo(connection, name, BackfillState.PAUSED, null);
            }
            return null;
        });
        wakeRunner();
        return status();
    }

    /**
     * Changes the rate limit while the backfill runs (0: none); the running instance applies it at
     * its next chunk.
     *
     * @throws IllegalArgumentException when the rate is out of range
     * @throws BackfillException        CONFLICT when there is no backfill
     */
    public synchronized BackfillStatus setRowsPerSecond(int rowsPerSecond) {
        BackfillSettings.checkRowsPerSecond(rowsPerSecond);
        requireOpen();
        inEngineTransaction(connection -> {
            Checkpoint.load(connection, name, true).orElseThrow(() -> BackfillException.conflict(NONE));
            Checkpoint.setRate(connection, name, rowsPerSecond);
            return null;
        });
        if (runner != null) {
            runner.throttle.setLimit(rowsPerSecond);
        }
        wakeRunner();
        return status();
    }

    /**
     * Runs the backfill here if its durable state says RUNNING but no live instance holds it (its
     * instance died or was stopped). For an orchestrator's periodic tick; answers whether it took over.
     */
    public synchronized boolean takeOverIfOrphaned() {
        requireOpen();
        if (runningHere()) {
            return false;
        }
        boolean taken = inEngineTransaction(connection -> {
            Optional<Row> row = Checkpoint.load(connection, name, true);
            if (row.isEmpty() || row.get().state() != BackfillState.RUNNING || !row.get().claimableBy(owner)) {
                return false;
            }
            Checkpoint.moveTo(connection, name, BackfillState.RUNNING, owner);
            return true;
        });
        if (taken) {
            LOG.log(System.Logger.Level.INFO, "backfill taken over by " + owner);
            launch();
        }
        return taken;
    }

    /** The backfill's status as its checkpoint says, with this instance's rate when it runs the job. */
    public BackfillStatus status() {
        Optional<Row> stored = inEngineTransaction(connection -> Checkpoint.load(connection, name, false));
        if (stored.isEmpty()) {
            return BackfillStatus.never();
        }
        Row row = stored.get();
        Runner local = currentRunner();
        boolean runsHere = local != null && row.owner() != null && row.owner().equals(owner) && local.isAlive();
        double rate = runsHere ? local.recentRate() : row.state() == BackfillState.RUNNING ? row.recentRowsPerSecond() : 0;
        long effective = runsHere ? local.throttle.effectiveRate() : row.settings().rowsPerSecond();
        String throttledBecause = runsHere ? local.throttle.reason() : null;
        long total = Math.max(row.estimatedTotalRows(), row.rowsScanned());
        Long eta = row.state() == BackfillState.DONE ? Long.valueOf(0)
                : rate > 0 ? Long.valueOf(Math.round((total - row.rowsScanned()) / rate)) : null;
        boolean legacyOnlyGone = row.lastLegacyOnlyExpiry() != null && !row.lastLegacyOnlyExpiry().isAfter(row.databaseNow());
        return new BackfillStatus(row.state(), row.rowsScanned(), row.rowsCopied(), row.rowsSkippedExpired(),
                row.rowsSkippedExpiring(), row.rowsSkippedNewer(), total, rate, effective, throttledBecause, eta, row.lastId(),
                legacyOnlyGone ? 0 : row.liveOnlyInLegacy(), row.lastLegacyOnlyExpiry(), row.owner(), row.leaseUntil(),
                row.settings(), row.startedAt(), row.updatedAt(), row.finishedAt(), row.error());
    }

    /** Whether this instance's worker thread is running the job now. */
    public synchronized boolean runningHere() {
        return runner != null && runner.isAlive();
    }

    /** Stops the work on this instance and lets go of the lease; the durable state stays as it is, for another instance. */
    @Override
    public synchronized void close() {
        closed = true;
        stopRunner();
    }

    private synchronized Runner currentRunner() {
        return runner;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this Backfill is closed");
        }
    }

    private void launch() {
        if (runningHere()) {
            wakeRunner();
            return;
        }
        stopRunner();
        runner = new Runner();
        runner.thread.start();
    }

    private void wakeRunner() {
        if (runner != null) {
            runner.wake();
        }
    }

    private void stopRunner() {
        if (runner != null) {
            runner.stop();
            runner = null;
        }
    }

    private long estimateLegacyRows() throws SQLException {
        try (Connection connection = legacy.connect()) {
            return LegacyChunkReader.estimatedRows(connection);
        }
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T inEngineTransaction(Work<T> work) {
        try (Connection connection = engine.connect()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new BackfillException(BackfillException.Reason.FAILURE,
                    "the engine database failed: " + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
        }
    }

    /**
     * One chunk, read and mapped. {@code lastId} is null for the empty chunk at the end.
     *
     * @param records    the mapped rows, in id order
     * @param expiredRead rows read but not mapped: SQL found them expired ({@link LegacyChunkReader})
     */
    private record Chunk(List<TokenRecord> records, long expiredRead, String lastId) {
        int scanned() {
            return records.size() + (int) expiredRead;
        }
    }

    /** What the checkpoint said when a chunk came to commit. */
    private enum Verdict { APPLIED, NOT_RUNNING, LOST }

    /** The worker: one per instance that runs the job, for as long as it holds it. */
    private final class Runner {
        final Thread thread = new Thread(this::run, "tandem-backfill");
        final Throttle throttle;
        private final ExecutorService readerThread = Executors.newSingleThreadExecutor(task -> {
            Thread reader = new Thread(task, "tandem-backfill-reader");
            reader.setDaemon(true);
            return reader;
        });
        private final ExecutorService mappers = Executors.newFixedThreadPool(MAPPING_THREADS, task -> {
            Thread mapper = new Thread(task, "tandem-backfill-mapper");
            mapper.setDaemon(true);
            return mapper;
        });
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition woken = lock.newCondition();
        private final ArrayDeque<long[]> samples = new ArrayDeque<>();
        private volatile boolean stopping;
        private BackfillSettings settings;
        private LegacyChunkReader reader;
        private Future<Chunk> pending;
        private Connection connection;
        private String checkpoint;
        private long scanned;

        Runner() {
            Row row = inEngineTransaction(c -> Checkpoint.load(c, name, false)).orElseThrow(() -> BackfillException.conflict(NONE));
            settings = row.settings();
            throttle = new Throttle(settings.rowsPerSecond(), settings.lagThresholdMs(), System::nanoTime);
            thread.setDaemon(true);
        }

        boolean isAlive() {
            return thread.isAlive();
        }

        void wake() {
            lock.lock();
            try {
                woken.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void stop() {
            stopping = true;
            wake();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            readerThread.shutdownNow();
            mappers.shutdownNow();
        }

        synchronized double recentRate() {
            if (samples.size() < 2) {
                return 0;
            }
            long[] first = samples.peekFirst();
            long[] last = samples.peekLast();
            double seconds = (last[0] - first[0]) / 1e9;
            return seconds <= 0 ? 0 : (last[1] - first[1]) / seconds;
        }

        private synchronized void sample(long rows) {
            long now = System.nanoTime();
            scanned += rows;
            samples.addLast(new long[] {now, scanned});
            while (samples.size() > 2 && now - samples.peekFirst()[0] > RATE_WINDOW_NANOS) {
                samples.pollFirst();
            }
        }

        private void run() {
            int failures = 0;
            try {
                while (!stopping) {
                    try {
                        if (!step()) {
                            return;
                        }
                        failures = 0;
                    } catch (SQLException e) {
                        discardReader();
                        closeConnection();
                        failures++;
                        if (isPermanent(e) || failures >= MAX_ATTEMPTS) {
                            fail("database error after " + failures + " attempt(s): " + e.getMessage()
                                    + " (SQLState " + e.getSQLState() + ")");
                            return;
                        }
                        LOG.log(System.Logger.Level.WARNING, "backfill chunk failed (attempt " + failures + " of "
                                + MAX_ATTEMPTS + "), retrying: " + e.getMessage());
                        pauseFor(TimeUnit.MILLISECONDS.toNanos(Math.min(MAX_BACKOFF_MS, 100L << failures)));
                    } catch (LegacyRowException | LegacyDataException e) {
                        fail("legacy data the backfill cannot copy: " + e.getMessage());
                        return;
                    }
                }
            } catch (RuntimeException e) {
                fail("unexpected failure: " + e);
            } finally {
                discardReader();
                releaseLease();
                closeConnection();
            }
        }

        /**
         * Reads and commits one chunk, or idles while the job is paused. Answers false when this
         * instance is done with the job (finished, failed, or taken over).
         */
        private boolean step() throws SQLException {
            if (connection == null) {
                connection = engine.connect();
                connection.setAutoCommit(false);
            }
            if (reader == null) {
                Row row = control();
                if (!mine(row)) {
                    return false;
                }
                if (row.state() == BackfillState.PAUSED) {
                    return idle();
                }
                if (row.state() != BackfillState.RUNNING) {
                    return false;
                }
                checkpoint = row.lastId();
                reader = new LegacyChunkReader(legacy, checkpoint);
            }
            CheckerProgress progress = checkerProgress();
            OptionalLong lag = progress == null || progress.lagMs() < 0 ? OptionalLong.empty() : OptionalLong.of(progress.lagMs());
            if (throttle.observeLag(lag, progress == null ? 0 : progress.eventsPerSecond(), recentRate())) {
                String why = throttle.reason();
                LOG.log(throttle.stalled() ? System.Logger.Level.WARNING : System.Logger.Level.INFO, why != null
                        ? "backfill " + why : "backfill no longer throttled by the checker's lag");
            }
            int rows = throttle.chunkRows(settings.chunkSize());
            pauseFor(throttle.reserve(rows));
            if (stopping) {
                return false;
            }
            Chunk chunk = nextChunk(rows);
            if (chunk.scanned() > 0) {
                LegacyChunkReader current = reader;
                int nextRows = throttle.chunkRows(settings.chunkSize());
                pending = readerThread.submit(() -> read(current, nextRows));
            }
            Verdict verdict = commit(chunk);
            if (verdict == Verdict.LOST) {
                LOG.log(System.Logger.Level.WARNING, "backfill: " + owner + " no longer holds the job; stopping here");
                return false;
            }
            if (verdict == Verdict.NOT_RUNNING) {
                discardReader();
                return true;
            }
            checkpoint = chunk.lastId() == null ? checkpoint : chunk.lastId();
            sample(chunk.scanned());
            if (chunk.scanned() == 0) {
                LOG.log(System.Logger.Level.INFO, "backfill DONE");
                return false;
            }
            return true;
        }

        /** Waits while PAUSED, renewing the lease; answers false when the job is no longer this instance's to run. */
        private boolean idle() throws SQLException {
            long renewEvery = TimeUnit.SECONDS.toNanos(settings.leaseSeconds()) / 3;
            long lastRenewal = System.nanoTime();
            while (!stopping) {
                Row row = control();
                if (!mine(row)) {
                    return false;
                }
                if (row.state() == BackfillState.RUNNING) {
                    return true;
                }
                if (row.state() != BackfillState.PAUSED) {
                    return false;
                }
                if (System.nanoTime() - lastRenewal >= renewEvery) {
                    Checkpoint.renew(connection, name, owner);
                    connection.commit();
                    lastRenewal = System.nanoTime();
                }
                pauseFor(IDLE_POLL_NANOS);
            }
            return false;
        }

        private Row control() throws SQLException {
            try {
                Row row = Checkpoint.load(connection, name, false).orElse(null);
                connection.commit();
                if (row != null) {
                    settings = row.settings();
                    throttle.setLimit(settings.rowsPerSecond());
                }
                return row;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }

        private boolean mine(Row row) {
            return row != null && owner.equals(row.owner());
        }

        private Chunk nextChunk(int rows) throws SQLException {
            if (pending == null) {
                return read(reader, rows);
            }
            try {
                return pending.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading legacy rows", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            } finally {
                pending = null;
            }
        }

        /** Applies a chunk and advances the checkpoint in one transaction, if the checkpoint still says so. */
        private Verdict commit(Chunk chunk) throws SQLException {
            try {
                Row row = Checkpoint.load(connection, name, true).orElse(null);
                if (!mine(row) || !Objects.equals(row.lastId(), checkpoint)) {
                    connection.rollback();
                    return Verdict.LOST;
                }
                settings = row.settings();
                throttle.setLimit(settings.rowsPerSecond());
                if (row.state() != BackfillState.RUNNING) {
                    connection.rollback();
                    return row.state() == BackfillState.PAUSED ? Verdict.NOT_RUNNING : Verdict.LOST;
                }
                ExpiryFilter.Sorted sorted = ExpiryFilter.sort(chunk.records(), Instant.now(), settings.expiryHorizonSeconds());
                int copied = EngineBatchUpsert.upsert(connection, sorted.toCopy());
                long liveOnly = 0;
                Instant lastExpiry = null;
                if (!sorted.expiringLive().isEmpty()) {
                    Set<String> present = presentInEngine(sorted.expiringLive());
                    for (TokenRecord record : sorted.expiringLive()) {
                        if (!present.contains(record.id())) {
                            liveOnly++;
                            lastExpiry = lastExpiry == null || record.expiresAt().isAfter(lastExpiry) ? record.expiresAt() : lastExpiry;
                        }
                    }
                }
                Checkpoint.advance(connection, name, new Progress(chunk.lastId(), chunk.scanned(), copied,
                        sorted.expired() + chunk.expiredRead(), sorted.expiring(), sorted.toCopy().size() - copied, liveOnly,
                        lastExpiry, recentRate(), chunk.scanned() == 0));
                connection.commit();
                return Verdict.APPLIED;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }

        private Set<String> presentInEngine(List<TokenRecord> records) throws SQLException {
            String[] ids = records.stream().map(TokenRecord::id).toArray(String[]::new);
            Set<String> present = new HashSet<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT id FROM oauth_token WHERE id = ANY(?)")) {
                query.setArray(1, connection.createArrayOf("text", ids));
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        present.add(rows.getString(1));
                    }
                }
            }
            return present;
        }

        /** The checker's progress; null when unknown, which the throttle takes as no reason to slow down or speed up. */
        private CheckerProgress checkerProgress() {
            try {
                return checker.get();
            } catch (RuntimeException e) {
                return null;
            }
        }

        private void pauseFor(long nanos) {
            if (nanos <= 0) {
                return;
            }
            lock.lock();
            try {
                long left = nanos;
                while (left > 0 && !stopping) {
                    left = woken.awaitNanos(left);
                    // Woken early by a pause or a rate change: the chunk waits its time all the same.
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
            } finally {
                lock.unlock();
            }
        }

        private void fail(String error) {
            LOG.log(System.Logger.Level.ERROR, "backfill FAILED: " + error);
            try (Connection failing = engine.connect()) {
                Checkpoint.fail(failing, name, owner, error);
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.ERROR, "backfill: could not record the failure: " + e.getMessage());
            }
        }

        /** Conditional on still holding it, so harmless after a take-over. */
        private void releaseLease() {
            try (Connection releasing = engine.connect()) {
                Checkpoint.release(releasing, name, owner);
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.WARNING, "backfill: could not release the lease (it runs out by itself): "
                        + e.getMessage());
            }
        }

        private void discardReader() {
            if (pending != null) {
                pending.cancel(false);
                try {
                    pending.get();
                } catch (Exception ignored) {
                    // The read's outcome no longer matters; only that it is over before the reader closes.
                }
                pending = null;
            }
            if (reader != null) {
                try {
                    reader.close();
                } catch (SQLException ignored) {
                    // A broken legacy connection is why we discard; nothing left to clean.
                }
                reader = null;
            }
        }

        private void closeConnection() {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // Already broken.
                }
                connection = null;
            }
        }

        /**
         * Reads a chunk and maps it, in slices on the mapping threads: mapping (JSON, dates, scopes)
         * costs more than reading, and one thread of it held the whole backfill back.
         */
        private Chunk read(LegacyChunkReader source, int rows) throws SQLException {
            List<Fetched> fetched = source.next(rows);
            List<Fetched> toMap = new ArrayList<>(fetched.size());
            for (Fetched row : fetched) {
                if (!row.expired()) {
                    toMap.add(row);
                }
            }
            int slices = toMap.size() < MIN_ROWS_PER_SLICE ? 1 : MAPPING_THREADS;
            List<Future<List<TokenRecord>>> parts = new ArrayList<>(slices);
            for (int i = 0; i < slices; i++) {
                List<Fetched> slice = toMap.subList(toMap.size() * i / slices, toMap.size() * (i + 1) / slices);
                parts.add(slices == 1 ? CompletableFuture.completedFuture(map(slice)) : mappers.submit(() -> map(slice)));
            }
            List<TokenRecord> records = new ArrayList<>(toMap.size());
            for (Future<List<TokenRecord>> part : parts) {
                records.addAll(await(part));
            }
            String lastId = fetched.isEmpty() ? null : fetched.get(fetched.size() - 1).signature();
            return new Chunk(records, fetched.size() - toMap.size(), lastId);
        }
    }

    private static List<TokenRecord> map(List<Fetched> rows) {
        List<TokenRecord> records = new ArrayList<>(rows.size());
        for (Fetched row : rows) {
            records.add(LegacyMapping.toCanonical(row.toRow()));
        }
        return records;
    }

    /** The result of a read or a mapping, with its own exception unwrapped, so that messages stay as they were. */
    private static <T> T await(Future<T> future) throws SQLException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading legacy rows", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Errors that repeating will not cure: bad data, constraint violations, a schema that is not there. */
    static boolean isPermanent(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("42"));
    }
}
