package dev.tandem.checker.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * The checker process's small HTTP surface: {@code GET /metrics} (Prometheus text format) and
 * {@code GET /health} (200 {@code {"status":"UP"}} while every role runs, else 503 {@code DOWN}).
 * The JDK's own server: the process has no framework to borrow one from.
 */
public final class MetricsServer implements AutoCloseable {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    /**
     * @param port    the port to listen on, all interfaces; 0 for any free port
     * @param healthy whether every role of the process runs
     */
    public static MetricsServer start(int port, PrometheusMeterRegistry registry, BooleanSupplier healthy) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/metrics", exchange -> {
            if (refuseNonGet(exchange)) {
                return;
            }
            respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
        });
        server.createContext("/health", exchange -> {
            if (refuseNonGet(exchange)) {
                return;
            }
            boolean up = healthy.getAsBoolean();
            respond(exchange, up ? 200 : 503, "application/json", up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
        });
        server.start();
        return new MetricsServer(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static boolean refuseNonGet(HttpExchange exchange) throws IOException {
        if ("GET".equals(exchange.getRequestMethod())) {
            return false;
        }
        exchange.getResponseHeaders().add("Allow", "GET");
        respond(exchange, 405, "text/plain", "only GET is allowed\n");
        return true;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
