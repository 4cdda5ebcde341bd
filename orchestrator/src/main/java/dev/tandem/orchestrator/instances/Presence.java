package dev.tandem.orchestrator.instances;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.UUID;

/**
 * One record of the instances topic: an instance claiming a node id, saying it is alive, or leaving.
 *
 * @param instance        the instance, new at every start
 * @param kind            what the record says
 * @param nodeId          the node id it claims or holds
 * @param claimOffset     the offset of its claim (-1 in the claim itself): of two live instances with
 *                        one node id, the earlier claim holds it
 * @param revision        the control revision it applies
 * @param drainedRevision no write admitted before this revision is still running on it (what the
 *                        switch barrier waits on)
 * @param address         where operators reach it ({@code host:port})
 */
public record Presence(UUID instance, Kind kind, int nodeId, long claimOffset, long revision, long drainedRevision,
                       String address) {

    public enum Kind { CLAIM, ALIVE, LEAVING }

    // Unknown fields are ignored: a newer instance may add some.
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a presence record as JSON", e);
        }
    }

    /** Reads a record of the topic; anything else fails with {@link IllegalArgumentException}. */
    public static Presence fromJson(String json) {
        try {
            Presence presence = JSON.readValue(json, Presence.class);
            if (presence == null || presence.instance() == null || presence.kind() == null) {
                throw new IllegalArgumentException("a presence record needs instance and kind");
            }
            return presence;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a presence record: " + e.getOriginalMessage(), e);
        }
    }
}
