package dev.tandem.checker;

import dev.tandem.checker.cdc.CdcRole;
import dev.tandem.checker.metrics.MetricsServer;
import dev.tandem.checker.verdict.CheckRole;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

/**
 * The checker process: runs the roles its configuration names ({@code cdc}, {@code check}) until it is
 * stopped, then closes them in reverse order. Plain Java, no framework.
 *
 * <p>Usage: {@code CheckerMain [--roles cdc,check] [--set key=value ...] | --help}; every key of
 * {@link CheckerConfig} may also come from a system property or the environment ({@code --help}
 * prints them all with their defaults).
 */
public final class CheckerMain {
    private static final Logger LOG = LoggerFactory.getLogger(CheckerMain.class);

    private CheckerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 1 && args[0].equals("--help")) {
            System.out.println("usage: CheckerMain [--roles cdc,check] [--set key=value ...]\n"
                    + "Each setting may also be a system property of its name or an environment variable"
                    + " (tandem.checker.state-dir is TANDEM_CHECKER_STATE_DIR).\n\n" + CheckerConfig.reference());
            return;
        }
        CheckerConfig config;
        try {
            config = CheckerConfig.from(overrides(args));
        } catch (RuntimeException e) {
            System.err.println("tandem checker: " + e.getMessage());
            System.exit(2);
            return;
        }
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Heap and CPU beside the checker's own figures: memory flat in the number of tokens is a promise.
        new JvmMemoryMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        List<AutoCloseable> running = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeAll(running);
            stopped.countDown();
        }, "checker-shutdown"));

        List<BooleanSupplier> health = new ArrayList<>();
        if (config.runs(CheckerConfig.ROLE_CDC)) {
            CdcRole cdc = new CdcRole(config, metrics);
            running.add(cdc);
            cdc.start();
            health.add(cdc::isStreaming);
        }
        if (config.runs(CheckerConfig.ROLE_CHECK)) {
            CheckRole check = new CheckRole(config, metrics);
            running.add(check);
            check.start();
            health.add(check::isHealthy);
        }
        int metricsPort = config.getInt(CheckerConfig.METRICS_PORT_CONFIG);
        if (metricsPort >= 0) {
            try {
                MetricsServer server = MetricsServer.start(metricsPort, metrics,
                        () -> health.stream().allMatch(BooleanSupplier::getAsBoolean));
                running.add(server);
                LOG.info("metrics on http://0.0.0.0:{}/metrics, health on /health", server.port());
            } catch (IOException e) {
                LOG.error("cannot serve metrics on port {}: {}", metricsPort, e.toString());
            }
        }
        LOG.info("checker {} running roles {}", config.getString(CheckerConfig.INSTANCE_ID_CONFIG),
                config.getList(CheckerConfig.ROLES_CONFIG));
        stopped.await();
    }

    /** {@code --roles a,b} and {@code --set key=value}; anything else is refused with what is valid. */
    static Map<String, String> overrides(String[] args) {
        Map<String, String> overrides = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + arg + " needs a value");
            }
            String value = args[++i];
            switch (arg) {
                case "--roles" -> overrides.put(CheckerConfig.ROLES_CONFIG, value);
                case "--set" -> {
                    int eq = value.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException("--set \"" + value + "\" is not key=value");
                    }
                    overrides.put(value.substring(0, eq), value.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown option " + arg + " (valid: --roles, --set)");
            }
        }
        return overrides;
    }

    private static void closeAll(List<AutoCloseable> running) {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", running.get(i).getClass().getSimpleName(), e.toString());
            }
        }
    }
}
