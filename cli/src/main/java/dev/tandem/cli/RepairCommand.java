package dev.tandem.cli;

import dev.tandem.admin.client.AdminCall;
import dev.tandem.admin.view.RepairResults;
import dev.tandem.commandline.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/** {@code repair ID...}: the phase's primary state of each token id applied to the other store. */
@Command(name = "repair", footer = {"", Settings.TOKEN_HELP, "", ExitCode.HELP}, description = {
        "repair token ids now: the phase's primary state is applied to the other store", "",
        """
        Repair the given token ids now (operator role): the current phase's primary state is
        applied to the other store, version-conditional, never making a revoked token usable.
        Only in phases that mirror (DUAL_WRITE to WRITE_ENGINE); elsewhere the answer exits 1.
        Exits 1 too when a repair failed (a store down); the failed ids are named.
        Example:
          ./tandem repair $(./tandem divergence --severity critical -o json | jq -r '.items[].tokenId')"""})
final class RepairCommand extends AdminCommand.OneCall<RepairResults> {
    /** The admin API's bound on the ids of one repair. */
    static final int MAX_IDS = 100;

    @Parameters(arity = "0..*", paramLabel = "ID", description = "token ids: 64 lowercase hex characters each, 1 to " + MAX_IDS)
    List<String> given = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();

    /**
     * Token ids are hashes, 64 lowercase hex characters. Anything else is refused by its position, and
     * echoed only when it is hex: it may be a raw token pasted by mistake.
     */
    @Override
    void check() throws UsageException {
        if (given.isEmpty() || given.size() > MAX_IDS) {
            throw new UsageException("repair needs 1 to " + MAX_IDS + " token ids, found " + given.size());
        }
        ids.clear();
        for (int i = 0; i < given.size(); i++) {
            String id = given.get(i);
            if (!id.matches("[0-9a-f]{64}")) {
                String shown = id.matches("[0-9A-Fa-f]{1,80}") ? "'" + id + "'" : "of " + id.length() + " characters";
                throw new UsageException("invalid token id " + (i + 1) + " " + shown
                        + " (valid: 64 lowercase hex characters, the SHA-256 of the token, never the token itself)");
            }
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
    }

    @Override
    AdminCall<RepairResults> request() {
        return AdminCall.repair(ids);
    }

    @Override
    String human(RepairResults answer) {
        return HumanOutput.repair(answer);
    }

    @Override
    int exitCode(RepairResults answer) {
        return answer.anyFailed() ? ExitCode.REFUSED : ExitCode.DONE;
    }
}
