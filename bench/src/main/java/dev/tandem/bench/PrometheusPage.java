package dev.tandem.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Prometheus metrics page (the checker's, an orchestrator's), read as the benchmarks need it: sample by name and labels. */
final class PrometheusPage {
    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)\\{([^}]*)}\\s+(\\S+)$");

    private PrometheusPage() {
    }

    static Map<String, Double> scrape(HttpClient http, URI metrics) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("the metrics at " + metrics + " answered " + response.statusCode());
        }
        return parse(response.body());
    }

    /** The samples of a Prometheus text page, by name and labels as written (minus empty trailing commas). */
    static Map<String, Double> parse(String page) {
        Map<String, Double> samples = new TreeMap<>();
        for (String line : page.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line.strip());
            if (m.matches()) {
                String labels = m.group(2).endsWith(",") ? m.group(2).substring(0, m.group(2).length() - 1) : m.group(2);
                samples.put(m.group(1) + "{" + labels + "}", Double.parseDouble(m.group(3)));
            } else if (!line.isBlank()) {
                String[] parts = line.strip().split("\\s+");
                if (parts.length == 2) {
                    samples.put(parts[0], Double.parseDouble(parts[1]));
                }
            }
        }
        return samples;
    }

    /** The sum of every sample of metric {@code name} whose labels contain all of {@code labels} (e.g. {@code area="heap"}). */
    static double sum(Map<String, Double> samples, String name, String... labels) {
        return samples.entrySet().stream()
                .filter(e -> e.getKey().startsWith(name + "{") && Arrays.stream(labels).allMatch(e.getKey()::contains))
                .mapToDouble(Map.Entry::getValue).sum();
    }
}
