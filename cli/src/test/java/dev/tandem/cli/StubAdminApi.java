package dev.tandem.cli;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/**
 * An HTTP endpoint answering canned responses, for the CLI's unit tests of how it maps answers to
 * output and exit codes: one answer for every request, or a sequence, one per request, the last
 * repeated. What the real admin API answers is tested in {@code TandemCliIT}.
 */
final class StubAdminApi implements AutoCloseable {

    /** A request as the stub saw it. */
    record Seen(String method, String path, String authorization, String contentType, String body, String query) {
    }

    /** One canned response. */
    record Answer(int status, String contentType, String body) {
    }

    private final HttpServer server;
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Answer> answers = new ArrayDeque<>(List.of(new Answer(200, "application/json", "{}")));

    StubAdminApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] request = exchange.getRequestBody().readAllBytes();
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(request, StandardCharsets.UTF_8), exchange.getRequestURI().getQuery()));
            Answer next;
            synchronized (answers) {
                next = answers.size() > 1 ? answers.poll() : answers.peek();
            }
            byte[] answer = next.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", next.contentType());
            exchange.sendResponseHeaders(next.status(), answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    StubAdminApi answer(int status, String contentType, String body) {
        return answer(new Answer(status, contentType, body));
    }

    /** Answers {@code sequence} in order, one per request; the last one to every request after. */
    StubAdminApi answer(Answer... sequence) {
        synchronized (answers) {
            answers.clear();
            answers.addAll(List.of(sequence));
        }
        return this;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
