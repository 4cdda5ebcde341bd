package dev.tandem.cli;

import dev.tandem.admin.client.AdminCall;
import dev.tandem.admin.view.JwsKeys;
import dev.tandem.commandline.HelpOption;
import dev.tandem.commandline.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code keys list|rotate|retire}: the Ed25519 keys that sign access tokens while the engine is primary,
 * through {@code /admin/signing-keys}. Only public parts are ever shown.
 */
final class KeysCommands {
    private KeysCommands() {
    }

    @Command(name = "keys", synopsisSubcommandLabel = "<command>", commandListHeading = "%nCommands:%n",
            footer = {"", "Run ./tandem keys <command> --help for its options.", "", Settings.TOKEN_HELP, "", ExitCode.HELP},
            description = {"the access-token signing keys: list, rotate, retire"})
    static final class Group implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Override
        public Integer call() throws UsageException {
            throw new UsageException("missing command (valid: list, rotate, retire)");
        }
    }

    /** The group with its commands, each run by {@code cli}. */
    static CommandLine group(TandemCli cli) {
        return AdminCommand.group(new Group(), cli, List.of(new ListCommand(), new Rotate(), new Retire()));
    }

    @Command(name = "list", footer = {"", Settings.TOKEN_HELP, "", ExitCode.HELP}, description = {
            "list the signing keys: kid, state (signing, verifying, published), since when"})
    static final class ListCommand extends AdminCommand.OneCall<JwsKeys> {
        @Override
        AdminCall<JwsKeys> request() {
            return AdminCall.signingKeys();
        }

        @Override
        String human(JwsKeys answer) {
            if (answer.keys().isEmpty()) {
                return "no signing keys yet (one is made when the engine first signs a token)\n";
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"KID", "STATE", "ACTIVATED_AT"});
            for (JwsKeys.Key key : answer.keys()) {
                rows.add(new String[] {key.kid(), key.state(), key.activatedAt()});
            }
            return HumanOutput.table(rows);
        }
    }

    @Command(name = "rotate", footer = {"", Settings.TOKEN_HELP, "", ExitCode.HELP}, description = {
            "add a new signing key (operator); older keys keep verifying until retired", "",
            """
            Add a new Ed25519 signing key (operator role). It is in the JWKS at once and signs after
            --publish-ahead seconds, so that resource servers caching the JWKS know it before its
            first token. Example:
              ./tandem keys rotate --publish-ahead 3600"""})
    static final class Rotate extends AdminCommand.OneCall<JwsKeys.Key> {
        @Option(names = "--publish-ahead", paramLabel = "SECONDS", defaultValue = "0", order = 1,
                description = "seconds between publishing the key and its first signature (0 to 86400; default 0)")
        long publishAhead;

        @Override
        AdminCall<JwsKeys.Key> request() {
            return AdminCall.rotateSigningKey(publishAhead);
        }

        @Override
        String human(JwsKeys.Key answer) {
            return "signing key " + answer.kid() + " added (" + answer.state() + "), signing from " + answer.activatedAt() + "\n";
        }
    }

    @Command(name = "retire", footer = {"", Settings.TOKEN_HELP, "", ExitCode.HELP}, description = {
            "retire a signing key (operator): its tokens stop verifying at once"})
    static final class Retire extends AdminCommand.OneCall<JwsKeys> {
        @Parameters(index = "0", paramLabel = "KID", description = "the key's kid (./tandem keys list)")
        String kid;

        @Override
        AdminCall<JwsKeys> request() {
            return AdminCall.retireSigningKey(kid);
        }

        @Override
        String human(JwsKeys answer) {
            return "signing key " + kid + " retired; " + answer.keys().size() + " key(s) remain in service\n";
        }
    }
}
