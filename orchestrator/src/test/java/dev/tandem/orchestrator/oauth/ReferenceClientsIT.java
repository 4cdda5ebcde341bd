package dev.tandem.orchestrator.oauth;

import dev.tandem.orchestrator.admin.AdminApi;
import dev.tandem.orchestrator.oauth.ClientProcesses.Run;
import dev.tandem.orchestrator.oauth.OAuthDriver.App;
import dev.tandem.orchestrator.testing.FreshStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.tandem.orchestrator.admin.AdminApi.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference clients of {@code clients/} (Python, standard library only; Node, oauth4webapi and jose),
 * run as real processes against the real server, as an integrating developer runs them: each walks the
 * whole flow for a public and a confidential app, with legacy primary (opaque access tokens) and in
 * {@code ENGINE_ONLY} (EdDSA JWS, whose signature the client verifies against the JWKS).
 */
@QuarkusTest
@TestProfile(ReferenceClientsIT.IssuerIsTheTestPort.class)
@QuarkusTestResource(value = FreshStackResource.class, restrictToAnnotatedClass = true)
class ReferenceClientsIT {
    private static final String REDIRECT = "http://127.0.0.1:9/cb";
    private static final Duration CLIENT_LIMIT = Duration.ofSeconds(60);
    /** The test's working directory is the module's; the clients are at the repository's root. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> STEPS = List.of("discovery", "authorize", "token", "jws", "introspect", "refresh",
            "revoke", "reuse");

    /**
     * The clients check that the metadata's issuer and every response's {@code iss} are the URL they were
     * given (RFC 8414 §3.3, RFC 9207), so the issuer must be this instance's real address: a fixed free
     * port, chosen before the application starts, instead of the random test port.
     */
    public static class IssuerIsTheTestPort implements QuarkusTestProfile {
        static final int PORT = freePort();
        static final String ISSUER = "http://127.0.0.1:" + PORT;

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.test-port", String.valueOf(PORT), OAuthConfig.ISSUER, ISSUER);
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @TempDir
    Path temp;

    @Test
    void thePythonEd25519VerificationPassesTheRfc8032Vectors() {
        Run run = ClientProcesses.run(ROOT.resolve("clients/python"), CLIENT_LIMIT, List.of("python3", "-m", "unittest", "-v"), Set.of());
        assertThat(run.exitCode()).as("python3 -m unittest in clients/python:%n%s", run.output()).isZero();
        assertThat(run.output()).contains("test_each_vector_verifies").contains("OK");
    }

    /* Rows run in this order: ENGINE_ONLY comes last because nothing leads back from it. */
    @ParameterizedTest(name = "{0} client, {1}")
    @CsvSource({
            "python, LEGACY_ONLY, the access token is opaque",
            "node,   LEGACY_ONLY, the access token is opaque",
            "python, ENGINE_ONLY, EdDSA signature verified",
            "node,   ENGINE_ONLY, EdDSA signature verified",
    })
    void theReferenceClientWalksTheWholeFlow(String client, String phase, String accessToken) throws IOException {
        if (phase.equals("LEGACY_ONLY")) {
            AdminApi.resetToLegacyOnly();
        } else {
            AdminApi.awaitReady();
            AdminApi.forceTo(phase);
        }
        // Registered in the phase under test: the app is then where that phase reads it.
        OAuthDriver oauth = new OAuthDriver(URI.create(IssuerIsTheTestPort.ISSUER + "/"), OPERATOR, IssuerIsTheTestPort.ISSUER);
        for (App registered : List.of(oauth.register("none", REDIRECT), oauth.register("client_secret_basic", REDIRECT))) {
            String id = registered.id().getValue();
            String secret = registered.secret() == null ? null : registered.secret().getValue();
            List<String> command = new ArrayList<>(command(client));
            command.addAll(List.of("--issuer", IssuerIsTheTestPort.ISSUER, "--client-id", id, "--redirect-uri", REDIRECT,
                    "--scope", "orders.read", "--login-hint", "alice"));
            if (secret != null) {
                Path secretFile = Files.writeString(temp.resolve(id + ".secret"), secret);
                command.addAll(List.of("--client-secret-file", secretFile.toString()));
            }
            // The secret comes from the file the test names, never from an inherited environment.
            Run run = ClientProcesses.run(ROOT, CLIENT_LIMIT, command, Set.of("TANDEM_CLIENT_SECRET"));
            String kind = secret == null ? "public" : "confidential";
            // In the test log, what a developer running the client would see.
            System.out.printf("%s client, %s app, %s:%n%s", client, kind, phase, run.output());
            assertThat(run.exitCode()).as("%s client, %s app, %s: exit code; output:%n%s", client, kind, phase, run.output()).isZero();
            for (String step : STEPS) {
                assertThat(run.output()).as("%s client, %s app, %s: output:%n%s", client, kind, phase, run.output())
                        .contains("ok " + step + ": ");
            }
            assertThat(run.output()).contains("ok jws: " + accessToken)
                    .contains("all checks passed (" + kind + " client " + id + ")");
            if (secret != null) {
                assertThat(run.output()).as("the secret is never printed").doesNotContain(secret);
            }
        }
    }

    private static List<String> command(String client) {
        return switch (client) {
            case "python" -> List.of("python3", "clients/python/tandem_client.py");
            case "node" -> {
                ClientProcesses.installNodeModules(ROOT.resolve("clients/node"));
                yield List.of("node", "clients/node/tandem_client.mjs");
            }
            default -> throw new IllegalArgumentException("no reference client " + client);
        };
    }
}
