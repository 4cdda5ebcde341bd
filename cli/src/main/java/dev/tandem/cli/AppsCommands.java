package dev.tandem.cli;

import dev.tandem.admin.client.AdminCall;
import dev.tandem.admin.view.App;
import dev.tandem.admin.view.Apps;
import dev.tandem.commandline.HelpOption;
import dev.tandem.commandline.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code apps create|list|show|rotate-secret|delete}: the registered OAuth clients, through
 * {@code /admin/apps}. A secret is printed once, by the command that created or rotated it.
 */
final class AppsCommands {
    static final String SECRET_ONCE = "client_secret: %s%n  (shown once: store it now; Tandem keeps only its hash)%n";

    private AppsCommands() {
    }

    @Command(name = "apps", synopsisSubcommandLabel = "<command>", commandListHeading = "%nCommands:%n",
            footer = {"", "Run ./tandem apps <command> --help for its options.", "", Settings.TOKEN_HELP, "", ExitCode.HELP},
            description = {"register and manage OAuth apps (clients): create, list, show, rotate-secret, delete"})
    static final class Group implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Override
        public Integer call() throws UsageException {
            throw new UsageException("missing command (valid: create, list, show, rotate-secret, delete)");
        }
    }

    /** The group with its commands, each run by {@code cli}. */
    static CommandLine group(TandemCli cli) {
        return AdminCommand.group(new Group(), cli, List.of(new Create(), new ListCommand(), new Show(), new RotateSecret(), new Delete()));
    }

    @Command(name = "create", footer = {"", Settings.TOKEN_HELP, "", ExitCode.HELP}, description = {
            "register an app; prints its client_id and, for a confidential app, its secret (once)", "",
            """
            Register an OAuth app (operator role). A public app (a browser or native app) has no
            secret and must use PKCE; a confidential one gets a 256-bit secret, printed once.
            Redirect URIs are matched exactly at /oauth2/auth and /oauth2/token: register each one
            as the app sends it. Example:
              ./tandem apps create --name shop --redirect-uri https://shop.example/cb --public --scope orders.read"""})
    static final class Create extends AdminCommand.OneCall<App> {
        @Option(names = "--name", required = true, paramLabel = "NAME", order = 1, description = "the app's name (client_name)")
        String name;
        @Option(names = "--redirect-uri", required = true, paramLabel = "URI", order = 2,
                description = "a redirect URI, absolute, without a fragment; repeat for more")
        List<String> redirectUris = new ArrayList<>();
        @ArgGroup(exclusive = true, multiplicity = "1", order = 3)
        Kind kind;
        @Option(names = "--scope", paramLabel = "SCOPE", order = 4, description = "a scope the app may be granted; repeat for more")
        List<String> scopes = new ArrayList<>();

        static final class Kind {
            @Option(names = "--public", required = true, description = "no secret (token_endpoint_auth_method none); PKCE required")
            boolean isPublic;
            @Option(names = "--confidential", required = true, description = "with a secret (client_secret_basic)")
            boolean confidential;
        }

        @Override
        AdminCall<App> request() {
            return AdminCall.createApp(name, redirectUris, kind.isPublic ? "none" : "client_secret_basic",
                    scopes.isEmpty() ? null : String.join(" ", scopes));
        }

        @Override
        String human(App answer) {
            return "registered " + describe(answer) + secret(answer);
        }
    }

    @Command(name = "list", footer = {"", Settings.TOKEN_HELP, "", ExitCode.HELP}, description = {
            "list the registered apps: client_id, name, type, redirect URIs, scopes"})
    static final class ListCommand extends AdminCommand.OneCall<Apps> {
        @Override
        AdminCall<Apps> request() {
            return AdminCall.apps();
        }

        @Override
        String human(Apps answer) {
            if (answer.apps().isEmpty()) {
                return "no apps registered (./tandem apps create --help)\n";
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"CLIENT_ID", "NAME", "TYPE", "REDIRECT_URIS", "SCOPE"});
            for (App app : answer.apps()) {
                rows.add(new String[] {app.clientId(), app.clientName(), type(app), String.join(" ", app.redirectUris()),
                        app.scope()});
            }
            return HumanOutput.table(rows);
        }
    }

    @Command(name = "show", footer = {"", Settings.TOKEN_HELP, "", ExitCode.HELP}, description = {"show one app"})
    static final class Show extends OneApp {
        @Override
        AdminCall<App> request() {
            return AdminCall.app(clientId);
        }

        @Override
        String human(App answer) {
            return describe(answer);
        }
    }

    @Command(name = "rotate-secret", footer = {"", Settings.TOKEN_HELP, "", ExitCode.HELP}, description = {
            "give a confidential app a new secret (printed once); the old one stays valid unless --revoke-old", "",
            """
            Give a confidential app a new secret (operator role), printed once. The old secret keeps
            working until the next rotation, so the app can be redeployed in between; --revoke-old
            stops it at once."""})
    static final class RotateSecret extends OneApp {
        @Option(names = "--revoke-old", order = 1, description = "the old secret stops working now")
        boolean revokeOld;

        @Override
        AdminCall<App> request() {
            return AdminCall.rotateSecret(clientId, revokeOld);
        }

        @Override
        String human(App answer) {
            return "rotated the secret of " + describe(answer) + secret(answer)
                    + (revokeOld ? "the old secret no longer works\n" : "the old secret works until the next rotation\n");
        }
    }

    @Command(name = "delete", footer = {"", Settings.TOKEN_HELP, "", ExitCode.HELP}, description = {
            "delete an app (a tombstone in both stores; its client_id is not reused)"})
    static final class Delete extends OneApp {
        @Override
        AdminCall<App> request() {
            return AdminCall.deleteApp(clientId);
        }

        @Override
        String human(App answer) {
            return "deleted app " + answer.clientId() + " (" + answer.clientName() + ")\n";
        }
    }

    /** A command about one app, named by its client_id. */
    abstract static class OneApp extends AdminCommand.OneCall<App> {
        @Parameters(index = "0", paramLabel = "CLIENT_ID", description = "the app's client_id")
        String clientId;
    }

    static String describe(App app) {
        return "app " + app.clientId() + " (" + app.clientName() + ", " + type(app) + ")\n"
                + "  redirect_uris: " + String.join(" ", app.redirectUris()) + "\n"
                + "  scope: " + (app.scope() == null || app.scope().isEmpty() ? "(none)" : app.scope()) + "\n";
    }

    private static String type(App app) {
        return app.isPublic() ? "public" : Boolean.TRUE.equals(app.secretRotating()) ? "confidential, rotating" : "confidential";
    }

    private static String secret(App app) {
        return app.clientSecret() == null ? "" : SECRET_ONCE.formatted(app.clientSecret());
    }
}
